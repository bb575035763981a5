import { z } from "zod";
import { INVOICE_SEARCH_MAX, INVOICE_STATUS_FILTERS } from "./invoices";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined);

/**
 * The filters of a portal's invoices, from the query string; anything
 * malformed is simply ignored. `q` searches invoice numbers, `from`/`to`
 * the issue date (inclusive).
 */
export const invoiceFilterSchema = z.object({
  q: z.string().trim().max(INVOICE_SEARCH_MAX).optional().catch(undefined).transform((value) => value || undefined),
  status: z.enum(INVOICE_STATUS_FILTERS).catch("all"),
  from: isoDate,
  to: isoDate,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type InvoiceFilter = z.infer<typeof invoiceFilterSchema>;
