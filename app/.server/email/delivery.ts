// Delivery of the outbox (F-28), independent of how the database is reached:
// the Node worker passes the db module's service transactions, the edge
// function its own connection. At least once, never silently lost: a message
// is claimed with a lease, sent, and its outcome recorded; a worker that dies
// in between leaves it "sending" until the lease ends, and the next attempt
// first asks the provider whether it was accepted already.
import type { Tx } from "../db";
import { composeEmail } from "./compose";
import type { DeliverableEmail, DeliveryResult, EmailAttachment, EmailTransport } from "./transport";

/** Runs fn in one transaction with the system's rights. */
export type RunAsSystem = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

export const MAX_ATTEMPTS = 8;
/** How long a claimed message is left alone before it counts as abandoned. */
export const LEASE_SECONDS = 120;
// Sends under way at once: the provider's answer time, not our CPU, limits a
// single sender (50 ms per answer is 20/s); rendering stays well below a core.
const PARALLEL_SENDS = 8;

export type ClaimedEmail = {
  id: string;
  tenantId: string | null;
  template: string;
  language: string;
  to: string;
  subject: string | null;
  html: string | null;
  text: string | null;
  payload: Record<string, unknown> | null;
  idempotencyKey: string;
  attempts: number;
  /** The previous attempt's outcome was never recorded (its worker died). */
  uncertain: boolean;
};

/** Capped exponential backoff: 30 s, 1 min, 2 min … at most 1 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

export type ClaimOptions = { limit: number; ids?: string[] };

/** Claims what is due (or the given messages, if due), with a lease. */
export async function claimDueEmails(run: RunAsSystem, options: ClaimOptions): Promise<ClaimedEmail[]> {
  const ids = options.ids ?? null;
  return run((tx) => tx<ClaimedEmail[]>`
    with due as (
      select id, status = 'sending' as uncertain from public.email_outbox
      where ((status = 'queued' and next_attempt_at <= now()) or (status = 'sending' and locked_until < now()))
        and (${ids}::uuid[] is null or id = any(${ids}::uuid[]))
      order by next_attempt_at
      limit ${options.limit}
      for update skip locked
    )
    update public.email_outbox e
    set status = 'sending', attempts = e.attempts + 1, last_attempt_at = now(),
        locked_until = now() + make_interval(secs => ${LEASE_SECONDS})
    from due where e.id = due.id
    returning e.id, e.tenant_id as "tenantId", e.template, e.language, e.to_address as "to", e.subject, e.html,
      e.text_body as "text", e.payload, e.idempotency_key as "idempotencyKey", e.attempts, due.uncertain`);
}

export type DeliveryContext = {
  run: RunAsSystem;
  transport: EmailTransport;
  /** Where the portal is reached, for the links in notifications. */
  baseUrl: string;
  /** Files that go with a message (read at each attempt); none where not given (the edge function). */
  attachmentsFor?: (tx: Tx, email: ClaimedEmail) => Promise<EmailAttachment[]>;
};

export type Outcome = "sent" | "retry" | "failed" | "cancelled" | "paused";

/**
 * One attempt for one claimed message. Throws only when its outcome cannot be
 * recorded (the database is gone, or the transport crashed mid-way): the
 * message then stays "sending" until its lease ends.
 */
export async function deliverClaimedEmail(context: DeliveryContext, claimed: ClaimedEmail): Promise<Outcome> {
  const { run, transport } = context;
  const email = await prepare(context, claimed);
  if ("cancelled" in email) {
    await run((tx) => tx`
      update public.email_outbox set status = 'cancelled', locked_until = null, last_error = ${email.cancelled}
      where id = ${claimed.id}`);
    return "cancelled";
  }

  if (claimed.uncertain && transport.findEarlierDelivery) {
    const earlier = await transport.findEarlierDelivery(email);
    if (earlier !== "unknown" && earlier.delivered) {
      await run((tx) => recordSent(tx, claimed.id, { ok: true, providerMessageId: earlier.providerMessageId }));
      return "sent";
    }
  }

  const record = async (tx: Tx, result: DeliveryResult): Promise<Outcome> => {
    if (!result.ok) return recordFailure(tx, claimed, result);
    await recordSent(tx, claimed.id, result);
    return "sent";
  };
  if (transport.deliversInTransaction) return run(async (tx) => record(tx, await transport.deliver(email, tx)));
  const result = await transport.deliver(email, null);
  return run((tx) => record(tx, result));
}

/** The message as it goes out: rendered (once) if it was queued as a template's input, with the tenant's sender. */
async function prepare(context: DeliveryContext, claimed: ClaimedEmail): Promise<DeliverableEmail | { cancelled: string }> {
  return context.run(async (tx) => {
    let { subject, html, text } = claimed;
    if (html === null || subject === null) {
      if (!claimed.payload) return { cancelled: "nothing to send: the message body was erased" };
      const composed = await composeEmail(tx, { template: claimed.template, language: claimed.language, payload: claimed.payload }, context.baseUrl);
      if ("cancelled" in composed) return composed;
      ({ subject, html, text } = composed);
      await tx`update public.email_outbox set subject = ${subject}, html = ${html}, text_body = ${text} where id = ${claimed.id}`;
    }
    const [sender] = claimed.tenantId
      ? await tx<{ fromName: string; replyTo: string | null }[]>`
          select coalesce(sender_name, name) as "fromName", reply_to as "replyTo" from public.tenants where id = ${claimed.tenantId}`
      : [];
    return {
      id: claimed.id,
      tenantId: claimed.tenantId,
      to: claimed.to,
      subject: subject!,
      html: html!,
      text: text ?? "",
      idempotencyKey: claimed.idempotencyKey,
      fromName: sender?.fromName ?? null,
      replyTo: sender?.replyTo ?? null,
      attachments: context.attachmentsFor ? await context.attachmentsFor(tx, claimed) : [],
    };
  });
}

async function recordSent(tx: Tx, id: string, result: Extract<DeliveryResult, { ok: true }>): Promise<void> {
  await tx`
    update public.email_outbox
    set status = 'sent', sent_at = now(), locked_until = null, last_error = null,
        provider_message_id = ${result.providerMessageId}, provider_status = ${result.providerStatus ?? null},
        html = case when sensitive then null else html end,
        text_body = case when sensitive then null else text_body end
    where id = ${id}`;
}

async function recordFailure(tx: Tx, claimed: ClaimedEmail, result: Extract<DeliveryResult, { ok: false }>): Promise<Outcome> {
  const giveUp = !result.retry || claimed.attempts >= MAX_ATTEMPTS;
  const delay = result.retryAfterSeconds ?? backoffSeconds(claimed.attempts);
  await tx`
    update public.email_outbox
    set status = ${giveUp ? "failed" : "queued"}, locked_until = null, last_error = ${result.error.slice(0, 2000)},
        provider_status = ${result.providerStatus ?? null},
        next_attempt_at = now() + make_interval(secs => ${delay})
    where id = ${claimed.id}`;
  if (giveUp) return "failed";
  return result.retryAfterSeconds !== undefined && result.providerStatus === 429 ? "paused" : "retry";
}

/** Gives claimed but untried messages back, to be tried at `at` (a rate limit's reset). */
async function release(run: RunAsSystem, ids: string[], afterSeconds: number): Promise<void> {
  if (ids.length === 0) return;
  await run((tx) => tx`
    update public.email_outbox
    set status = 'queued', attempts = attempts - 1, locked_until = null,
        next_attempt_at = now() + make_interval(secs => ${afterSeconds})
    where id = any(${ids}::uuid[]) and status = 'sending'`);
}

export type RoundResult = {
  claimed: number; sent: number; retry: number; failed: number; cancelled: number; crashed: number; pausedForSeconds: number | null;
};

/**
 * One round: claim up to `limit` due messages and try each, a few at a time.
 * A rate limit (429) stops the round; what was not tried yet waits for the reset.
 */
export async function deliverDueRound(context: DeliveryContext, options: ClaimOptions = { limit: 20 }): Promise<RoundResult> {
  const claimed = await claimDueEmails(context.run, options);
  const result: RoundResult = { claimed: claimed.length, sent: 0, retry: 0, failed: 0, cancelled: 0, crashed: 0, pausedForSeconds: null };
  const queue = [...claimed];
  const worker = async () => {
    while (queue.length > 0 && result.pausedForSeconds === null) {
      const next = queue.shift()!;
      try {
        const outcome = await deliverClaimedEmail(context, next);
        if (outcome === "paused") {
          result.retry += 1;
          result.pausedForSeconds = await pauseFor(context.run, next.id);
        } else result[outcome] += 1;
      } catch (error) {
        result.crashed += 1;
        console.warn(`portaal: e-mail ${next.id} left for a later attempt: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_SENDS, claimed.length) }, worker));
  if (result.pausedForSeconds !== null) await release(context.run, queue.map((email) => email.id), result.pausedForSeconds);
  return result;
}

async function pauseFor(run: RunAsSystem, id: string): Promise<number> {
  const [row] = await run((tx) => tx<{ seconds: number }[]>`
    select greatest(1, ceil(extract(epoch from next_attempt_at - now())))::int as seconds from public.email_outbox where id = ${id}`);
  return row?.seconds ?? 1;
}
