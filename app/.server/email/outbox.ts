import type { Tx } from "../db";
import type { Language } from "../../i18n";

export type OutgoingEmail = {
  tenantId: string | null;
  idempotencyKey: string;
  template: string;
  language: Language;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Erase the body once delivered (it holds a secret such as a sign-in code). */
  sensitive?: boolean;
};

/**
 * Queues an e-mail in the caller's transaction: it exists exactly when the
 * change that caused it commits (F-28). A repeated key is ignored.
 */
export async function enqueueEmail(tx: Tx, email: OutgoingEmail): Promise<void> {
  await tx`
    insert into public.email_outbox
      (tenant_id, idempotency_key, template, language, to_address, subject, html, text_body, sensitive)
    values (${email.tenantId}, ${email.idempotencyKey}, ${email.template}, ${email.language}, ${email.to},
      ${email.subject}, ${email.html}, ${email.text}, ${email.sensitive ?? false})
    on conflict (idempotency_key) do nothing`;
}
