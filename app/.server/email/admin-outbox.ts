import { z } from "zod";
import { recordAudit } from "../audit/record";
import type { RequestInfo } from "../auth/request-info";
import { asServiceWithin, withClaims, type AdminClaims, type Tx } from "../db";

/**
 * The tenant's outgoing e-mail as its admin sees it (F-28): where each message
 * stands, what the provider answered, and "send again" for the ones that
 * failed. Everything runs with the admin's claims, so RLS decides: another
 * tenant's e-mail is simply not there, and only the delivery state is readable
 * (never the bodies, the template's input or the idempotency key).
 */

export const EMAIL_PAGE_SIZE = 50;

export const EMAIL_STATUSES = ["queued", "sending", "sent", "failed", "cancelled"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

/** The templates the outbox holds (email_outbox.template), in the order the filter offers them. */
export const EMAIL_TEMPLATE_NAMES = [
  "sign-in-code", "invitation", "approval-request", "approval-reminder", "registration-decision",
  "new-quote", "new-invoice", "job-completed", "document-shared",
] as const;

/**
 * Sign-in codes are not sent again: by the time their delivery has failed for
 * good the code has long expired, and a new one is a click away for the member.
 */
export const NOT_RESENT_TEMPLATES: readonly string[] = ["sign-in-code"];

/** The list's query string; anything malformed is simply ignored. */
export const emailListQuerySchema = z.object({
  status: z.enum([...EMAIL_STATUSES, "all"]).catch("all"),
  q: z.string().trim().max(200).catch(""),
  template: z.string().regex(/^[a-z0-9-]{1,60}$/).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type EmailListQuery = z.infer<typeof emailListQuerySchema>;

export type TenantEmailRow = {
  id: string;
  createdAt: Date;
  template: string;
  language: string;
  to: string;
  /** Null until the worker has rendered the message (just before its first attempt). */
  subject: string | null;
  status: EmailStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  sentAt: Date | null;
  lastError: string | null;
  /** The provider's HTTP status of the last attempt. */
  providerStatus: number | null;
  providerMessageId: string | null;
  portalName: string | null;
};

export type EmailStatusCounts = Record<EmailStatus | "all", number>;

export type TenantEmailPage = {
  rows: TenantEmailRow[];
  /** How many match the filter, for paging. */
  total: number;
  page: number;
  pages: number;
  /** The tenant's e-mail per status, whatever the filter: the tabs' badges. */
  counts: EmailStatusCounts;
};

/** LIKE treats %, _ and \ as wildcards or escapes; a search means them literally. */
function containsPattern(text: string): string | null {
  return text ? `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
}

/** One page of the tenant's e-mail, newest first, with the counts per status; inside the caller's (admin) transaction. */
export async function loadTenantEmails(tx: Tx, query: Partial<EmailListQuery>): Promise<TenantEmailPage> {
  const pattern = containsPattern(query.q?.trim() ?? "");
  const status = query.status && query.status !== "all" ? query.status : null;
  const where = tx`
    where (${status}::text is null or e.status = ${status})
      and (${query.template ?? null}::text is null or e.template = ${query.template ?? null})
      and (${pattern}::text is null or e.to_address ilike ${pattern} or e.subject ilike ${pattern})`;
  const [counted] = await tx<{ total: number }[]>`select count(*)::int as total from public.email_outbox e ${where}`;
  const total = counted?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / EMAIL_PAGE_SIZE));
  // Past the last page (a bookmark, a filter that shrank the list) shows the last page.
  const page = Math.min(query.page ?? 1, pages);
  const rows = await tx<TenantEmailRow[]>`
    select e.id, e.created_at as "createdAt", e.template, e.language, e.to_address as "to", e.subject, e.status,
      e.attempts, e.next_attempt_at as "nextAttemptAt", e.last_attempt_at as "lastAttemptAt", e.sent_at as "sentAt",
      e.last_error as "lastError", e.provider_status as "providerStatus", e.provider_message_id as "providerMessageId",
      p.name as "portalName"
    from public.email_outbox e
    left join public.portals p on p.id = e.portal_id
    ${where}
    order by e.created_at desc, e.id desc
    limit ${EMAIL_PAGE_SIZE} offset ${(page - 1) * EMAIL_PAGE_SIZE}`;
  const byStatus = await tx<{ status: EmailStatus; count: number }[]>`
    select status, count(*)::int as count from public.email_outbox group by status`;
  const counts: EmailStatusCounts = { all: 0, queued: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const row of byStatus) {
    if (row.status in counts) counts[row.status] = row.count;
    counts.all += row.count;
  }
  return { rows: [...rows], total, page, pages, counts };
}

/** The admin's tenant's e-mail: one page of the filter, and the counts per status. */
export function listTenantEmails(claims: AdminClaims, query: Partial<EmailListQuery>): Promise<TenantEmailPage> {
  return withClaims(claims, (tx) => loadTenantEmails(tx, query));
}

/**
 * Queues failed e-mail again, from scratch: attempts back to 0, due now (the
 * table's trigger schedules the delivery). RLS lets an admin do exactly this
 * to their own tenant's failed e-mail and nothing else, so ids of another
 * tenant, or of e-mail that is not (or no longer) failed, are skipped. One
 * audit entry names what was queued, in the same transaction. The caller
 * wakes the worker.
 */
export async function sendAgain(claims: AdminClaims, ids: string[], info: RequestInfo): Promise<{ requeued: number; ids: string[] }> {
  if (ids.length === 0) return { requeued: 0, ids: [] };
  return withClaims(claims, async (tx) => {
    const requeued = await tx<{ id: string }[]>`
      update public.email_outbox set status = 'queued', attempts = 0, next_attempt_at = now()
      where id = any(${ids}::uuid[]) and status = 'failed' and template <> all(${[...NOT_RESENT_TEMPLATES]}::text[])
      returning id`;
    const queuedIds = requeued.map((row) => row.id);
    if (queuedIds.length > 0) {
      await asServiceWithin(tx, "audit: an admin's email.resent", (system) =>
        recordAudit(system, {
          tenantId: claims.tenantId, actorKind: "admin", adminId: claims.adminId, ip: info.ip, userAgent: info.userAgent,
          action: "email.resent", subjectType: "email", ...(queuedIds.length === 1 ? { subjectId: queuedIds[0] } : {}),
          details: { count: queuedIds.length, ids: queuedIds },
        }),
      );
    }
    return { requeued: queuedIds.length, ids: queuedIds };
  });
}
