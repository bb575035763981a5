import { Badge, BlockStack, Button, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { useIntl } from "react-intl";
import { useT } from "~/i18n/use-t";
import { formatMoney } from "~/shared/invoices";
import type { OpenAmounts } from "./invoice-parts";

/** As portalBillingTiles answers them (app/.server/billing/dashboard.ts). */
export type BillingTilesData = {
  invoices: { dueCount: number; overdueCount: number; open: OpenAmounts[] } | null;
  quotes: { openCount: number } | null;
  orders: { count: number } | null;
  documents: Record<string, never> | null;
};

function Tile(props: { title: string; waiting?: number; waitingLabel?: string; url: string; linkLabel: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h3" variant="headingMd">{props.title}</Text>
          {props.waiting ? <Badge tone="critical">{props.waitingLabel ?? String(props.waiting)}</Badge> : null}
        </InlineStack>
        <BlockStack gap="100">{props.children}</BlockStack>
        <InlineStack>
          <Button url={props.url}>{props.linkLabel}</Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

/**
 * The front page's tiles for invoices, quotes, orders and documents (F-15),
 * each only where the portal shows it to this member, with a red badge for
 * what waits: invoices to pay, quotes to accept.
 */
export function BillingTiles({ portalId, tiles }: { portalId: string; tiles: BillingTilesData }) {
  const t = useT();
  const intl = useIntl();
  if (!tiles.invoices && !tiles.quotes && !tiles.orders && !tiles.documents) return null;
  const base = `/portals/${portalId}`;
  const { invoices, quotes, orders, documents } = tiles;
  const toPay = invoices ? invoices.dueCount + invoices.overdueCount : 0;
  return (
    <InlineGrid columns={{ xs: 1, sm: 2 }} gap="400">
      {invoices ? (
        <Tile
          title={t("tiles.invoices.title")}
          waiting={toPay}
          waitingLabel={t("tiles.invoices.badge", { count: toPay })}
          url={`${base}/invoices`}
          linkLabel={t("tiles.invoices.link")}
        >
          {toPay === 0 ? <Text as="p" tone="subdued">{t("tiles.invoices.nothingOpen")}</Text> : null}
          {invoices.open.map((total) => (
            <BlockStack gap="050" key={total.currency}>
              {total.overdueCount > 0 ? (
                <Text as="p" tone="critical" fontWeight="semibold">
                  {t("invoices.open.overdue", { count: total.overdueCount, amount: formatMoney(intl, total.overdue, total.currency) })}
                </Text>
              ) : null}
              {total.dueCount > 0 ? (
                <Text as="p">{t("invoices.open.due", { count: total.dueCount, amount: formatMoney(intl, total.due, total.currency) })}</Text>
              ) : null}
            </BlockStack>
          ))}
        </Tile>
      ) : null}
      {quotes ? (
        <Tile
          title={t("tiles.quotes.title")}
          waiting={quotes.openCount}
          waitingLabel={t("tiles.quotes.badge", { count: quotes.openCount })}
          url={`${base}/quotes`}
          linkLabel={t("tiles.quotes.link")}
        >
          <Text as="p" tone={quotes.openCount > 0 ? undefined : "subdued"}>
            {quotes.openCount > 0 ? t("tiles.quotes.open", { count: quotes.openCount }) : t("tiles.quotes.nothingOpen")}
          </Text>
        </Tile>
      ) : null}
      {orders ? (
        <Tile title={t("tiles.orders.title")} url={`${base}/orders`} linkLabel={t("tiles.orders.link")}>
          <Text as="p" tone="subdued">{t("tiles.orders.count", { count: orders.count })}</Text>
        </Tile>
      ) : null}
      {documents ? (
        <Tile title={t("tiles.documents.title")} url={`${base}/documents`} linkLabel={t("tiles.documents.link")}>
          <Text as="p" tone="subdued">{t("tiles.documents.intro")}</Text>
        </Tile>
      ) : null}
    </InlineGrid>
  );
}
