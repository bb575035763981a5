import { addSeconds } from "date-fns";
import { asService, withClaims, type AdminClaims, type Tx } from "../db";
import { hostConfig } from "./config";
import { signedHeaders } from "./signatures";

/** What Portaal tells the host (F-30). */
export const OUTBOUND_EVENT_TYPES = [
  "registration.approved", "registration.rejected", "registration.changes_requested",
  "quote.accepted", "quote.declined", "work_request.created", "customer.details_changed",
] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

/**
 * Waits between attempts after a failure, on the Standard Webhooks schedule
 * stretched to about three days: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h,
 * 20 h, 20 h (71.6 h in all). After the last one the event is given up.
 */
export const RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 50_400, 72_000, 72_000];

/**
 * Queues an event in the caller's transaction, so that it exists exactly when
 * the change it reports commits.
 */
export async function queueHostEvent(tx: Tx, tenantId: string, type: OutboundEventType, data: Record<string, unknown>): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into public.host_outbound_events (tenant_id, event_type, payload)
    values (${tenantId}, ${type}, ${tx.json(data as never)})
    returning id`;
  return row!.id;
}

/** Many events of one type in one statement (a decision on a thousand registrations is one insert). */
export async function queueHostEvents(tx: Tx, tenantId: string, type: OutboundEventType, payloads: Array<Record<string, unknown>>): Promise<void> {
  if (payloads.length === 0) return;
  await tx`
    insert into public.host_outbound_events (tenant_id, event_type, payload)
    select ${tenantId}, ${type}, value from jsonb_array_elements(${tx.json(payloads as never)}::jsonb)`;
}

type Claimed = { id: string; tenantId: string; workspaceId: string; type: string; payload: unknown; attempts: number; createdAt: Date };

/**
 * One delivery round: POSTs due events to HOST_EVENTS_URL, signed, and logs
 * each attempt. 2xx delivers; 410 stops delivery for the tenant until an
 * admin turns it on again; anything else (5xx, 429, timeouts) retries on the
 * schedule. Returns the number of attempts made.
 */
export async function deliverHostEvents(options: { now?: Date; timeoutMs?: number; batchSize?: number } = {}): Promise<number> {
  const config = hostConfig();
  if (!config.eventsUrl || !config.eventsSecret) return 0;
  const now = options.now ?? new Date();
  const claimed = await asService("claim due host events", (tx) => tx<Claimed[]>`
    update public.host_outbound_events e
    set status = 'sending', attempts = e.attempts + 1, locked_until = ${addSeconds(now, 120)}
    from public.tenants t
    where t.id = e.tenant_id
      -- Checked again on the row itself: another worker may have claimed it meanwhile.
      and ((e.status = 'queued' and e.next_attempt_at <= ${now}) or (e.status = 'sending' and e.locked_until < ${now}))
      and e.id in (
        -- Fair between tenants: each tenant's oldest events first, so one
        -- tenant's backlog of thousands never holds another's event back.
        select due.id from (
          select o.id, o.next_attempt_at,
            row_number() over (partition by o.tenant_id order by o.next_attempt_at, o.id) as place
          from public.host_outbound_events o join public.tenants t2 on t2.id = o.tenant_id
          where ((o.status = 'queued' and o.next_attempt_at <= ${now}) or (o.status = 'sending' and o.locked_until < ${now}))
            and t2.host_events_disabled_at is null
        ) due
        order by due.place, due.next_attempt_at
        limit ${options.batchSize ?? 50})
    returning e.id, e.tenant_id as "tenantId", t.host_workspace_id as "workspaceId", e.event_type as type, e.payload,
      e.attempts, e.created_at as "createdAt"`);

  for (const event of claimed) {
    const body = JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), workspace_id: event.workspaceId, data: event.payload });
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let retryAfter: number | null = null;
    try {
      const response = await fetch(config.eventsUrl, {
        method: "POST",
        // Signed at the real time of sending: the receiver checks it against its clock.
        headers: signedHeaders(config.eventsSecret, `msg_${event.id}`, body, new Date()),
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      statusCode = response.status;
      retryAfter = Number(response.headers.get("retry-after")) || null;
      await response.body?.cancel();
      if (!response.ok) error = `HTTP ${response.status}`;
    } catch (caught) {
      error = caught instanceof Error && caught.name === "TimeoutError" ? "timed out" : (caught as Error).message;
    }
    const durationMs = Math.round(performance.now() - started);
    await asService("record a host event delivery", async (tx) => {
      await tx`
        insert into public.host_outbound_attempts (event_id, tenant_id, status_code, error, duration_ms)
        values (${event.id}, ${event.tenantId}, ${statusCode}, ${error}, ${durationMs})`;
      if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
        await tx`update public.host_outbound_events set status = 'delivered', delivered_at = ${now}, last_error = null, locked_until = null
          where id = ${event.id}`;
      } else if (statusCode === 410) {
        await tx`update public.tenants set host_events_disabled_at = ${now},
          host_events_disabled_reason = 'The host answered 410 Gone: it no longer accepts events.' where id = ${event.tenantId}`;
        await tx`update public.host_outbound_events set status = 'held', last_error = ${error}, locked_until = null where id = ${event.id}`;
      } else if (event.attempts > RETRY_SCHEDULE_SECONDS.length) {
        await tx`update public.host_outbound_events set status = 'failed', last_error = ${error}, locked_until = null where id = ${event.id}`;
      } else {
        const wait = Math.max(RETRY_SCHEDULE_SECONDS[event.attempts - 1]!, statusCode === 429 && retryAfter ? retryAfter : 0);
        await tx`update public.host_outbound_events
          set status = 'queued', last_error = ${error}, next_attempt_at = ${addSeconds(now, wait)}, locked_until = null
          where id = ${event.id}`;
      }
    });
  }
  return claimed.length;
}

/**
 * An admin turns event delivery on again after the host answered 410: the
 * tenant setting changes under the admin's claims (RLS), then the held
 * events go back in the queue.
 */
export async function enableHostEvents(claims: AdminClaims): Promise<boolean> {
  const updated = await withClaims(claims, (tx) => tx`
    update public.tenants set host_events_disabled_at = null, host_events_disabled_reason = null
    where id = (select private.admin_tenant_id()) returning id`);
  if (updated.length === 0) return false;
  await asService("queue held host events again", (tx) => tx`
    update public.host_outbound_events set status = 'queued', next_attempt_at = now()
    where tenant_id = ${claims.tenantId} and status = 'held'`);
  return true;
}

export type OutboundRow = {
  id: string; type: string; status: string; attempts: number; lastError: string | null; createdAt: Date;
  deliveredAt: Date | null; nextAttemptAt: Date; lastStatusCode: number | null;
};

/** The tenant's recent outbound events with their last attempt; RLS keeps them to the admin's tenant. */
export async function listOutboundEvents(tx: Tx, limit = 50): Promise<{ events: OutboundRow[]; disabledAt: Date | null; disabledReason: string | null }> {
  const events = await tx<OutboundRow[]>`
    select e.id, e.event_type as type, e.status, e.attempts, e.last_error as "lastError", e.created_at as "createdAt",
      e.delivered_at as "deliveredAt", e.next_attempt_at as "nextAttemptAt",
      (select a.status_code from public.host_outbound_attempts a where a.event_id = e.id order by a.id desc limit 1) as "lastStatusCode"
    from public.host_outbound_events e order by e.created_at desc limit ${limit}`;
  const [tenant] = await tx<{ disabledAt: Date | null; disabledReason: string | null }[]>`
    select host_events_disabled_at as "disabledAt", host_events_disabled_reason as "disabledReason" from public.tenants limit 1`;
  return { events, disabledAt: tenant?.disabledAt ?? null, disabledReason: tenant?.disabledReason ?? null };
}
