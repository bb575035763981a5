import type { Tx } from "../db";

export type DeliverableEmail = {
  id: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  idempotencyKey: string;
};

export type DeliveryResult =
  | { ok: true; providerMessageId: string | null }
  | { ok: false; retry: boolean; error: string; retryAfterSeconds?: number };

export type EmailTransport = {
  name: string;
  deliver: (email: DeliverableEmail, tx: Tx) => Promise<DeliveryResult>;
};

/** Demo mode: "delivers" into the dev mailbox table. Nothing leaves the machine. */
export const demoMailboxTransport: EmailTransport = {
  name: "demo-mailbox",
  async deliver(email, tx) {
    await tx`
      insert into public.dev_mailbox (outbox_id, to_address, subject, html, text_body)
      values (${email.id}, ${email.to}, ${email.subject}, ${email.html}, ${email.text})`;
    return { ok: true, providerMessageId: null };
  },
};
