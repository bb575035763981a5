import type { IntlShape } from "react-intl";

/*
 * Shared by server and browser (no zod here): the invoices a portal shows
 * (F-19) and the orders they come from.
 */

/**
 * The statuses a member sees. "overdue" is derived: an open invoice past its
 * due date; "due" is open and not (yet) overdue. Drafts are never shown.
 */
export const INVOICE_STATUSES = ["due", "overdue", "paid", "credited"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** The invoices page's status filter: one of the statuses, or all of them. */
export const INVOICE_STATUS_FILTERS = ["all", ...INVOICE_STATUSES] as const;
export type InvoiceStatusFilter = (typeof INVOICE_STATUS_FILTERS)[number];

export const INVOICES_PAGE_SIZE = 25;
export const INVOICE_SEARCH_MAX = 100;

export const ORDER_STATUSES = ["open", "in_progress", "delivered", "invoiced", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An amount as the locale writes money; an unknown currency code is written after the number. */
export function formatMoney(intl: IntlShape, amount: string | number, currency: string): string {
  const value = Number(amount);
  return /^[A-Z]{3}$/.test(currency)
    ? intl.formatNumber(value, { style: "currency", currency })
    : `${intl.formatNumber(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

/** A yyyy-MM-dd date as the locale writes it ("3 mrt 2026", "3 Mar 2026"); null stays empty. */
export function formatDay(intl: IntlShape, day: string | null): string {
  if (!day) return "";
  return intl.formatDate(`${day}T00:00:00Z`, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}
