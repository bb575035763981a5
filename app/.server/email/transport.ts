import type { Tx } from "../db";

export type EmailAttachment = { filename: string; contentType: string; contentBase64: string };

export type DeliverableEmail = {
  id: string;
  tenantId: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Unique per message; sent along (SendGrid: custom args) so a delivery can be found again. */
  idempotencyKey: string;
  /** The tenant's sender name (F-2); the address itself is Portaal's. */
  fromName: string | null;
  replyTo: string | null;
  attachments: EmailAttachment[];
};

export type DeliveryResult =
  | { ok: true; providerMessageId: string | null; providerStatus?: number }
  | {
      ok: false;
      /** false: the provider refused the message itself (bad address, too large); trying again cannot help */
      retry: boolean;
      error: string;
      /** when the provider said when to come back (rate limit reset) */
      retryAfterSeconds?: number;
      providerStatus?: number;
    };

/** What the provider knows of an earlier attempt whose outcome was never recorded. */
export type EarlierDelivery = { delivered: true; providerMessageId: string | null } | { delivered: false } | "unknown";

export type EmailTransport = {
  name: string;
  /**
   * true: the transport writes to the database, and deliver() gets the
   * transaction that records the outcome (delivery and record commit
   * together). Otherwise deliver() runs outside any transaction (tx null), so
   * that no connection waits on the provider's answer.
   */
  deliversInTransaction?: boolean;
  deliver: (email: DeliverableEmail, tx: Tx | null) => Promise<DeliveryResult>;
  /**
   * Asked before sending again a message a crashed worker left "sending":
   * was it accepted already? Transports that deliver in the recording
   * transaction need not answer (their delivery rolled back with the crash).
   */
  findEarlierDelivery?: (email: DeliverableEmail) => Promise<EarlierDelivery>;
};

/** Demo mode: "delivers" into the dev mailbox table. Nothing leaves the machine. */
export const demoMailboxTransport: EmailTransport = {
  name: "demo-mailbox",
  deliversInTransaction: true,
  async deliver(email, tx) {
    if (!tx) throw new Error("the demo mailbox delivers in the transaction that records the outcome");
    await tx`
      insert into public.dev_mailbox (outbox_id, to_address, subject, html, text_body)
      values (${email.id}, ${email.to}, ${email.subject}, ${email.html}, ${email.text})`;
    return { ok: true, providerMessageId: null };
  },
};
