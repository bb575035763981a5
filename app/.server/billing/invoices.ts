import type { Tx } from "../db";
import { INVOICES_PAGE_SIZE, INVOICE_STATUSES, type InvoiceStatus, type InvoiceStatusFilter } from "../../shared/invoices";
import { invoiceFilterSchema, type InvoiceFilter } from "../../shared/invoice-filter";
import { billingAccess, documentScope, invoiceStatusSql, pdfDocumentSql, type BillingAccess, type BillingViewer } from "./access";

export { invoiceFilterSchema, type InvoiceFilter };

export type PortalInvoice = {
  id: string;
  number: string;
  subject: string | null;
  status: InvoiceStatus;
  issuedOn: string | null; // yyyy-MM-dd
  dueOn: string | null;
  paidOn: string | null;
  currency: string;
  totalExclVat: string; // numeric as text, "1234.50"
  totalInclVat: string;
  /** The invoice's PDF, when there is one the viewer may have. */
  pdfDocumentId: string | null;
  /** The order it invoices, where the portal shows orders. */
  orderNumber: string | null;
};

/** What is still to be paid, in one currency: due and overdue apart (incl. VAT). */
export type OpenTotal = { currency: string; due: string; overdue: string; dueCount: number; overdueCount: number };

export type InvoiceCounts = Record<InvoiceStatusFilter, number>;

export type InvoiceSummary = {
  /** Invoices of each status in the portal's scope. */
  counts: InvoiceCounts;
  open: OpenTotal[];
};

export type InvoiceListing = InvoiceSummary & {
  /** Whether the portal shows all of the customer's invoices (F-5) or its projects' only (F-36). */
  scope: "customer" | "projects";
  rows: PortalInvoice[];
  /** Rows matching the whole filter, over all pages. */
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  /** Per status, what the search and period match (for the status tabs). */
  filteredCounts: InvoiceCounts;
};

type SearchFilter = { q?: string; from?: string; to?: string };

/** LIKE's wildcards and its escape character, taken literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function statusCondition(tx: Tx, status: InvoiceStatusFilter) {
  switch (status) {
    case "due":
      return tx`and i.status = 'open' and (i.due_on is null or i.due_on >= current_date)`;
    case "overdue":
      return tx`and i.status = 'open' and i.due_on < current_date`;
    case "paid":
    case "credited":
      return tx`and i.status = ${status}`;
    default:
      return tx``;
  }
}

/** Search and period, as fragments: absent filters leave the statement as it was. */
function searchConditions(tx: Tx, filter: SearchFilter) {
  return tx`${filter.q ? tx`and i.number ilike ${likePattern(filter.q)}` : tx``}
    ${filter.from ? tx`and i.issued_on >= ${filter.from}::date` : tx``}
    ${filter.to ? tx`and i.issued_on <= ${filter.to}::date` : tx``}`;
}

async function countByStatus(tx: Tx, access: BillingAccess, filter: SearchFilter): Promise<InvoiceCounts> {
  const rows = await tx<{ status: InvoiceStatus; count: number }[]>`
    select ${invoiceStatusSql(tx)} as status, count(*)::int as count
    from public.invoices i
    where ${documentScope(tx, access, "i")} ${searchConditions(tx, filter)}
    group by 1`;
  const counts = Object.fromEntries(["all", ...INVOICE_STATUSES].map((status) => [status, 0])) as InvoiceCounts;
  for (const row of rows) {
    counts[row.status] = row.count;
    counts.all += row.count;
  }
  return counts;
}

async function openTotals(tx: Tx, access: BillingAccess): Promise<OpenTotal[]> {
  return tx<OpenTotal[]>`
    select i.currency,
      coalesce(sum(i.total_incl_vat) filter (where i.due_on is null or i.due_on >= current_date), 0)::text as due,
      coalesce(sum(i.total_incl_vat) filter (where i.due_on < current_date), 0)::text as overdue,
      (count(*) filter (where i.due_on is null or i.due_on >= current_date))::int as "dueCount",
      (count(*) filter (where i.due_on < current_date))::int as "overdueCount"
    from public.invoices i
    where ${documentScope(tx, access, "i")} and i.status = 'open'
    group by i.currency
    order by i.currency`;
}

/** Counts per status and what is still open, over everything the portal shows the viewer (the front page's tile). */
export async function invoiceSummary(tx: Tx, access: BillingAccess): Promise<InvoiceSummary> {
  return { counts: await countByStatus(tx, access, {}), open: await openTotals(tx, access) };
}

/**
 * One page of a portal's invoices (F-19), newest first, with the caller's
 * claims: the policies decide which invoices exist (drafts never do for a
 * member), the portal decides which of them it shows — its customer's, only
 * its projects' with only_project_invoices (F-36) — and only to a member
 * who may view invoices. Null when the portal does not show them.
 */
export async function listPortalInvoices(
  tx: Tx,
  portalId: string,
  input: Partial<InvoiceFilter> | Record<string, unknown> = {},
  viewer?: BillingViewer,
): Promise<InvoiceListing | null> {
  const filter = invoiceFilterSchema.parse(input);
  const access = await billingAccess(tx, portalId, viewer);
  if (!access?.invoices) return null;
  const scope = documentScope(tx, access, "i");
  const where = tx`${scope} ${searchConditions(tx, filter)} ${statusCondition(tx, filter.status)}`;
  const [{ total } = { total: 0 }] = await tx<{ total: number }[]>`
    select count(*)::int as total from public.invoices i where ${where}`;
  const pages = Math.max(1, Math.ceil(total / INVOICES_PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  const rows = await tx<PortalInvoice[]>`
    select i.id, i.number, i.subject, ${invoiceStatusSql(tx)} as status,
      to_char(i.issued_on, 'YYYY-MM-DD') as "issuedOn", to_char(i.due_on, 'YYYY-MM-DD') as "dueOn",
      to_char(i.paid_on, 'YYYY-MM-DD') as "paidOn", i.currency,
      i.total_excl_vat::text as "totalExclVat", i.total_incl_vat::text as "totalInclVat",
      ${pdfDocumentSql(tx, "invoice_id", "i.id")} as "pdfDocumentId",
      ${access.orders
        ? tx`(select o.number from public.orders o where o.id = i.order_id and o.deleted_at is null and o.customer_id = ${access.customerId})`
        : tx`null::text`} as "orderNumber"
    from public.invoices i
    where ${where}
    order by i.issued_on desc nulls last, i.number desc, i.id
    limit ${INVOICES_PAGE_SIZE} offset ${(page - 1) * INVOICES_PAGE_SIZE}`;
  const summary = await invoiceSummary(tx, access);
  const filteredCounts = filter.q || filter.from || filter.to ? await countByStatus(tx, access, filter) : summary.counts;
  return {
    ...summary,
    scope: access.onlyProjectInvoices ? "projects" : "customer",
    rows, total, page, pages, pageSize: INVOICES_PAGE_SIZE, filteredCounts,
  };
}
