import { asService } from "../db";

export type MailboxMessage = { id: number; to: string; subject: string; text: string; html: string; createdAt: string };

/** Demo mode's mailbox, newest first. */
export async function listDevMailbox(to?: string | null, limit = 50): Promise<MailboxMessage[]> {
  const address = to?.trim().toLowerCase() || null;
  return asService("read the demo mailbox", (tx) => tx<MailboxMessage[]>`
    select id::int as id, to_address as "to", subject, text_body as text, html,
      to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"
    from public.dev_mailbox
    where ${address}::text is null or to_address = ${address}
    order by created_at desc, id desc
    limit ${limit}`);
}
