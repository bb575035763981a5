import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Box, InlineStack, Link, Modal, Spinner, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useIntl } from "react-intl";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import type { HistoryEntry } from "~/shared/decisions";
import { DECISION_TONES } from "./status-tones";

type Props = { portalId: string; registrationId: string; title: string; onClose(): void };

/** Every decision one registration went through, newest first, with evidence where the viewer may open it (F-33). */
export function HistoryModal(props: Props) {
  const t = useT();
  const intl = useIntl();
  const fetcher = useFetcher<{ history: HistoryEntry[] }>();
  const url = `/portals/${props.portalId}/registrations/${props.registrationId}/history`;
  const { load } = fetcher;
  useEffect(() => {
    load(url);
  }, [load, url]);
  const history = fetcher.data?.history;

  return (
    <Modal open onClose={props.onClose} title={`${t("history.title")} · ${props.title}`} secondaryActions={[{ content: t("decide.cancel"), onAction: props.onClose }]}>
      <Modal.Section>
        {!history ? (
          <InlineStack gap="200" blockAlign="center">
            <Spinner size="small" accessibilityLabel={t("history.loading")} />
            <Text as="span">{t("history.loading")}</Text>
          </InlineStack>
        ) : history.length === 0 ? (
          <Text as="p">{t("history.empty")}</Text>
        ) : (
          <BlockStack gap="400" as="ol">
            {history.map((entry) => (
              <Box as="li" key={entry.decisionId} paddingBlockEnd="300" borderBlockEndWidth="025" borderColor="border">
                <BlockStack gap="100">
                  <InlineStack gap="200" blockAlign="center" wrap>
                    <Badge tone={DECISION_TONES[entry.decision]}>{t(`decision.label.${entry.decision}` as MessageId)}</Badge>
                    <Text as="span" tone="subdued">
                      {t("history.by", {
                        name: entry.decidedBy,
                        when: intl.formatDate(entry.decidedAt, { dateStyle: "medium", timeStyle: "short" }),
                      })}
                    </Text>
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    {t(`status.${entry.statusBefore}` as MessageId)} → {t(`status.${entry.statusAfter}` as MessageId)}
                  </Text>
                  {entry.comment ? <Text as="p">“{entry.comment}”</Text> : null}
                  {entry.reference ? <Text as="p">{t("history.reference", { reference: entry.reference })}</Text> : null}
                  {entry.hasEvidence ? (
                    <Link url={`/portals/${props.portalId}/decisions/${entry.decisionId}/evidence`} target="_blank">
                      {t("history.evidence")}
                    </Link>
                  ) : null}
                </BlockStack>
              </Box>
            ))}
          </BlockStack>
        )}
      </Modal.Section>
    </Modal>
  );
}
