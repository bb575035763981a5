// The PDF of a new invoice or quote goes with its e-mail (F-27) when the
// tenant marked it for the e-mail channel (F-20), named by the tenant's
// file-name template. Read at each attempt from the storage, never copied
// into the outbox.
import { intlFor, isLanguage } from "../../i18n";
import { attachmentFileName } from "../../shared/attachment-file-name";
import type { Tx } from "../db";
import { chooseFileStorage } from "../documents/choose-storage";
import type { ClaimedEmail } from "./delivery";
import type { EmailAttachment } from "./transport";

type PdfRow = { storageKey: string; number: string; subject: string | null; date: string | null; company: string; template: string };

export async function documentPdfAttachments(tx: Tx, email: Pick<ClaimedEmail, "template" | "language" | "payload">): Promise<EmailAttachment[]> {
  const itemId = typeof email.payload?.item_id === "string" ? email.payload.item_id : null;
  if (!itemId || (email.template !== "new-invoice" && email.template !== "new-quote")) return [];
  const invoice = email.template === "new-invoice";
  const [row] = invoice
    ? await tx<PdfRow[]>`
        select d.storage_key as "storageKey", x.number, x.subject, to_char(x.issued_on, 'YYYY-MM-DD') as date,
          c.name as company, t.attachment_file_name as template
        from public.documents d join public.invoices x on x.id = d.invoice_id
        join public.customers c on c.id = x.customer_id join public.tenants t on t.id = x.tenant_id
        where d.invoice_id = ${itemId} and d.is_document_pdf and d.channel_email and d.deleted_at is null and d.storage_key is not null
        order by d.created_at desc limit 1`
    : await tx<PdfRow[]>`
        select d.storage_key as "storageKey", x.number, x.subject, to_char(x.issued_on, 'YYYY-MM-DD') as date,
          c.name as company, t.attachment_file_name as template
        from public.documents d join public.quotes x on x.id = d.quote_id
        join public.customers c on c.id = x.customer_id join public.tenants t on t.id = x.tenant_id
        where d.quote_id = ${itemId} and d.is_document_pdf and d.channel_email and d.deleted_at is null and d.storage_key is not null
        order by d.created_at desc limit 1`;
  if (!row) return [];
  const stored = await chooseFileStorage().get(row.storageKey);
  if (!stored) return [];
  const language = isLanguage(email.language) ? email.language : "nl";
  const type = intlFor(language).formatMessage({ id: invoice ? "email.attachment.type.invoice" : "email.attachment.type.quote" });
  const filename = attachmentFileName(row.template, {
    type, number: row.number, date: row.date ?? new Date().toISOString().slice(0, 10), company: row.company, subject: row.subject,
  }, language);
  return [{ filename, contentType: "application/pdf", contentBase64: Buffer.from(stored.body).toString("base64") }];
}
