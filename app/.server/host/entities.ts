import { z } from "zod";

/**
 * Every entity the host pushes (F-29): its topic name, its table, the zod
 * schema of its `data`, how its fields map to columns, and which other
 * entities it refers to by their host ids. The webhook receiver, the JSON
 * Schemas of the extension manifest and the host simulator all read this.
 */

const hostId = z.string().trim().min(1).max(200);
const optionalText = (max = 500) => z.string().max(max).nullish();
const date = z.iso.date();
const money = z.number().finite();
const currency = z.string().regex(/^[A-Z]{3}$/).optional();

/** What invoices, quotes and orders have in common. */
const salesDocument = {
  customer_id: hostId, project_id: hostId.nullish(), number: z.string().trim().min(1).max(50), subject: optionalText(200), currency,
};

/** Fields every entity has: its host id and an increasing version (or updated_at). */
const base = z.object({
  id: hostId.describe("The entity's id in the host platform"),
  version: z.number().int().min(0).optional().describe("Increases with every change; an older version never overwrites a newer one"),
  updated_at: z.iso.datetime({ offset: true }).optional().describe("Used as the version when `version` is absent"),
});

const requireVersion = <T extends z.ZodObject>(schema: T) =>
  schema.refine((data: { version?: number; updated_at?: string }) => data.version !== undefined || data.updated_at !== undefined, {
    message: "version or updated_at is required",
    path: ["version"],
  });

export type ColumnType = "text" | "date" | "timestamptz" | "numeric" | "bigint" | "boolean";

export type Reference = {
  /** The payload field holding the other entity's host id. */
  field: string;
  /** The column that gets the other entity's Portaal id. */
  column: string;
  entity: EntityName;
  optional: boolean;
};

export type EntityDefinition = {
  name: EntityName;
  table: string;
  schema: z.ZodType<Record<string, unknown>>;
  /** Plain columns and their SQL types; each is filled from the payload field of the same name unless `from` says otherwise. */
  columns: Record<string, ColumnType>;
  from?: Record<string, string>;
  references: Reference[];
  /** Columns that identify a row when it has no host id of its own (project members). */
  naturalKey?: string[];
  /** Values for NOT NULL columns the payload may leave out. */
  defaults?: Record<string, unknown>;
  /** The same, computed by the database when a row is first inserted. */
  sqlDefaults?: Record<string, "now()">;
};

export const ENTITY_NAMES = [
  "customer", "contact", "site", "employee", "project", "project_member", "task", "registration",
  "budget", "milestone", "invoice", "quote", "order", "subscription", "asset", "job", "document",
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

const ref = (field: string, entity: EntityName, optional = false, column = field): Reference => ({ field, column, entity, optional });

const salesColumns = { number: "text", subject: "text", status: "text", currency: "text" } as const;
const salesReferences = {
  references: [ref("customer_id", "customer"), ref("project_id", "project", true)],
  defaults: { currency: "EUR" },
};

const definitions: EntityDefinition[] = [
  {
    name: "customer", table: "customers",
    schema: requireVersion(base.extend({
      name: z.string().trim().min(1).max(200),
      email: z.email().nullish(), phone: optionalText(50), vat_number: optionalText(50), chamber_of_commerce: optionalText(50),
      address_line: optionalText(200), postal_code: optionalText(20), city: optionalText(100),
      country: z.string().length(2).toUpperCase().nullish(),
      is_reseller: z.boolean().optional(),
      reseller_id: hostId.nullish().describe("Host id of the reseller (a customer) that brought this customer in"),
    })),
    columns: {
      name: "text", email: "text", phone: "text", vat_number: "text", chamber_of_commerce: "text",
      address_line: "text", postal_code: "text", city: "text", country: "text", is_reseller: "boolean",
    },
    references: [ref("reseller_id", "customer", true)],
    defaults: { country: "NL", is_reseller: false },
  },
  {
    name: "contact", table: "contacts",
    schema: requireVersion(base.extend({
      customer_id: hostId, first_name: z.string().trim().min(1).max(100), last_name: z.string().trim().min(1).max(100),
      email: z.email().transform((value) => value.toLowerCase()), job_title: optionalText(100), phone: optionalText(50),
    })),
    columns: { first_name: "text", last_name: "text", email: "text", job_title: "text", phone: "text" },
    references: [ref("customer_id", "customer")],
  },
  {
    name: "site", table: "sites",
    schema: requireVersion(base.extend({
      customer_id: hostId, name: z.string().trim().min(1).max(200), address_line: optionalText(200),
      postal_code: optionalText(20), city: optionalText(100), country: z.string().length(2).toUpperCase().nullish(),
    })),
    columns: { name: "text", address_line: "text", postal_code: "text", city: "text", country: "text" },
    references: [ref("customer_id", "customer")],
    defaults: { country: "NL" },
  },
  {
    name: "employee", table: "employees",
    schema: requireVersion(base.extend({ name: z.string().trim().min(1).max(200), email: z.email().nullish() })),
    columns: { name: "text", email: "text" },
    references: [],
  },
  {
    name: "project", table: "projects",
    schema: requireVersion(base.extend({
      customer_id: hostId, name: z.string().trim().min(1).max(200), code: optionalText(50),
      status: z.enum(["active", "completed", "archived"]).optional(), starts_on: date.nullish(), ends_on: date.nullish(),
    })),
    columns: { name: "text", code: "text", status: "text", starts_on: "date", ends_on: "date" },
    references: [ref("customer_id", "customer")],
    defaults: { status: "active" },
  },
  {
    name: "project_member", table: "project_members",
    schema: requireVersion(base.extend({
      id: hostId.describe("Any id of the membership; project_id and employee_id identify it"),
      project_id: hostId, employee_id: hostId, joined_at: z.iso.datetime({ offset: true }).nullish(),
      left_at: z.iso.datetime({ offset: true }).nullish(),
    })),
    columns: { joined_at: "timestamptz", left_at: "timestamptz" },
    references: [ref("project_id", "project"), ref("employee_id", "employee")],
    naturalKey: ["project_id", "employee_id"],
    sqlDefaults: { joined_at: "now()" },
  },
  {
    name: "task", table: "tasks",
    schema: requireVersion(base.extend({ project_id: hostId, name: z.string().trim().min(1).max(200) })),
    columns: { name: "text" },
    references: [ref("project_id", "project")],
  },
  {
    name: "registration", table: "registrations",
    schema: requireVersion(base.extend({
      project_id: hostId, employee_id: hostId, task_id: hostId.nullish(),
      kind: z.enum(["hours", "expense", "mileage"]), work_date: date,
      hours: z.number().min(0).max(24).nullish(), amount: money.nullish(),
      currency, distance_km: z.number().min(0).nullish(),
      status: z.enum(["open", "pending_internal", "pending_external", "approved", "rejected", "changes_requested"]).optional(),
      submitted_at: z.iso.datetime({ offset: true }).nullish(), decided_at: z.iso.datetime({ offset: true }).nullish(),
      description: z.string().max(5000).nullish(),
    }).refine((data) => data.kind !== "hours" || typeof data.hours === "number", { message: "hours is required for kind hours", path: ["hours"] })
      .refine((data) => data.kind !== "mileage" || typeof data.distance_km === "number", { message: "distance_km is required for kind mileage", path: ["distance_km"] })),
    columns: {
      kind: "text", work_date: "date", hours: "numeric", amount: "numeric", currency: "text", distance_km: "numeric",
      status: "text", submitted_at: "timestamptz", decided_at: "timestamptz",
    },
    references: [ref("project_id", "project"), ref("employee_id", "employee"), ref("task_id", "task", true)],
    defaults: { currency: "EUR", status: "open" },
  },
  {
    name: "budget", table: "budgets",
    schema: requireVersion(base.extend({
      project_id: hostId, budget_type: z.enum(["total_hours", "total_fees", "total_costs"]),
      hours: z.number().min(0).nullish(), amount: money.nullish(), currency,
    })),
    columns: { budget_type: "text", hours: "numeric", amount: "numeric", currency: "text" },
    references: [ref("project_id", "project")],
    defaults: { currency: "EUR" },
  },
  {
    name: "milestone", table: "milestones",
    schema: requireVersion(base.extend({
      project_id: hostId, name: z.string().trim().min(1).max(200), due_on: date.nullish(), completed_on: date.nullish(),
    })),
    columns: { name: "text", due_on: "date", completed_on: "date" },
    references: [ref("project_id", "project")],
  },
  {
    name: "invoice", table: "invoices",
    schema: requireVersion(base.extend({
      ...salesDocument,
      status: z.enum(["draft", "open", "paid", "credited"]), issued_on: date.nullish(), due_on: date.nullish(), paid_on: date.nullish(),
      total_excl_vat: money, total_incl_vat: money,
    })),
    columns: { ...salesColumns, issued_on: "date", due_on: "date", paid_on: "date", total_excl_vat: "numeric", total_incl_vat: "numeric" },
    ...salesReferences,
  },
  {
    name: "quote", table: "quotes",
    schema: requireVersion(base.extend({
      ...salesDocument,
      status: z.enum(["draft", "open", "accepted", "declined", "expired"]), issued_on: date.nullish(), valid_until: date.nullish(),
      total_excl_vat: money, total_incl_vat: money,
    })),
    columns: { ...salesColumns, issued_on: "date", valid_until: "date", total_excl_vat: "numeric", total_incl_vat: "numeric" },
    ...salesReferences,
  },
  {
    name: "order", table: "orders",
    schema: requireVersion(base.extend({
      ...salesDocument,
      status: z.enum(["open", "in_progress", "delivered", "invoiced", "cancelled"]), ordered_on: date.nullish(),
      total_excl_vat: money.nullish(),
    })),
    columns: { ...salesColumns, ordered_on: "date", total_excl_vat: "numeric" },
    ...salesReferences,
  },
  {
    name: "subscription", table: "subscriptions",
    schema: requireVersion(base.extend({
      customer_id: hostId, reseller_id: hostId.nullish(), name: z.string().trim().min(1).max(200),
      status: z.enum(["active", "paused", "cancelled", "ended"]), billing_interval: z.enum(["month", "quarter", "year"]).nullish(),
      amount: money.nullish(), currency,
      starts_on: date.nullish(), renews_on: date.nullish(), ends_on: date.nullish(),
    })),
    columns: {
      name: "text", status: "text", billing_interval: "text", amount: "numeric", currency: "text",
      starts_on: "date", renews_on: "date", ends_on: "date",
    },
    references: [ref("customer_id", "customer"), ref("reseller_id", "customer", true, "reseller_customer_id")],
    defaults: { currency: "EUR" },
  },
  {
    name: "asset", table: "assets",
    schema: requireVersion(base.extend({
      customer_id: hostId, site_id: hostId.nullish(), name: z.string().trim().min(1).max(200), kind: optionalText(100),
      serial_number: optionalText(100), installed_on: date.nullish(),
    })),
    columns: { name: "text", kind: "text", serial_number: "text", installed_on: "date" },
    references: [ref("customer_id", "customer"), ref("site_id", "site", true)],
  },
  {
    name: "job", table: "jobs",
    schema: requireVersion(base.extend({
      customer_id: hostId, site_id: hostId.nullish(), project_id: hostId.nullish(), asset_id: hostId.nullish(),
      title: z.string().trim().min(1).max(200), status: z.enum(["planned", "scheduled", "in_progress", "completed", "cancelled"]),
      scheduled_on: date.nullish(), completed_on: date.nullish(),
    })),
    columns: { title: "text", status: "text", scheduled_on: "date", completed_on: "date" },
    references: [
      ref("customer_id", "customer"), ref("site_id", "site", true), ref("project_id", "project", true), ref("asset_id", "asset", true),
    ],
  },
  {
    name: "document", table: "documents",
    schema: requireVersion(base.extend({
      customer_id: hostId, project_id: hostId.nullish(), title: z.string().trim().min(1).max(200),
      file_name: z.string().trim().min(1).max(255), content_type: z.string().trim().min(3).max(100),
      size_bytes: z.number().int().min(0).nullish(), download_url: z.url().nullish(),
      invoice_id: hostId.nullish().describe("Host id of the invoice the file belongs to"),
      quote_id: hostId.nullish().describe("Host id of the quote the file belongs to"),
      order_id: hostId.nullish().describe("Host id of the order the file belongs to"),
      is_document_pdf: z.boolean().optional()
        .describe("true: the PDF of the invoice, quote or order itself (one of those ids is required); seen by whoever sees that"),
      channel_portal: z.boolean().optional().describe("Shown in the customer portal (default true)"),
      channel_email: z.boolean().optional().describe("May be attached to e-mail (default false)"),
      channel_app: z.boolean().optional().describe("Shown in the app (default false); none of the three: internal"),
    }).refine((data) => [data.invoice_id, data.quote_id, data.order_id].filter((id) => id != null).length <= 1, {
      message: "a document belongs to at most one of invoice_id, quote_id and order_id", path: ["invoice_id"],
    }).refine((data) => !data.is_document_pdf || data.invoice_id != null || data.quote_id != null || data.order_id != null, {
      message: "is_document_pdf needs invoice_id, quote_id or order_id", path: ["is_document_pdf"],
    })),
    columns: {
      title: "text", file_name: "text", content_type: "text", size_bytes: "bigint", download_url: "text",
      is_document_pdf: "boolean", channel_portal: "boolean", channel_email: "boolean", channel_app: "boolean",
    },
    references: [
      ref("customer_id", "customer"), ref("project_id", "project", true),
      ref("invoice_id", "invoice", true), ref("quote_id", "quote", true), ref("order_id", "order", true),
    ],
    defaults: { is_document_pdf: false, channel_portal: true, channel_email: false, channel_app: false },
  },
];

export const ENTITIES: Record<EntityName, EntityDefinition> = Object.fromEntries(
  definitions.map((definition) => [definition.name, definition]),
) as Record<EntityName, EntityDefinition>;

/** Parents before children, so that one pass over a batch resolves most references. */
export const APPLY_ORDER: EntityName[] = [
  "customer", "employee", "contact", "site", "project", "project_member", "task", "asset", "registration",
  "budget", "milestone", "invoice", "quote", "order", "subscription", "job", "document",
];

export const deleteSchema = z.object({
  id: hostId,
  project_id: hostId.optional().describe("project members only"),
  employee_id: hostId.optional().describe("project members only"),
});

/** The version an event carries: `version`, or `updated_at` in milliseconds. */
export function versionOf(data: { version?: number; updated_at?: string }): number {
  return data.version ?? Date.parse(data.updated_at!);
}

/** The key of an entity within its tenant: its host id, or project:employee for memberships. */
export function entityKey(entity: EntityName, data: Record<string, unknown>): string {
  return entity === "project_member" ? `${String(data.project_id)}:${String(data.employee_id)}` : String(data.id);
}
