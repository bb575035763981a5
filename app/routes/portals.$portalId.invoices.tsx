import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { BlockStack, Box, Button, Card, IndexTable, InlineStack, Page, Pagination, Tabs, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useIntl } from "react-intl";
import { AccountActions } from "~/components/account-actions";
import { DocumentPdfActions, InvoiceStatusBadge, OpenInvoiceTotals } from "~/components/billing/invoice-parts";
import { PortalBrand } from "~/components/portal-brand";
import { PreviewBanner } from "~/components/preview-banner";
import { useNarrowScreen } from "~/components/use-narrow-screen";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { billingViewerOf } from "~/.server/billing/access";
import { listPortalInvoices } from "~/.server/billing/invoices";
import { uuidParam } from "~/.server/http/params";
import { withPortalPage } from "~/.server/portals/project-scope";
import { invoiceFilterSchema } from "~/shared/invoice-filter";
import { formatDay, formatMoney, INVOICE_STATUS_FILTERS } from "~/shared/invoices";

/** The portal's invoices (F-19): what is open, filters, and each invoice's PDF. Not shown: a plain 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const filter = invoiceFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const viewer = await billingViewerOf(request, uuidParam(params.portalId));
  const data = await withPortalPage(request, params, async (tx, portal) => {
    const listing = await listPortalInvoices(tx, portal.id, filter, viewer);
    return listing ? { listing } : null;
  });
  return json({ ...data, filter });
}

export default function InvoicesPage() {
  const { portal, listing, filter, preview, branding } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [q, setQ] = useState(filter.q ?? "");
  const [from, setFrom] = useState(filter.from ?? "");
  const [to, setTo] = useState(filter.to ?? "");
  // On a phone each invoice is one stacked row instead of a wide table.
  const condensed = useNarrowScreen();

  const goTo = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    navigate(`?${next}`);
  };
  const tabs = INVOICE_STATUS_FILTERS.map((status) => ({
    id: `invoices-${status}`,
    content: t(`invoices.tab.${status}` as MessageId),
    badge: String(listing.filteredCounts[status]),
  }));
  const customerWide = listing.scope === "customer";

  return (
    <Page
      title={t("invoices.title")}
      subtitle={portal.name}
      backAction={{ content: t("invoices.back"), url: `/portals/${portal.id}` }}
      secondaryActions={<AccountActions />}
      fullWidth
    >
      <BlockStack gap="400">
        {preview ? <PreviewBanner memberName={preview.memberName} /> : null}
        {branding ? <PortalBrand {...branding} /> : null}
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <Text as="p" tone="subdued">
            {customerWide ? t("invoices.scope.customer", { customer: portal.customerName }) : t("invoices.scope.projects")}
          </Text>
        </Box>
        <OpenInvoiceTotals open={listing.open} />
        <Card padding="0">
          <Tabs
            tabs={tabs}
            selected={Math.max(0, INVOICE_STATUS_FILTERS.indexOf(filter.status))}
            onSelect={(index) => goTo({ status: index === 0 ? null : (INVOICE_STATUS_FILTERS[index] ?? null), page: null })}
          />
          <div style={{ padding: "var(--p-space-400)" }}>
            <Form method="get">
              {filter.status !== "all" ? <input type="hidden" name="status" value={filter.status} /> : null}
              <InlineStack gap="300" blockAlign="end" wrap>
                <div style={{ minWidth: 180 }}>
                  <TextField
                    label={t("invoices.search")} name="q" value={q} onChange={setQ} autoComplete="off"
                    placeholder={t("invoices.searchPlaceholder")} clearButton onClearButtonClick={() => setQ("")}
                  />
                </div>
                <div style={{ minWidth: 150 }}>
                  <TextField label={t("invoices.from")} type="date" name="from" value={from} onChange={setFrom} autoComplete="off" />
                </div>
                <div style={{ minWidth: 150 }}>
                  <TextField label={t("invoices.to")} type="date" name="to" value={to} onChange={setTo} autoComplete="off" />
                </div>
                <Button submit>{t("invoices.filter")}</Button>
              </InlineStack>
            </Form>
          </div>
          <IndexTable
            resourceName={{ singular: t("invoices.invoice"), plural: t("invoices.title") }}
            itemCount={listing.rows.length}
            selectable={false}
            condensed={condensed}
            emptyState={<div style={{ padding: "var(--p-space-400)" }}><Text as="p">{t("invoices.empty")}</Text></div>}
            headings={[
              { title: t("invoices.number") },
              { title: t("invoices.subject") },
              { title: t("invoices.issuedOn") },
              { title: t("invoices.dueOn") },
              { title: t("invoices.status") },
              { title: t("invoices.amount"), alignment: "end" },
              { title: t("invoices.actions"), hidden: true },
            ]}
          >
            {listing.rows.map((invoice, index) => {
              const amount = formatMoney(intl, invoice.totalInclVat, invoice.currency);
              // When it is (or was) to be paid: paid on, or due on while open; nothing for a credited one.
              const open = invoice.status === "due" || invoice.status === "overdue";
              const paid = invoice.status === "paid" && invoice.paidOn ? t("invoices.paidOnShort", { date: formatDay(intl, invoice.paidOn) }) : "";
              const settled = open && invoice.dueOn ? t("invoices.dueOnShort", { date: formatDay(intl, invoice.dueOn) }) : paid;
              const actions = <DocumentPdfActions portalId={portal.id} documentId={invoice.pdfDocumentId} label={invoice.number} />;
              if (condensed) {
                return (
                  <IndexTable.Row id={invoice.id} key={invoice.id} position={index}>
                    <div style={{ padding: "var(--p-space-300) var(--p-space-400)" }}>
                      <BlockStack gap="100">
                        <InlineStack align="space-between" blockAlign="center" gap="200">
                          <Text as="span" fontWeight="semibold">{invoice.number}</Text>
                          <Text as="span" fontWeight="semibold" numeric>{amount}</Text>
                        </InlineStack>
                        {invoice.subject ? <Text as="span">{invoice.subject}</Text> : null}
                        <Text as="span" tone="subdued">
                          {t("invoices.issuedOnShort", { date: formatDay(intl, invoice.issuedOn) })}
                          {settled ? ` · ${settled}` : ""}
                        </Text>
                        {invoice.orderNumber ? <Text as="span" tone="subdued">{t("invoices.order", { number: invoice.orderNumber })}</Text> : null}
                        <InlineStack align="space-between" blockAlign="center" gap="200">
                          <InvoiceStatusBadge status={invoice.status} />
                          {actions}
                        </InlineStack>
                      </BlockStack>
                    </div>
                  </IndexTable.Row>
                );
              }
              return (
                <IndexTable.Row id={invoice.id} key={invoice.id} position={index}>
                  <IndexTable.Cell>
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">{invoice.number}</Text>
                      {invoice.orderNumber ? <Text as="span" tone="subdued">{t("invoices.order", { number: invoice.orderNumber })}</Text> : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{invoice.subject ?? ""}</IndexTable.Cell>
                  <IndexTable.Cell>{formatDay(intl, invoice.issuedOn)}</IndexTable.Cell>
                  <IndexTable.Cell>{open ? formatDay(intl, invoice.dueOn) : paid}</IndexTable.Cell>
                  <IndexTable.Cell><InvoiceStatusBadge status={invoice.status} /></IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack gap="050" inlineAlign="end">
                      <Text as="span" alignment="end" numeric>{amount}</Text>
                      <Text as="span" alignment="end" tone="subdued" numeric>
                        {t("invoices.exclVat", { amount: formatMoney(intl, invoice.totalExclVat, invoice.currency) })}
                      </Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{actions}</IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
          <div style={{ padding: "var(--p-space-400)" }}>
            <InlineStack align="space-between" blockAlign="center" gap="300" wrap>
              <Text as="p" fontWeight="semibold">{t("invoices.total", { count: listing.total })}</Text>
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" tone="subdued">{t("invoices.page", { page: listing.page, pages: listing.pages })}</Text>
                <Pagination
                  hasPrevious={listing.page > 1}
                  onPrevious={() => goTo({ page: String(listing.page - 1) })}
                  hasNext={listing.page < listing.pages}
                  onNext={() => goTo({ page: String(listing.page + 1) })}
                />
              </InlineStack>
            </InlineStack>
          </div>
        </Card>
      </BlockStack>
    </Page>
  );
}
