import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineStack, Page, ResourceItem, ResourceList, Text } from "@shopify/polaris";
import { EmptyNote } from "~/components/empty-note";
import { LanguageSwitch } from "~/components/language-switch";
import { AccountActions } from "~/components/account-actions";
import { useT } from "~/i18n/use-t";
import { requireContact } from "~/.server/auth/guards";
import { withClaims } from "~/.server/db";
import { listLoginPortals } from "~/.server/portals/contact-portals";

export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireContact(request);
  const portals = await withClaims(claims, listLoginPortals);
  const url = new URL(request.url);
  // One portal: no choice to make (F-11). ?choose shows the list anyway.
  if (portals.length === 1 && !url.searchParams.has("choose")) throw redirect(`/portals/${portals[0]!.id}`);
  return json({ portals });
}

export default function PortalsPage() {
  const { portals } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <Page title={t("portals.title")} secondaryActions={<AccountActions />}>
      <BlockStack gap="400">
        <Card padding="0">
          {portals.length === 0 ? (
            <EmptyNote>{t("portals.empty")}</EmptyNote>
          ) : (
            <ResourceList
              items={portals}
              renderItem={(portal) => (
                <ResourceItem id={portal.id} url={`/portals/${portal.id}`} accessibilityLabel={`${t("portals.open")} ${portal.name}`}>
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingMd">{portal.name}</Text>
                    <InlineStack gap="200">
                      <Text as="span" tone="subdued">{t("portals.tenant")}: {portal.tenantName}</Text>
                      <Text as="span" tone="subdued">{t("portals.customer")}: {portal.customerName}</Text>
                    </InlineStack>
                  </BlockStack>
                </ResourceItem>
              )}
            />
          )}
        </Card>
        <LanguageSwitch />
      </BlockStack>
    </Page>
  );
}
