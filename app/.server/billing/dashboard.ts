import type { Tx } from "../db";
import { billingAccess, documentScope, type BillingViewer } from "./access";
import { invoiceSummary, type OpenTotal } from "./invoices";

/**
 * The front page's tiles for invoices, quotes, orders and documents (F-15):
 * each only where the portal shows it and the member may see it, with what
 * waits for the member (invoices to pay, quotes to accept).
 */
export type BillingTiles = {
  invoices: { dueCount: number; overdueCount: number; open: OpenTotal[] } | null;
  /** Open quotes that can still be accepted. */
  quotes: { openCount: number } | null;
  orders: { count: number } | null;
  documents: Record<string, never> | null;
};

const NONE: BillingTiles = { invoices: null, quotes: null, orders: null, documents: null };

export async function portalBillingTiles(tx: Tx, portalId: string, viewer?: BillingViewer): Promise<BillingTiles> {
  const access = await billingAccess(tx, portalId, viewer);
  if (!access) return NONE;
  let invoices: BillingTiles["invoices"] = null;
  if (access.invoices) {
    const summary = await invoiceSummary(tx, access);
    invoices = { dueCount: summary.counts.due, overdueCount: summary.counts.overdue, open: summary.open };
  }
  let quotes: BillingTiles["quotes"] = null;
  if (access.quotes) {
    const [row] = await tx<{ count: number }[]>`
      select count(*)::int as count from public.quotes q
      where ${documentScope(tx, access, "q")} and q.status = 'open' and (q.valid_until is null or q.valid_until >= current_date)`;
    quotes = { openCount: row?.count ?? 0 };
  }
  let orders: BillingTiles["orders"] = null;
  if (access.orders) {
    const [row] = await tx<{ count: number }[]>`
      select count(*)::int as count from public.orders o where o.customer_id = ${access.customerId} and o.deleted_at is null`;
    orders = { count: row?.count ?? 0 };
  }
  return { invoices, quotes, orders, documents: access.documents ? {} : null };
}
