import type { Tx } from "../db";
import { isPreviewRequest, requirePortalViewer } from "../portals/viewer";

/**
 * Whose eyes a portal page looks through: the signed-in member (their own
 * membership, found by their login), or — in an admin's preview (F-8) — the
 * member the admin chose.
 */
export type BillingViewer = { previewMemberId: string | null };

/** The contact's own view, unless this request is an admin's preview of the portal. */
export async function billingViewerOf(request: Request, portalId: string): Promise<BillingViewer> {
  // Cheap for members (no database): only a preview reads the viewer again.
  if (!(await isPreviewRequest(request, portalId))) return { previewMemberId: null };
  const { preview } = await requirePortalViewer(request, portalId);
  return { previewMemberId: preview?.memberId ?? null };
}

/**
 * What this portal shows this member of invoices, quotes, orders and
 * documents. The policies already decide which rows exist for the caller;
 * this is the portal's own share: a member of two portals of one customer
 * sees in each what that portal shows (F-4, F-5, F-36), and an admin's
 * preview sees what the member would.
 */
export type BillingAccess = {
  portalId: string;
  tenantId: string;
  customerId: string;
  memberId: string;
  /** F-36: invoices and quotes of the portal's projects only. */
  onlyProjectInvoices: boolean;
  invoices: boolean;
  quotes: boolean;
  orders: boolean;
  documents: boolean;
  orderHoursVisibility: "hidden" | "without_description" | "full";
};

/** Null when the portal is not the viewer's (or the previewed member is not its member). */
export async function billingAccess(tx: Tx, portalId: string, viewer: BillingViewer = { previewMemberId: null }): Promise<BillingAccess | null> {
  const member = viewer.previewMemberId ? tx`m.id = ${viewer.previewMemberId}` : tx`m.login_id = (select auth.uid())`;
  const [access] = await tx<BillingAccess[]>`
    select p.id as "portalId", p.tenant_id as "tenantId", p.customer_id as "customerId", m.id as "memberId",
      p.only_project_invoices as "onlyProjectInvoices",
      (p.show_invoices and m.can_view_invoices) as invoices,
      (p.show_quotes and m.can_view_quotes) as quotes,
      p.show_orders as orders,
      (p.show_documents and m.can_view_documents) as documents,
      p.order_hours_visibility as "orderHoursVisibility"
    from public.portals p
    join public.portal_members m on m.portal_id = p.id and m.removed_at is null
    where p.id = ${portalId} and ${member}
    limit 1`;
  return access ?? null;
}

/**
 * The invoices (alias `i`) or quotes (alias `q`) a portal shows, as a
 * condition: sent ones of the portal's customer, and of its projects when
 * the portal says so. It repeats the policy for the portal at hand; the
 * policy itself still applies on top for members.
 */
export function documentScope(tx: Tx, access: BillingAccess, alias: "i" | "q") {
  const table = tx(alias);
  return tx`${table}.customer_id = ${access.customerId}
    and ${table}.deleted_at is null and ${table}.status <> 'draft'
    ${access.onlyProjectInvoices
      ? tx`and ${table}.project_id in (select pp.project_id from public.portal_projects pp where pp.portal_id = ${access.portalId})`
      : tx``}`;
}

/** The derived status of an invoice `i`: due, overdue, paid or credited. */
export function invoiceStatusSql(tx: Tx) {
  return tx`case when i.status = 'open' and i.due_on < current_date then 'overdue'
    when i.status = 'open' then 'due' else i.status end`;
}

/** The derived status of a quote `q`: an open quote past its valid-until date counts as expired. */
export function quoteStatusSql(tx: Tx) {
  return tx`case when q.status = 'open' and q.valid_until < current_date then 'expired' else q.status end`;
}

/**
 * The PDF of an invoice, quote or order, when the caller may have it: the
 * documents policy lets a member see it with its parent; the conditions
 * repeat that policy's for an admin's preview.
 */
export function pdfDocumentSql(tx: Tx, column: "invoice_id" | "quote_id" | "order_id", parentId: "i.id" | "q.id" | "o.id") {
  return tx`(select d.id from public.documents d
    where ${tx("d." + column)} = ${tx(parentId)} and d.is_document_pdf and d.deleted_at is null
      and d.channel_portal and d.storage_key is not null
    order by d.created_at desc, d.id limit 1)`;
}
