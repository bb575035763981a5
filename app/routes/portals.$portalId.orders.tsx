import { json, type LoaderFunctionArgs, type SerializeFrom } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Box, Card, Divider, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { useIntl } from "react-intl";
import { AccountActions } from "~/components/account-actions";
import { DocumentPdfActions, InvoiceStatusBadge, OrderStatusBadge, QuoteStatusBadge } from "~/components/billing/invoice-parts";
import { EmptyNote } from "~/components/empty-note";
import { PortalBrand } from "~/components/portal-brand";
import { PreviewBanner } from "~/components/preview-banner";
import { useNarrowScreen } from "~/components/use-narrow-screen";
import { useT } from "~/i18n/use-t";
import { billingViewerOf } from "~/.server/billing/access";
import { listPortalOrders } from "~/.server/billing/orders";
import { uuidParam } from "~/.server/http/params";
import { withPortalPage } from "~/.server/portals/project-scope";
import { formatDay, formatMoney } from "~/shared/invoices";

/** The portal's orders, each as quote → order → invoice(s), with the hours booked on it (F-19). Not shown: a plain 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await billingViewerOf(request, uuidParam(params.portalId));
  return json(await withPortalPage(request, params, (tx, portal) => listPortalOrders(tx, portal.id, viewer)));
}

type Order = SerializeFrom<typeof loader>["orders"][number];

/** One step of an order's timeline: what it is, its number and date, its status, and its PDF. */
function TimelineStep(props: { label: string; number: string; date: string; badge: ReactNode; amount: string | null; actions: ReactNode; last?: boolean }) {
  return (
    <div
      style={{
        borderInlineStart: "2px solid var(--p-color-border)",
        paddingInlineStart: "var(--p-space-400)",
        paddingBlockEnd: props.last ? 0 : "var(--p-space-300)",
        position: "relative",
      }}
    >
      <span
        aria-hidden
        style={{
          position: "absolute", insetInlineStart: -6, top: 4, width: 10, height: 10, borderRadius: "50%",
          background: "var(--p-color-bg-fill-emphasis)",
        }}
      />
      <BlockStack gap="100">
        <InlineStack gap="200" blockAlign="center" wrap>
          <Text as="span" tone="subdued">{props.label}</Text>
          <Text as="span" fontWeight="semibold">{props.number}</Text>
          {props.badge}
        </InlineStack>
        <InlineStack gap="300" blockAlign="center" align="space-between" wrap>
          <Text as="span" tone="subdued">{[props.date, props.amount].filter(Boolean).join(" · ")}</Text>
          {props.actions}
        </InlineStack>
      </BlockStack>
    </div>
  );
}

function OrderHoursTable({ order, withDescription }: { order: Order; withDescription: boolean }) {
  const t = useT();
  const intl = useIntl();
  const condensed = useNarrowScreen();
  const hours = order.hours;
  if (!hours) return null;
  const number = (value: string) => intl.formatNumber(Number(value), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="center" wrap>
        <Text as="h3" variant="headingSm">{t("orders.hours.title")}</Text>
        <Text as="span" tone="subdued">{t("orders.hours.total", { count: hours.count, hours: number(hours.total) })}</Text>
      </InlineStack>
      {hours.count === 0 ? (
        <Text as="p" tone="subdued">{t("orders.hours.none")}</Text>
      ) : (
        <Box borderColor="border" borderWidth="025" borderRadius="200" overflowX="hidden">
          <IndexTable
            resourceName={{ singular: t("orders.hours.line"), plural: t("orders.hours.title") }}
            itemCount={hours.lines.length}
            selectable={false}
            condensed={condensed}
            headings={[
              { title: t("orders.hours.date") },
              { title: t("orders.hours.employee") },
              { title: t("orders.hours.hours"), alignment: "end" },
              ...(withDescription ? [{ title: t("orders.hours.description") }] : []),
            ] as never}
          >
            {hours.lines.map((line, index) => {
              const date = formatDay(intl, line.workDate);
              if (condensed) {
                return (
                  <IndexTable.Row id={line.id} key={line.id} position={index}>
                    <div style={{ padding: "var(--p-space-200) var(--p-space-300)" }}>
                      <BlockStack gap="050">
                        <InlineStack align="space-between" gap="200">
                          <Text as="span" fontWeight="semibold">{date}</Text>
                          <Text as="span" fontWeight="semibold" numeric>{number(line.hours)}</Text>
                        </InlineStack>
                        <Text as="span" tone="subdued">{line.employeeName ?? ""}</Text>
                        {withDescription && line.description ? <Text as="p">{line.description}</Text> : null}
                      </BlockStack>
                    </div>
                  </IndexTable.Row>
                );
              }
              return (
                <IndexTable.Row id={line.id} key={line.id} position={index}>
                  <IndexTable.Cell>{date}</IndexTable.Cell>
                  <IndexTable.Cell>{line.employeeName ?? ""}</IndexTable.Cell>
                  <IndexTable.Cell><Text as="span" alignment="end" numeric>{number(line.hours)}</Text></IndexTable.Cell>
                  {withDescription ? <IndexTable.Cell>{line.description ?? ""}</IndexTable.Cell> : null}
                </IndexTable.Row>
              );
            })}
          </IndexTable>
        </Box>
      )}
      {hours.lines.length < hours.count ? (
        <Text as="p" tone="subdued">{t("orders.hours.more", { shown: hours.lines.length, count: hours.count })}</Text>
      ) : null}
    </BlockStack>
  );
}

export default function OrdersPage() {
  const { portal, orders, orderHoursVisibility, preview, branding } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const withDescription = orderHoursVisibility === "full";
  return (
    <Page
      title={t("orders.title")}
      subtitle={portal.name}
      backAction={{ content: t("invoices.back"), url: `/portals/${portal.id}` }}
      secondaryActions={<AccountActions />}
    >
      <BlockStack gap="400">
        {preview ? <PreviewBanner memberName={preview.memberName} /> : null}
        {branding ? <PortalBrand {...branding} /> : null}
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <Text as="p" tone="subdued">{t("orders.intro")}</Text>
        </Box>
        {orders.length === 0 ? (
          <Card padding="0"><EmptyNote>{t("orders.empty")}</EmptyNote></Card>
        ) : (
          orders.map((order) => (
            <Card key={order.id}>
              <BlockStack gap="400">
                <BlockStack gap="100">
                  <InlineStack align="space-between" blockAlign="center" gap="200" wrap>
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="h2" variant="headingMd">{t("orders.order", { number: order.number })}</Text>
                      <OrderStatusBadge status={order.status} />
                    </InlineStack>
                    {order.totalExclVat !== null ? (
                      <Text as="span" fontWeight="semibold" numeric>
                        {t("invoices.exclVat", { amount: formatMoney(intl, order.totalExclVat, order.currency) })}
                      </Text>
                    ) : null}
                  </InlineStack>
                  {order.subject ? <Text as="p">{order.subject}</Text> : null}
                </BlockStack>
                <BlockStack gap="0">
                  {order.quote ? (
                    <TimelineStep
                      label={t("orders.step.quote")}
                      number={order.quote.number}
                      date={formatDay(intl, order.quote.issuedOn)}
                      badge={<QuoteStatusBadge status={order.quote.status} />}
                      amount={t("invoices.exclVat", { amount: formatMoney(intl, order.quote.totalExclVat, order.quote.currency) })}
                      actions={<DocumentPdfActions portalId={portal.id} documentId={order.quote.pdfDocumentId} label={order.quote.number} />}
                    />
                  ) : null}
                  <TimelineStep
                    label={t("orders.step.order")}
                    number={order.number}
                    date={formatDay(intl, order.orderedOn)}
                    badge={<OrderStatusBadge status={order.status} />}
                    amount={null}
                    actions={<DocumentPdfActions portalId={portal.id} documentId={order.pdfDocumentId} label={order.number} />}
                    last={order.invoices.length === 0}
                  />
                  {order.invoices.map((invoice, index) => (
                    <TimelineStep
                      key={invoice.id}
                      label={t("orders.step.invoice")}
                      number={invoice.number}
                      date={formatDay(intl, invoice.issuedOn)}
                      badge={<InvoiceStatusBadge status={invoice.status} />}
                      amount={formatMoney(intl, invoice.totalInclVat, invoice.currency)}
                      actions={<DocumentPdfActions portalId={portal.id} documentId={invoice.pdfDocumentId} label={invoice.number} />}
                      last={index === order.invoices.length - 1}
                    />
                  ))}
                </BlockStack>
                {order.hours ? (
                  <>
                    <Divider />
                    <OrderHoursTable order={order} withDescription={withDescription} />
                  </>
                ) : null}
              </BlockStack>
            </Card>
          ))
        )}
      </BlockStack>
    </Page>
  );
}
