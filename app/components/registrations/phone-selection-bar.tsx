import { BlockStack, Box, Button, ButtonGroup, InlineStack, Text } from "@shopify/polaris";
import { useT } from "~/i18n/use-t";
import type { Decision } from "~/shared/decisions";

type Props = {
  selectedCount: number;
  allSelected: boolean;
  /** Registrations waiting for approval that match the filter, across all pages. */
  waitingCount: number;
  onSelectAll(): void;
  onClear(): void;
  onDecide(decision: Decision): void;
};

/**
 * Bulk actions on a phone: Polaris' condensed table has no bulk actions, so
 * the selection gets a bar fixed to the bottom of the screen, in thumb's reach.
 */
export function PhoneSelectionBar(props: Props) {
  const t = useT();
  if (props.selectedCount === 0 && !props.allSelected) return null;
  const count = props.allSelected ? props.waitingCount : props.selectedCount;
  return (
    <div style={{ position: "fixed", insetInline: 0, bottom: 0, zIndex: 400 }} role="region" aria-label={t("decide.actions")}>
      <Box background="bg-surface" padding="300" borderBlockStartWidth="025" borderColor="border" shadow="400">
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" gap="200">
            <Text as="p" fontWeight="semibold">{t("decide.selected", { count })}</Text>
            <InlineStack gap="200">
              {!props.allSelected && props.waitingCount > props.selectedCount ? (
                <Button variant="plain" onClick={props.onSelectAll}>{t("decide.selectAllWaiting", { count: props.waitingCount })}</Button>
              ) : null}
              <Button variant="plain" onClick={props.onClear}>{t("decide.clearSelection")}</Button>
            </InlineStack>
          </InlineStack>
          <ButtonGroup fullWidth>
            <Button variant="primary" onClick={() => props.onDecide("approved")}>{t("decide.approve")}</Button>
            <Button tone="critical" onClick={() => props.onDecide("rejected")}>{t("decide.reject")}</Button>
            <Button onClick={() => props.onDecide("changes_requested")}>{t("decide.requestChanges")}</Button>
          </ButtonGroup>
        </BlockStack>
      </Box>
    </div>
  );
}
