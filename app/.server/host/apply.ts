import type { Tx } from "../db";
import { APPLY_ORDER, ENTITIES, entityKey, versionOf, type EntityDefinition, type EntityName } from "./entities";

/** One validated host event, ready to apply. */
export type HostEvent = {
  /** Where it came from: its place in the request, or the id of the failure row it waited in. */
  source: { requestId: number | null; index: number; failureId?: string };
  topic: string;
  entity: EntityName;
  action: "upsert" | "delete";
  data: Record<string, unknown>;
  raw: unknown;
};

export type ApplyOutcome = {
  applied: HostEvent[];
  /** Events whose referenced entities have not arrived (yet), with what they wait for ('entity:host id'). */
  waiting: Array<{ event: HostEvent; missing: string[] }>;
};

/** 'entity:host id' of an applied create or update: what waiting events may be waiting for. */
export function appliedKey(event: HostEvent): string | null {
  return event.action === "upsert" && event.entity !== "project_member" ? `${event.entity}:${String(event.data.id)}` : null;
}

type IdMap = Map<string, string>;

/**
 * Applies events idempotently and in any order (F-29): per entity, the
 * highest version wins and an older one is a no-op; a delete leaves a
 * tombstone that no later create or update clears; an event whose referenced
 * entity is missing waits. Entities go parents first, in passes, until a pass
 * applies nothing more. Each entity's events are written with one statement.
 */
export async function applyEvents(tx: Tx, tenantId: string, events: HostEvent[]): Promise<ApplyOutcome> {
  let remaining = events;
  const applied: HostEvent[] = [];
  for (;;) {
    let progress = false;
    for (const name of APPLY_ORDER) {
      const batch = remaining.filter((event) => event.entity === name);
      if (batch.length === 0) continue;
      const done = await applyEntityBatch(tx, tenantId, ENTITIES[name], batch);
      if (done.size > 0) {
        progress = true;
        applied.push(...batch.filter((event) => done.has(event)));
        remaining = remaining.filter((event) => !done.has(event));
      }
    }
    if (!progress || remaining.length === 0) break;
  }
  const waiting = await Promise.all(remaining.map(async (event) => ({ event, missing: await missingReferences(tx, tenantId, event) })));
  return { applied, waiting };
}

async function applyEntityBatch(tx: Tx, tenantId: string, definition: EntityDefinition, batch: HostEvent[]): Promise<Set<HostEvent>> {
  const done = new Set<HostEvent>();
  const deletes = batch.filter((event) => event.action === "delete");
  if (deletes.length > 0) {
    await applyDeletes(tx, tenantId, definition, deletes);
    for (const event of deletes) done.add(event);
  }
  const upserts = batch.filter((event) => event.action === "upsert");
  if (upserts.length === 0) return done;

  const references = await resolveReferences(tx, tenantId, definition, upserts);
  const ready: HostEvent[] = [];
  for (const event of upserts) {
    if (unresolved(definition, event, references).length === 0) ready.push(event);
  }
  if (ready.length === 0) return done;

  // One row per entity: the highest version of this batch (the others are superseded, hence done too).
  const newest = new Map<string, HostEvent>();
  for (const event of ready) {
    const key = entityKey(definition.name, event.data);
    const current = newest.get(key);
    if (!current || versionOf(event.data) > versionOf(current.data)) newest.set(key, event);
  }
  await upsertRows(tx, tenantId, definition, [...newest.values()], references);
  for (const event of ready) done.add(event);
  return done;
}

/** host id → Portaal id, for every entity the batch refers to. */
async function resolveReferences(
  tx: Tx,
  tenantId: string,
  definition: EntityDefinition,
  events: HostEvent[],
): Promise<Map<EntityName, IdMap>> {
  const wanted = new Map<EntityName, Set<string>>();
  for (const reference of definition.references) {
    for (const event of events) {
      const value = event.data[reference.field];
      if (typeof value === "string") {
        const set = wanted.get(reference.entity) ?? new Set<string>();
        set.add(value);
        wanted.set(reference.entity, set);
      }
    }
  }
  const maps = new Map<EntityName, IdMap>();
  for (const [entity, hostIds] of wanted) {
    const rows = await tx<{ host_id: string; id: string }[]>`
      select host_id, id from ${tx(`public.${ENTITIES[entity].table}`)}
      where tenant_id = ${tenantId} and host_id = any(${[...hostIds]})`;
    maps.set(entity, new Map(rows.map((row) => [row.host_id, row.id])));
  }
  return maps;
}

function unresolved(definition: EntityDefinition, event: HostEvent, references: Map<EntityName, IdMap>): string[] {
  const missing: string[] = [];
  for (const reference of definition.references) {
    const value = event.data[reference.field];
    if (value === undefined || value === null) continue;
    if (!references.get(reference.entity)?.has(String(value))) missing.push(`${reference.entity}:${String(value)}`);
  }
  return missing;
}

async function missingReferences(tx: Tx, tenantId: string, event: HostEvent): Promise<string[]> {
  const definition = ENTITIES[event.entity];
  return unresolved(definition, event, await resolveReferences(tx, tenantId, definition, [event]));
}

async function applyDeletes(tx: Tx, tenantId: string, definition: EntityDefinition, deletes: HostEvent[]): Promise<void> {
  const keys = [...new Set(deletes.map((event) => entityKey(definition.name, event.data)))];
  await tx`
    insert into public.host_tombstones (tenant_id, entity, host_id)
    select ${tenantId}, ${definition.name}, key from unnest(${keys}::text[]) as key
    on conflict do nothing`;
  if (definition.naturalKey) {
    // Project members: tombstoned by project:employee host ids.
    await tx`
      update public.project_members pm set deleted_at = coalesce(pm.deleted_at, now())
      from public.projects p, public.employees e
      where pm.project_id = p.id and pm.employee_id = e.id
        and p.tenant_id = ${tenantId} and e.tenant_id = ${tenantId}
        and (p.host_id || ':' || e.host_id) = any(${keys})`;
    return;
  }
  await tx`
    update ${tx(`public.${definition.table}`)} set deleted_at = coalesce(deleted_at, now()), updated_at = now()
    where tenant_id = ${tenantId} and host_id = any(${keys})`;
}

const SQL_TYPES: Record<string, string> = {
  text: "text", date: "date", timestamptz: "timestamptz", numeric: "numeric", bigint: "bigint", boolean: "boolean", uuid: "uuid",
};

async function upsertRows(
  tx: Tx,
  tenantId: string,
  definition: EntityDefinition,
  events: HostEvent[],
  references: Map<EntityName, IdMap>,
): Promise<void> {
  const keys = events.map((event) => entityKey(definition.name, event.data));
  const tombstones = new Map(
    (await tx<{ host_id: string; deleted_at: Date }[]>`
      select host_id, deleted_at from public.host_tombstones
      where tenant_id = ${tenantId} and entity = ${definition.name} and host_id = any(${keys})`).map((row) => [row.host_id, row.deleted_at]),
  );

  const columnTypes: Record<string, string> = { tenant_id: "uuid", host_version: "bigint", deleted_at: "timestamptz" };
  if (!definition.naturalKey) columnTypes.host_id = "text";
  for (const [column, type] of Object.entries(definition.columns)) columnTypes[column] = type;
  for (const reference of definition.references) columnTypes[reference.column] = "uuid";
  if (definition.name === "registration") columnTypes.description = "text";

  const rows = events.map((event, index) => {
    const row: Record<string, unknown> = {
      tenant_id: tenantId,
      host_version: versionOf(event.data),
      deleted_at: tombstones.get(keys[index]!)?.toISOString() ?? null,
    };
    if (!definition.naturalKey) row.host_id = event.data.id;
    for (const column of Object.keys(definition.columns)) {
      const field = definition.from?.[column] ?? column;
      row[column] = event.data[field] ?? definition.defaults?.[column] ?? null;
    }
    for (const reference of definition.references) {
      const value = event.data[reference.field];
      row[reference.column] = typeof value === "string" ? references.get(reference.entity)!.get(value)! : null;
    }
    if (definition.name === "registration") row.description = event.data.description ?? null;
    return row;
  });

  const table = `public.${definition.table}`;
  const columns = Object.keys(columnTypes).filter((column) => column !== "description");
  const recordType = Object.entries(columnTypes).map(([column, type]) => `${column} ${SQL_TYPES[type]}`).join(", ");
  const selectList = columns
    .map((column) => (definition.sqlDefaults?.[column] ? `coalesce(x.${column}, ${definition.sqlDefaults[column]})` : `x.${column}`))
    .join(", ");
  const conflict = definition.naturalKey ? definition.naturalKey.join(", ") : "tenant_id, host_id";
  const updatable = columns.filter((column) => !["tenant_id", "host_id", "deleted_at", ...(definition.naturalKey ?? [])].includes(column));
  const assignments = updatable
    .map((column) => (definition.sqlDefaults?.[column] ? `${column} = coalesce(excluded.${column}, t.${column})` : `${column} = excluded.${column}`))
    .join(", ");
  const touchesUpdatedAt = definition.name !== "project_member";
  // Identifiers come from the entity registry, never from the payload; values go as one jsonb parameter.
  const statement = `
    insert into ${table} as t (${columns.join(", ")})
    select ${selectList} from jsonb_to_recordset($1::jsonb) as x(${recordType})
    on conflict (${conflict}) do update set ${assignments}${touchesUpdatedAt ? ", updated_at = now()" : ""}
    where t.host_version < excluded.host_version
    returning ${definition.naturalKey ? "project_id" : "id, host_id"}${definition.name === "registration" ? ", project_id, kind" : ""}`;
  const written = await tx.unsafe<{ id?: string; host_id?: string; project_id?: string; kind?: string }[]>(statement, [tx.json(rows as never) as never]);

  if (definition.name === "registration" && written.length > 0) {
    const descriptions = new Map(rows.map((row) => [String(row.host_id), row.description as string | null]));
    const present = written.filter((row) => descriptions.get(row.host_id!) != null);
    const absent = written.filter((row) => descriptions.get(row.host_id!) == null);
    if (present.length > 0) {
      await tx`
        insert into public.registration_descriptions (registration_id, tenant_id, project_id, kind, description)
        select x.registration_id, ${tenantId}, x.project_id, x.kind, x.description
        from jsonb_to_recordset(${tx.json(present.map((row) => ({
          registration_id: row.id, project_id: row.project_id, kind: row.kind, description: descriptions.get(row.host_id!),
        })) as never)}::jsonb) as x(registration_id uuid, project_id uuid, kind text, description text)
        on conflict (registration_id) do update
          set description = excluded.description, project_id = excluded.project_id, kind = excluded.kind`;
    }
    if (absent.length > 0) {
      await tx`delete from public.registration_descriptions where registration_id = any(${absent.map((row) => row.id!)}::uuid[])`;
    }
  }
}
