import { z } from "zod";
import { deleteSchema, ENTITIES, ENTITY_NAMES, type EntityName } from "./entities";

export const MAX_BATCH_EVENTS = 1000;

const workspaceId = z.string().trim().min(1).max(200);

/** One event: `{ type, timestamp?, data }`, the Standard Webhooks payload shape. */
export const eventSchema = z.object({
  type: z.string().min(1).max(100),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  data: z.record(z.string(), z.unknown()),
});

export const singleRequestSchema = eventSchema.extend({ workspace_id: workspaceId });

export const batchRequestSchema = z.object({
  type: z.literal("batch"),
  workspace_id: workspaceId,
  timestamp: z.iso.datetime({ offset: true }).optional(),
  events: z.array(z.unknown()).min(1).max(MAX_BATCH_EVENTS),
});

export const installedSchema = z.object({
  name: z.string().trim().min(1).max(200),
  admin_email: z.email(),
  admin_user_id: z.string().trim().min(1).max(200).optional(),
  admin_name: z.string().trim().min(1).max(200).optional(),
  language: z.enum(["nl", "en"]).optional(),
});

export const LIFECYCLE_TOPICS = ["app.installed", "app.enabled", "app.disabled", "app.uninstalled"] as const;
export type LifecycleTopic = (typeof LIFECYCLE_TOPICS)[number];

export type FieldError = { path: string; message: string };

export type ParsedTopic =
  | { kind: "lifecycle"; topic: LifecycleTopic }
  | { kind: "entity"; entity: EntityName; action: "upsert" | "delete" }
  | { kind: "unknown" };

export function parseTopic(type: string): ParsedTopic {
  if ((LIFECYCLE_TOPICS as readonly string[]).includes(type)) return { kind: "lifecycle", topic: type as LifecycleTopic };
  const match = /^([a-z_]+)\.(created|updated|deleted)$/.exec(type);
  if (!match || !(ENTITY_NAMES as readonly string[]).includes(match[1]!)) return { kind: "unknown" };
  return { kind: "entity", entity: match[1] as EntityName, action: match[2] === "deleted" ? "delete" : "upsert" };
}

export function fieldErrors(error: z.ZodError, prefix = ""): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join("."),
    message: issue.message,
  }));
}

/** Validates one entity event's data; returns the parsed data or the failing field paths. */
export function validateEntityData(
  entity: EntityName,
  action: "upsert" | "delete",
  data: unknown,
): { ok: true; data: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const schema = action === "delete" ? deleteSchema : ENTITIES[entity].schema;
  const parsed = schema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error, "data") };
  if (action === "delete" && entity === "project_member" && (!parsed.data.project_id || !parsed.data.employee_id)) {
    return { ok: false, errors: [{ path: "data.project_id", message: "project_id and employee_id are required to delete a project member" }] };
  }
  return { ok: true, data: parsed.data as Record<string, unknown> };
}
