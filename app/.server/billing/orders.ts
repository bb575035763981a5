import type { Tx } from "../db";
import type { InvoiceStatus, OrderStatus } from "../../shared/invoices";
import type { QuoteStatus } from "../../shared/quotes";
import {
  billingAccess, documentScope, invoiceStatusSql, pdfDocumentSql, quoteStatusSql, type BillingAccess, type BillingViewer,
} from "./access";

/** At most this many hour lines per order on the page; the totals count them all. */
export const ORDER_HOURS_LIMIT = 200;
export const ORDERS_LIMIT = 100;

export type OrderQuote = {
  id: string;
  number: string;
  subject: string | null;
  status: QuoteStatus;
  issuedOn: string | null;
  validUntil: string | null;
  currency: string;
  totalExclVat: string;
  pdfDocumentId: string | null;
};

export type OrderInvoice = {
  id: string;
  number: string;
  status: InvoiceStatus;
  issuedOn: string | null;
  dueOn: string | null;
  paidOn: string | null;
  currency: string;
  totalInclVat: string;
  pdfDocumentId: string | null;
};

export type OrderHourLine = {
  id: string;
  workDate: string; // yyyy-MM-dd
  employeeName: string | null;
  hours: string;
  /** Only with order_hours_visibility 'full', and only where the portal_registrations view gives one. */
  description: string | null;
};

export type OrderHours = { count: number; total: string; lines: OrderHourLine[] };

export type PortalOrder = {
  id: string;
  number: string;
  subject: string | null;
  status: OrderStatus;
  orderedOn: string | null;
  currency: string;
  totalExclVat: string | null;
  pdfDocumentId: string | null;
  /** The quote it came from, where the portal shows quotes to this member. */
  quote: OrderQuote | null;
  /** The invoices of the order, where the portal shows invoices to this member. */
  invoices: OrderInvoice[];
  /** Null when the portal hides hours under orders. */
  hours: OrderHours | null;
};

export type OrderListing = {
  orderHoursVisibility: BillingAccess["orderHoursVisibility"];
  orders: PortalOrder[];
};

/**
 * A portal's orders (F-19 order tracking), newest first, each with its
 * timeline quote → order → invoice(s) and the hours booked on it, with the
 * caller's claims. Null when the portal does not show orders.
 *
 * What comes along follows the portal: the quote and the invoices only where
 * it shows them to this member (the same scope as its quotes and invoices
 * pages), and the hours as its order_hours_visibility says — read through the
 * portal_registrations view, so that hours come only where the portal shows
 * hours at all and descriptions only where the policies and the portal's
 * hours visibility let them ("full" under an order does not reveal what the
 * portal's hours setting withholds).
 */
export async function listPortalOrders(tx: Tx, portalId: string, viewer?: BillingViewer): Promise<OrderListing | null> {
  const access = await billingAccess(tx, portalId, viewer);
  if (!access?.orders) return null;
  const orders = await tx<Omit<PortalOrder, "quote" | "invoices" | "hours">[]>`
    select o.id, o.number, o.subject, o.status, to_char(o.ordered_on, 'YYYY-MM-DD') as "orderedOn", o.currency,
      o.total_excl_vat::text as "totalExclVat", ${pdfDocumentSql(tx, "order_id", "o.id")} as "pdfDocumentId"
    from public.orders o
    where o.customer_id = ${access.customerId} and o.deleted_at is null
    order by o.ordered_on desc nulls last, o.number desc, o.id
    limit ${ORDERS_LIMIT}`;
  if (orders.length === 0) return { orderHoursVisibility: access.orderHoursVisibility, orders: [] };
  const orderIds = orders.map((order) => order.id);

  const quotes = access.quotes
    ? await tx<(OrderQuote & { orderId: string })[]>`
        select o.id as "orderId", q.id, q.number, q.subject, ${quoteStatusSql(tx)} as status,
          to_char(q.issued_on, 'YYYY-MM-DD') as "issuedOn", to_char(q.valid_until, 'YYYY-MM-DD') as "validUntil",
          q.currency, q.total_excl_vat::text as "totalExclVat", ${pdfDocumentSql(tx, "quote_id", "q.id")} as "pdfDocumentId"
        from public.orders o
        join public.quotes q on q.id = o.quote_id
        where o.id = any(${orderIds}::uuid[]) and ${documentScope(tx, access, "q")}`
    : [];

  const invoices = access.invoices
    ? await tx<(OrderInvoice & { orderId: string })[]>`
        select i.order_id as "orderId", i.id, i.number, ${invoiceStatusSql(tx)} as status,
          to_char(i.issued_on, 'YYYY-MM-DD') as "issuedOn", to_char(i.due_on, 'YYYY-MM-DD') as "dueOn",
          to_char(i.paid_on, 'YYYY-MM-DD') as "paidOn", i.currency, i.total_incl_vat::text as "totalInclVat",
          ${pdfDocumentSql(tx, "invoice_id", "i.id")} as "pdfDocumentId"
        from public.invoices i
        where i.order_id = any(${orderIds}::uuid[]) and ${documentScope(tx, access, "i")}
        order by i.issued_on nulls last, i.number`
    : [];

  const hours = access.orderHoursVisibility === "hidden" ? null : await orderHours(tx, access, orderIds);

  const quoteOf = new Map(quotes.map(({ orderId, ...quote }) => [orderId, quote]));
  const invoicesOf = new Map<string, OrderInvoice[]>();
  for (const { orderId, ...invoice } of invoices) invoicesOf.set(orderId, [...(invoicesOf.get(orderId) ?? []), invoice]);
  return {
    orderHoursVisibility: access.orderHoursVisibility,
    orders: orders.map((order) => ({
      ...order,
      quote: quoteOf.get(order.id) ?? null,
      invoices: invoicesOf.get(order.id) ?? [],
      hours: hours ? (hours.get(order.id) ?? { count: 0, total: "0", lines: [] }) : null,
    })),
  };
}

/**
 * Hours booked on the orders, as the portal shows hours: the
 * portal_registrations view decides which registrations and descriptions
 * this portal shows; "without description" under orders drops even those.
 */
async function orderHours(tx: Tx, access: BillingAccess, orderIds: string[]): Promise<Map<string, OrderHours>> {
  const description = access.orderHoursVisibility === "full" ? tx`pr.description` : tx`null::text`;
  const onOrders = tx`pr.portal_id = ${access.portalId} and pr.kind = 'hours'
    and r.order_id = any(${orderIds}::uuid[])`;
  const totals = await tx<{ orderId: string; count: number; total: string }[]>`
    select r.order_id as "orderId", count(*)::int as count, coalesce(sum(pr.hours), 0)::text as total
    from public.portal_registrations pr
    join public.registrations r on r.id = pr.id
    where ${onOrders}
    group by r.order_id`;
  const lines = await tx<(OrderHourLine & { orderId: string })[]>`
    select "orderId", id, "workDate", "employeeName", hours, description from (
      select r.order_id as "orderId", pr.id, to_char(pr.work_date, 'YYYY-MM-DD') as "workDate", e.name as "employeeName",
        pr.hours::text as hours, ${description} as description,
        row_number() over (partition by r.order_id order by pr.work_date desc, pr.id) as position
      from public.portal_registrations pr
      join public.registrations r on r.id = pr.id
      left join public.employees e on e.id = pr.employee_id
      where ${onOrders}
    ) lines
    where position <= ${ORDER_HOURS_LIMIT}
    order by "orderId", "workDate" desc, id`;
  const result = new Map<string, OrderHours>();
  for (const { orderId, count, total } of totals) result.set(orderId, { count, total, lines: [] });
  for (const { orderId, ...line } of lines) result.get(orderId)?.lines.push(line);
  return result;
}
