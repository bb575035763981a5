import { Badge, BlockStack, Button, Card, InlineStack, Text, type BadgeProps } from "@shopify/polaris";
import { useIntl } from "react-intl";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { formatMoney, type InvoiceStatus, type OrderStatus } from "~/shared/invoices";
import type { QuoteStatus } from "~/shared/quotes";

/** One colour per invoice status, everywhere it is shown. */
export const INVOICE_TONES: Record<InvoiceStatus, BadgeProps["tone"]> = {
  overdue: "critical",
  due: "attention",
  paid: "success",
  credited: "info",
};

const QUOTE_TONES: Record<QuoteStatus, BadgeProps["tone"]> = {
  open: "attention",
  accepted: "success",
  declined: "critical",
  expired: undefined,
};

const ORDER_TONES: Record<OrderStatus, BadgeProps["tone"]> = {
  open: "attention",
  in_progress: "info",
  delivered: "success",
  invoiced: "success",
  cancelled: undefined,
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const t = useT();
  return <Badge tone={INVOICE_TONES[status]}>{t(`invoices.status.${status}` as MessageId)}</Badge>;
}

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const t = useT();
  return <Badge tone={QUOTE_TONES[status]}>{t(`orders.quoteStatus.${status}` as MessageId)}</Badge>;
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const t = useT();
  return <Badge tone={ORDER_TONES[status]}>{t(`orders.status.${status}` as MessageId)}</Badge>;
}

/**
 * "Download PDF" and "Preview" for the PDF of an invoice, quote or order:
 * links to the portal's files route, which checks again who may have it.
 */
export function DocumentPdfActions({ portalId, documentId, label }: { portalId: string; documentId: string | null; label: string }) {
  const t = useT();
  if (!documentId) return <Text as="span" tone="subdued">{t("invoices.noPdf")}</Text>;
  const url = `/portals/${portalId}/files/${documentId}`;
  return (
    <InlineStack gap="200" blockAlign="center" wrap={false}>
      <Button size="slim" url={`${url}?download=1`} download accessibilityLabel={t("invoices.downloadPdfOf", { number: label })}>
        {t("invoices.downloadPdf")}
      </Button>
      <Button size="slim" variant="plain" url={url} target="_blank" accessibilityLabel={t("invoices.previewOf", { number: label })}>
        {t("invoices.preview")}
      </Button>
    </InlineStack>
  );
}

export type OpenAmounts = { currency: string; due: string; overdue: string; dueCount: number; overdueCount: number };

/** What is still to be paid, per currency: overdue first, in red. */
export function OpenInvoiceTotals({ open }: { open: OpenAmounts[] }) {
  const t = useT();
  const intl = useIntl();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">{t("invoices.open.title")}</Text>
        {open.length === 0 ? (
          <Text as="p" tone="subdued">{t("invoices.open.none")}</Text>
        ) : (
          open.map((total) => (
            <InlineStack key={total.currency} gap="400" wrap>
              {total.overdueCount > 0 ? (
                <Text as="p" tone="critical" fontWeight="semibold">
                  {t("invoices.open.overdue", { count: total.overdueCount, amount: formatMoney(intl, total.overdue, total.currency) })}
                </Text>
              ) : null}
              {total.dueCount > 0 ? (
                <Text as="p">{t("invoices.open.due", { count: total.dueCount, amount: formatMoney(intl, total.due, total.currency) })}</Text>
              ) : null}
            </InlineStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}
