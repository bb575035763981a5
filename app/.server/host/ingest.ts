import { recordAudit } from "../audit/record";
import { asService, withClaims, type AdminClaims, type Tx } from "../db";
import { appliedKey, applyEvents, type ApplyOutcome, type HostEvent } from "./apply";
import { hostConfig } from "./config";
import {
  batchRequestSchema, eventSchema, fieldErrors, installedSchema, parseTopic, singleRequestSchema, validateEntityData,
  type FieldError,
} from "./envelope";
import { applyLifecycle } from "./lifecycle";
import { verifyHostWebhook } from "./signatures";

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

type Rejected = { index: number; type: string; errors: FieldError[] };

/**
 * POST /webhooks/host (F-29): verify the signature, store the request raw
 * (its webhook id makes a redelivery a no-op), then validate and apply its
 * events. A batch applies its good events and reports and keeps the bad ones.
 */
export async function receiveHostWebhook(body: string, headers: Headers, now = new Date()): Promise<WebhookAnswer> {
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
    return { status: 413, body: { error: `the body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB; send at most 1,000 events per request` } };
  }
  const config = hostConfig();
  const verified = verifyHostWebhook(body, headers, config.webhookSecrets);
  if (!verified.ok) return { status: 401, body: { error: `signature refused: ${verified.reason}` } };

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { status: 422, body: { errors: [{ path: "", message: "the body is not JSON" }] } };
  }
  const workspaceId = typeof (json as { workspace_id?: unknown })?.workspace_id === "string" ? (json as { workspace_id: string }).workspace_id : null;
  const [request] = await asService("store a host webhook", (tx) => tx<{ id: number }[]>`
    insert into public.host_webhook_requests (webhook_id, workspace_id, body, tenant_id)
    values (${verified.webhookId}, ${workspaceId}, ${body},
      (select id from public.tenants where host_workspace_id = ${workspaceId}))
    on conflict (webhook_id) do nothing
    returning id`);
  if (!request) return { status: 200, body: { duplicate: true, webhook_id: verified.webhookId } };

  const isBatch = (json as { type?: unknown })?.type === "batch";
  const envelope = (isBatch ? batchRequestSchema : singleRequestSchema).safeParse(json);
  if (!envelope.success) return reject(request.id, fieldErrors(envelope.error));

  if (!isBatch) {
    const single = envelope.data as { type: string; workspace_id: string; data: Record<string, unknown> };
    const topic = parseTopic(single.type);
    if (topic.kind === "unknown") return reject(request.id, [{ path: "type", message: `unknown topic ${single.type}` }]);
    if (topic.kind === "lifecycle") {
      const data = topic.topic === "app.installed" ? installedSchema.safeParse(single.data) : null;
      if (data && !data.success) return reject(request.id, fieldErrors(data.error, "data"));
      const outcome = await asService("apply a host lifecycle event", (tx) => applyLifecycle(tx, {
        topic: topic.topic, workspaceId: single.workspace_id, data: data?.data ?? null, graceHours: config.graceHours, now,
      }));
      if ("error" in outcome) return reject(request.id, [{ path: "workspace_id", message: outcome.error }]);
      await finish(request.id, outcome.tenantId, 1, 1, 0);
      return { status: 200, body: { received: 1, applied: 1, waiting: 0, failed: [] } };
    }
  }

  const tenant = await activeTenant(envelope.data.workspace_id);
  if ("error" in tenant) return reject(request.id, [{ path: "workspace_id", message: tenant.error }]);

  const rawEvents = isBatch ? (envelope.data as { events: unknown[] }).events : [json];
  const valid: HostEvent[] = [];
  const rejected: Rejected[] = [];
  rawEvents.forEach((raw, index) => {
    const checked = checkEvent(raw, isBatch ? `events.${index}.` : "");
    if (checked.ok) valid.push({ ...checked.event, source: { requestId: request.id, index } });
    else rejected.push({ index, type: typeof (raw as { type?: unknown })?.type === "string" ? (raw as { type: string }).type : "", errors: checked.errors });
  });
  if (!isBatch && rejected.length > 0) {
    await keepRejected(tenant.id, request.id, rawEvents, rejected);
    return reject(request.id, rejected[0]!.errors);
  }

  const outcome = await applyWithWaiting(tenant.id, valid);
  await keepRejected(tenant.id, request.id, rawEvents, rejected);
  await finish(request.id, tenant.id, rawEvents.length, outcome.applied, rejected.length + outcome.failed.length);
  return {
    status: 200,
    body: {
      received: rawEvents.length,
      applied: outcome.applied,
      waiting: outcome.waiting,
      failed: [...rejected, ...outcome.failed].sort((a, b) => a.index - b.index),
    },
  };
}

function checkEvent(raw: unknown, prefix: string): { ok: true; event: Omit<HostEvent, "source"> } | { ok: false; errors: FieldError[] } {
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error).map((error) => ({ ...error, path: prefix + error.path })) };
  const topic = parseTopic(parsed.data.type);
  if (topic.kind !== "entity") {
    return { ok: false, errors: [{ path: `${prefix}type`, message: topic.kind === "lifecycle" ? `${parsed.data.type} cannot be part of a batch` : `unknown topic ${parsed.data.type}` }] };
  }
  const data = validateEntityData(topic.entity, topic.action, parsed.data.data);
  if (!data.ok) return { ok: false, errors: data.errors.map((error) => ({ ...error, path: prefix + error.path })) };
  return { ok: true, event: { topic: parsed.data.type, entity: topic.entity, action: topic.action, data: data.data, raw } };
}

async function activeTenant(workspaceId: string): Promise<{ id: string } | { error: string }> {
  const [tenant] = await asService("find the tenant of a workspace", (tx) => tx<{ id: string; status: string }[]>`
    select id, status from public.tenants where host_workspace_id = ${workspaceId}`);
  if (!tenant) return { error: `unknown workspace ${workspaceId}: send app.installed first` };
  if (tenant.status === "uninstalled") return { error: "this workspace uninstalled Portaal; send app.installed to install it again" };
  return { id: tenant.id };
}

/**
 * Applies events, then the tenant's waiting events that wait for something
 * these events created, and so on while that brings in more. If the events
 * fail as a whole (a database error in one of them), each is applied on its
 * own so that only the bad one fails.
 */
export async function applyWithWaiting(
  tenantId: string,
  events: HostEvent[],
): Promise<{ applied: number; waiting: number; failed: Rejected[] }> {
  return asService("apply host events", async (tx) => {
    const failed: Rejected[] = [];
    const first = await applyIsolated(tx, tenantId, events, failed);
    let created = first.applied.map(appliedKey).filter((key): key is string => key !== null);
    for (const { event, missing } of first.waiting) await keepFailure(tx, tenantId, event, "waiting", missing);

    while (created.length > 0) {
      const unblocked = await loadWaiting(tx, tenantId, created);
      if (unblocked.length === 0) break;
      const next = await applyIsolated(tx, tenantId, unblocked, failed);
      for (const event of next.applied) {
        await tx`update public.host_event_failures set resolved_at = now(), last_tried_at = now() where id = ${event.source.failureId!}`;
      }
      for (const { event, missing } of next.waiting) await keepFailure(tx, tenantId, event, "waiting", missing);
      created = next.applied.map(appliedKey).filter((key): key is string => key !== null);
    }
    return { applied: first.applied.length, waiting: first.waiting.length, failed };
  });
}

async function applyIsolated(tx: Tx, tenantId: string, events: HostEvent[], failed: Rejected[]): Promise<ApplyOutcome> {
  try {
    return await tx.savepoint((sp) => applyEvents(sp, tenantId, events));
  } catch {
    const outcome: ApplyOutcome = { applied: [], waiting: [] };
    for (const event of events) {
      try {
        const one = await tx.savepoint((sp) => applyEvents(sp, tenantId, [event]));
        outcome.applied.push(...one.applied);
        outcome.waiting.push(...one.waiting);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await keepFailure(tx, tenantId, event, "error", [], [{ path: "", message }]);
        if (!event.source.failureId) failed.push({ index: event.source.index, type: event.topic, errors: [{ path: "", message }] });
      }
    }
    return outcome;
  }
}

/** Waiting events of the tenant that wait for any of `keys`. */
async function loadWaiting(tx: Tx, tenantId: string, keys: string[]): Promise<HostEvent[]> {
  const rows = await tx<{ id: string; event: unknown; event_index: number; request_id: number | null }[]>`
    select id, event, event_index, request_id from public.host_event_failures
    where tenant_id = ${tenantId} and resolved_at is null and reason = 'waiting' and waiting_for && ${keys}::text[]
    order by created_at`;
  const events: HostEvent[] = [];
  for (const row of rows) {
    const checked = checkEvent(row.event, "");
    if (checked.ok) events.push({ ...checked.event, source: { requestId: row.request_id, index: row.event_index, failureId: row.id } });
  }
  return events;
}

async function keepFailure(
  tx: Tx,
  tenantId: string,
  event: HostEvent,
  reason: "waiting" | "error",
  waitingFor: string[],
  errors: FieldError[] = waitingFor.map((key) => ({ path: "data", message: `waiting for ${key.replace(":", " ")}` })),
): Promise<void> {
  if (event.source.failureId) {
    await tx`update public.host_event_failures
      set reason = ${reason}, errors = ${tx.json(errors as never)}, waiting_for = ${waitingFor}::text[], last_tried_at = now()
      where id = ${event.source.failureId}`;
    return;
  }
  await tx`
    insert into public.host_event_failures (tenant_id, request_id, event_index, topic, entity_host_id, event, reason, errors, waiting_for)
    values (${tenantId}, ${event.source.requestId}, ${event.source.index}, ${event.topic}, ${String(event.data.id ?? "")},
      ${tx.json(event.raw as never)}, ${reason}, ${tx.json(errors as never)}, ${waitingFor}::text[])`;
}

async function keepRejected(tenantId: string, requestId: number, rawEvents: unknown[], rejected: Rejected[]): Promise<void> {
  if (rejected.length === 0) return;
  await asService("keep rejected host events", async (tx) => {
    for (const { index, type, errors } of rejected) {
      const raw = rawEvents[index] as { data?: { id?: unknown } } | null;
      await tx`
        insert into public.host_event_failures (tenant_id, request_id, event_index, topic, entity_host_id, event, reason, errors)
        values (${tenantId}, ${requestId}, ${index}, ${type || "(none)"}, ${typeof raw?.data?.id === "string" ? raw.data.id : null},
          ${tx.json((raw ?? null) as never)}, 'invalid', ${tx.json(errors as never)})`;
    }
  });
}

async function reject(requestId: number, errors: FieldError[]): Promise<WebhookAnswer> {
  await asService("mark a host webhook rejected", (tx) => tx`
    update public.host_webhook_requests set status = 'rejected', failed_count = 1 where id = ${requestId}`);
  return { status: 422, body: { errors } };
}

async function finish(requestId: number, tenantId: string, received: number, applied: number, failed: number): Promise<void> {
  await asService("record a host webhook's outcome", (tx) => tx`
    update public.host_webhook_requests
    set tenant_id = ${tenantId}, event_count = ${received}, applied_count = ${applied}, failed_count = ${failed},
        status = ${failed > 0 ? "partly_failed" : "applied"}
    where id = ${requestId}`);
}

export type FailureRow = {
  id: string; topic: string; entityHostId: string | null; reason: "invalid" | "waiting" | "error";
  errors: FieldError[]; createdAt: Date; lastTriedAt: Date;
};

/** The tenant's host events that did not apply, newest first; RLS keeps them to the admin's tenant. */
export async function listOpenFailures(tx: Tx, limit = 100): Promise<FailureRow[]> {
  return tx<FailureRow[]>`
    select id, topic, entity_host_id as "entityHostId", reason, errors, created_at as "createdAt", last_tried_at as "lastTriedAt"
    from public.host_event_failures where resolved_at is null
    order by created_at desc limit ${limit}`;
}

/**
 * An admin replays a failed or waiting event: read with the admin's claims
 * (so only their own tenant's), then validated and applied like a new one.
 */
export async function replayFailure(claims: AdminClaims, failureId: string): Promise<"applied" | "waiting" | "invalid" | "not-found"> {
  const [failure] = await withClaims(claims, (tx) => tx<{ id: string; tenantId: string; event: unknown; eventIndex: number; requestId: number | null }[]>`
    select id, tenant_id as "tenantId", event, event_index as "eventIndex", request_id as "requestId"
    from public.host_event_failures where id = ${failureId} and resolved_at is null`);
  if (!failure) return "not-found";
  const checked = checkEvent(failure.event, "");
  if (!checked.ok) {
    await asService("record a replay that is still invalid", (tx) => tx`
      update public.host_event_failures set reason = 'invalid', errors = ${tx.json(checked.errors as never)}, last_tried_at = now()
      where id = ${failure.id}`);
    return "invalid";
  }
  const event: HostEvent = { ...checked.event, source: { requestId: failure.requestId, index: failure.eventIndex, failureId: failure.id } };
  const outcome = await asService("replay a host event", async (tx) => {
    const result = await applyIsolated(tx, failure.tenantId, [event], []);
    if (result.applied.length > 0) {
      await tx`update public.host_event_failures set resolved_at = now(), last_tried_at = now() where id = ${failure.id}`;
      return "applied" as const;
    }
    for (const { missing } of result.waiting) await keepFailure(tx, failure.tenantId, event, "waiting", missing);
    return result.waiting.length > 0 ? ("waiting" as const) : ("invalid" as const);
  });
  await recordReplay(claims, failureId, outcome);
  return outcome;
}

async function recordReplay(claims: AdminClaims, failureId: string, outcome: string): Promise<void> {
  await asService("audit a replay", (tx) => recordAudit(tx, {
    tenantId: claims.tenantId, actorKind: "admin", adminId: claims.adminId, action: "host_event.replayed",
    subjectType: "host_event_failure", subjectId: failureId, details: { outcome },
  }));
}
