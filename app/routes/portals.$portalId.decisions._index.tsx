import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, InlineStack, Page, ResourceItem, ResourceList, Text } from "@shopify/polaris";
import { useIntl } from "react-intl";
import { AccountActions } from "~/components/account-actions";
import { EmptyNote } from "~/components/empty-note";
import { PortalBrand } from "~/components/portal-brand";
import { PreviewBanner } from "~/components/preview-banner";
import { DECISION_TONES } from "~/components/registrations/status-tones";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { listDecisions } from "~/.server/approvals/history";
import { withPortalPage } from "~/.server/portals/project-scope";

/** The member's decisions in this portal, each with its evidence (F-32). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return json(await withPortalPage(request, params, async (tx, portal) => ({ decisions: await listDecisions(tx, portal.id) })));
}

export default function DecisionsPage() {
  const { portal, decisions, preview, branding } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  return (
    <Page
      title={t("decisions.title")}
      subtitle={portal.name}
      backAction={{ content: t("hours.back"), url: `/portals/${portal.id}` }}
      secondaryActions={<AccountActions />}
    >
      <BlockStack gap="400">
        {preview ? <PreviewBanner memberName={preview.memberName} /> : null}
        {branding ? <PortalBrand {...branding} /> : null}
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <Text as="p" tone="subdued">{t("decisions.intro")}</Text>
        </Box>
        <Card padding="0">
          {decisions.length === 0 ? (
            <EmptyNote>{t("decisions.empty")}</EmptyNote>
          ) : (
            <ResourceList
              items={decisions}
              renderItem={(decision) => (
                <ResourceItem id={decision.id} onClick={() => {}} accessibilityLabel={t(`decision.label.${decision.decision}` as MessageId)}>
                  <BlockStack gap="200">
                    <InlineStack align="space-between" blockAlign="center" gap="200" wrap>
                      <InlineStack gap="200" blockAlign="center" wrap>
                        <Badge tone={DECISION_TONES[decision.decision]}>{t(`decision.label.${decision.decision}` as MessageId)}</Badge>
                        <Text as="span" fontWeight="semibold">{t("decisions.count", { count: decision.registrationCount })}</Text>
                      </InlineStack>
                      <Text as="span" tone="subdued">{intl.formatDate(decision.decidedAt, { dateStyle: "medium", timeStyle: "short" })}</Text>
                    </InlineStack>
                    {decision.signerName ? <Text as="p">{t("decisions.signedBy", { name: decision.signerName })}</Text> : null}
                    {decision.comment ? <Text as="p">“{decision.comment}”</Text> : null}
                    {decision.reference ? <Text as="p">{t("history.reference", { reference: decision.reference })}</Text> : null}
                    <Text as="p" tone="subdued" breakWord>
                      {t("decisions.fingerprint")}: <code style={{ fontSize: 12 }}>{decision.fingerprint}</code>
                    </Text>
                    <InlineStack>
                      <Button url={`/portals/${portal.id}/decisions/${decision.id}/evidence`} target="_blank">{t("decide.evidence")}</Button>
                    </InlineStack>
                  </BlockStack>
                </ResourceItem>
              )}
            />
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}
