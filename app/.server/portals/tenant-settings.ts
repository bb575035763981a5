import { z } from "zod";
import {
  ACCENT_COLOR_PATTERN, APPROVAL_WORKFLOWS, DEADLINE_LIMITS, DEFAULT_REMINDER_HOURS, SETTINGS_LIMITS,
  type FieldError, type FieldErrors, type SettingsField, type TenantSettings,
} from "../../shared/tenant-settings";
import { DEFAULT_ATTACHMENT_TEMPLATE, validateAttachmentTemplate } from "../../shared/attachment-file-name";
import { LANGUAGES, type Language } from "../../i18n";
import { CODE_LIFETIME_CHOICES } from "../../shared/sign-in";
import { recordAudit } from "../audit/record";
import type { RequestInfo } from "../auth/request-info";
import { asServiceWithin, type Tx } from "../db";

export type { TenantSettings };

// --- the form --------------------------------------------------------------

/** Browsers send a textarea's line breaks as CRLF: count them as one character, as the field does. */
const text = (max: number) =>
  z.string().optional().transform((value) => (value ?? "").replace(/\r\n?/g, "\n").trim()).pipe(z.string().max(max));

const emptyToNull = (value: string) => (value === "" ? null : value);

/** A checked Polaris checkbox posts "true"; an unchecked one posts nothing. */
const flag = z.string().optional().transform((value) => value === "true");

/** A whole number within the limits the database checks; empty is null. */
const wholeNumber = (limits: { min: number; max: number }) =>
  text(10).pipe(z.union([
    z.literal("").transform(() => null),
    z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(limits.min).max(limits.max)),
  ]));

/** Field by field, so that the e-mail preview can reuse them on half-typed input. */
export const settingsFields = {
  approvalWorkflow: z.enum(APPROVAL_WORKFLOWS),
  invitationTextNl: text(SETTINGS_LIMITS.invitationText).transform(emptyToNull),
  invitationTextEn: text(SETTINGS_LIMITS.invitationText).transform(emptyToNull),
  // Goes into the From header: one line, no control characters.
  senderName: text(SETTINGS_LIMITS.senderName).refine((value) => !/\p{Cc}/u.test(value)).transform(emptyToNull),
  replyTo: text(SETTINGS_LIMITS.replyTo).pipe(z.union([z.literal(""), z.email()])).transform(emptyToNull),
  logoUrl: text(SETTINGS_LIMITS.logoUrl)
    .pipe(z.union([z.literal(""), z.url({ protocol: /^https$/, hostname: z.regexes.domain }).startsWith("https://")]))
    .transform(emptyToNull),
  accentColor: text(7)
    .refine((value) => value === "" || ACCENT_COLOR_PATTERN.test(value))
    .transform((value) => (value === "" ? null : `#${value.replace("#", "").toLowerCase()}`)),
  defaultLanguage: z.enum(LANGUAGES),
  codeLifetimeMinutes: z.coerce.number().int().refine((value) => (CODE_LIFETIME_CHOICES as readonly number[]).includes(value)),
  // Whether submissions get a deadline at all; the days count only then (see parseSettingsForm).
  approvalDeadline: flag,
  approvalDeadlineDays: wholeNumber(DEADLINE_LIMITS.days),
  // Empty: the database's default.
  approvalReminderHours: wholeNumber(DEADLINE_LIMITS.reminderHours).transform((hours) => hours ?? DEFAULT_REMINDER_HOURS),
  autoApproveAtDeadline: flag,
  // One line; unknown tags have their own message (see fieldError). Empty: the default template.
  attachmentFileName: text(SETTINGS_LIMITS.attachmentFileName)
    .refine((value) => !/\p{Cc}/u.test(value))
    .refine((value) => validateAttachmentTemplate(value).length === 0)
    .transform((value) => (value === "" ? DEFAULT_ATTACHMENT_TEMPLATE : value)),
} satisfies Record<SettingsField, z.ZodType>;

const settingsForm = z.object(settingsFields);

/** One message per field, saying what the field accepts. */
const FIELD_ERRORS: Record<SettingsField, FieldError> = {
  approvalWorkflow: { id: "admin.settings.error.choice" },
  invitationTextNl: { id: "admin.settings.error.text", values: { max: SETTINGS_LIMITS.invitationText } },
  invitationTextEn: { id: "admin.settings.error.text", values: { max: SETTINGS_LIMITS.invitationText } },
  senderName: { id: "admin.settings.error.senderName", values: { max: SETTINGS_LIMITS.senderName } },
  replyTo: { id: "admin.settings.error.replyTo" },
  logoUrl: { id: "admin.settings.error.logoUrl", values: { max: SETTINGS_LIMITS.logoUrl } },
  accentColor: { id: "admin.settings.error.accentColor" },
  defaultLanguage: { id: "admin.settings.error.choice" },
  codeLifetimeMinutes: { id: "admin.settings.error.choice" },
  approvalDeadline: { id: "admin.settings.error.choice" },
  approvalDeadlineDays: { id: "admin.settings.error.deadlineDays", values: DEADLINE_LIMITS.days },
  approvalReminderHours: { id: "admin.settings.error.reminderHours", values: DEADLINE_LIMITS.reminderHours },
  autoApproveAtDeadline: { id: "admin.settings.error.autoApproveWithoutDeadline" },
  attachmentFileName: { id: "admin.settings.error.attachmentFileName", values: { max: SETTINGS_LIMITS.attachmentFileName } },
};

/** The field's message; a file name template with unknown tags names them. */
function fieldError(field: SettingsField, input: Record<string, unknown>): FieldError {
  if (field === "attachmentFileName" && typeof input.attachmentFileName === "string") {
    const unknown = validateAttachmentTemplate(input.attachmentFileName);
    if (unknown.length > 0) {
      return { id: "admin.settings.error.unknownTags", values: { count: unknown.length, tags: unknown.map((tag) => `{${tag}}`).join(", ") } };
    }
  }
  return FIELD_ERRORS[field];
}

/** One field's value, or undefined when it is wrong (its own error says so). */
function valueOf<F extends SettingsField>(field: F, input: Record<string, unknown>): z.output<(typeof settingsFields)[F]> | undefined {
  const parsed = settingsFields[field].safeParse(input[field]);
  return parsed.success ? (parsed.data as z.output<(typeof settingsFields)[F]>) : undefined;
}

/** What no single field can check: a deadline needs its days, and only a deadline can approve automatically. */
function deadlineErrors(input: Record<string, unknown>, deadline: boolean, errors: FieldErrors): void {
  if (!deadline && valueOf("autoApproveAtDeadline", input)) errors.autoApproveAtDeadline = FIELD_ERRORS.autoApproveAtDeadline;
  if (deadline && valueOf("approvalDeadlineDays", input) === null) errors.approvalDeadlineDays = FIELD_ERRORS.approvalDeadlineDays;
}

export type SettingsFormResult =
  | { success: true; settings: TenantSettings }
  | { success: false; errors: FieldErrors };

/** The settings form, checked field by field: either all settings, or an error for each field that is wrong. */
export function parseSettingsForm(form: FormData | Record<string, unknown>): SettingsFormResult {
  const posted: Record<string, unknown> = form instanceof FormData ? Object.fromEntries(form) : form;
  const deadline = valueOf("approvalDeadline", posted) ?? false;
  // Without a deadline, the days field is out of sight and nothing of it is saved, so it cannot be wrong either.
  const input = deadline ? posted : { ...posted, approvalDeadlineDays: "" };
  const parsed = settingsForm.safeParse(input);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as SettingsField;
      if (field in FIELD_ERRORS) errors[field] = fieldError(field, input);
    }
  }
  deadlineErrors(input, deadline, errors);
  if (!parsed.success || Object.keys(errors).length > 0) return { success: false, errors };
  const { invitationTextNl, invitationTextEn, approvalDeadline, approvalDeadlineDays, ...rest } = parsed.data;
  return {
    success: true,
    settings: {
      ...rest,
      invitationText: { nl: invitationTextNl, en: invitationTextEn },
      approvalDeadlineDays: approvalDeadline ? approvalDeadlineDays : null,
    },
  };
}

// --- reading and saving ------------------------------------------------------

type SettingsRow = Omit<TenantSettings, "invitationText"> & { tenantName: string; texts: Record<string, unknown> | null };

async function readSettings(tx: Tx, lock: boolean): Promise<{ tenantName: string; settings: TenantSettings } | null> {
  // Limited to the admin's own tenant: a contact may read their portals' tenants, but these are not theirs to see.
  const [row] = await tx<SettingsRow[]>`
    select name as "tenantName", approval_workflow as "approvalWorkflow", invitation_text as texts,
      sender_name as "senderName", reply_to as "replyTo", brand_logo_url as "logoUrl",
      brand_accent_color as "accentColor", default_language as "defaultLanguage",
      code_lifetime_minutes as "codeLifetimeMinutes", approval_deadline_days as "approvalDeadlineDays",
      approval_reminder_hours as "approvalReminderHours", auto_approve_at_deadline as "autoApproveAtDeadline",
      attachment_file_name as "attachmentFileName"
    from public.tenants where id = (select private.admin_tenant_id())
    ${lock ? tx`for no key update` : tx``}`;
  if (!row) return null;
  const { tenantName, texts, ...settings } = row;
  const textIn = (language: Language) => (typeof texts?.[language] === "string" ? (texts[language] as string) : null);
  return { tenantName, settings: { ...settings, invitationText: { nl: textIn("nl"), en: textIn("en") } } };
}

/** The admin's tenant's name and settings; null for anyone else (RLS and the admin's claims decide). */
export function getTenantSettings(tx: Tx): Promise<{ tenantName: string; settings: TenantSettings } | null> {
  return readSettings(tx, false);
}

const SETTINGS_IN_PAGE_ORDER = [
  "approvalWorkflow", "approvalDeadlineDays", "approvalReminderHours", "autoApproveAtDeadline",
  "invitationText", "senderName", "replyTo", "logoUrl", "accentColor", "attachmentFileName", "defaultLanguage", "codeLifetimeMinutes",
] as const satisfies readonly (keyof TenantSettings)[];

/** Names of the settings that differ, e.g. `invitationText.en` — never their texts. */
export function changedSettings(before: TenantSettings, after: TenantSettings): string[] {
  const changed: string[] = [];
  for (const key of SETTINGS_IN_PAGE_ORDER) {
    if (key === "invitationText") {
      for (const language of LANGUAGES) {
        if (before.invitationText[language] !== after.invitationText[language]) changed.push(`invitationText.${language}`);
      }
    } else if (before[key] !== after[key]) {
      changed.push(key);
    }
  }
  return changed;
}

/** Settings whose new value the audit entry may show: choices, not texts or addresses. */
const CHOICES_SHOWN_IN_AUDIT = [
  "approvalWorkflow", "approvalDeadlineDays", "approvalReminderHours", "autoApproveAtDeadline", "defaultLanguage", "codeLifetimeMinutes",
] as const;

/**
 * Saves the admin's tenant's settings and records which ones changed, in the
 * same transaction. Null when the caller administers no (live) tenant: the
 * policies let an admin update only their own tenant's row.
 */
export async function saveTenantSettings(
  tx: Tx,
  input: { settings: TenantSettings; adminId: string; info: RequestInfo },
): Promise<{ changed: string[] } | null> {
  const current = await readSettings(tx, true);
  if (!current) return null;
  const next = input.settings;
  const changed = changedSettings(current.settings, next);
  if (changed.length === 0) return { changed };
  // Texts in other languages than the form's, should the host ever add some, stay as they are.
  const texts = Object.fromEntries(LANGUAGES.flatMap((language) => (next.invitationText[language] ? [[language, next.invitationText[language]]] : [])));
  const [updated] = await tx<{ id: string }[]>`
    update public.tenants set
      approval_workflow = ${next.approvalWorkflow},
      invitation_text = (invitation_text - ${[...LANGUAGES]}::text[]) || ${tx.json(texts)}::jsonb,
      sender_name = ${next.senderName}, reply_to = ${next.replyTo},
      brand_logo_url = ${next.logoUrl}, brand_accent_color = ${next.accentColor},
      default_language = ${next.defaultLanguage}, code_lifetime_minutes = ${next.codeLifetimeMinutes},
      approval_deadline_days = ${next.approvalDeadlineDays}, approval_reminder_hours = ${next.approvalReminderHours},
      auto_approve_at_deadline = ${next.autoApproveAtDeadline}, attachment_file_name = ${next.attachmentFileName},
      updated_at = now()
    where id = (select private.admin_tenant_id())
    returning id`;
  if (!updated) return null;
  const values = Object.fromEntries(CHOICES_SHOWN_IN_AUDIT.filter((key) => changed.includes(key)).map((key) => [key, next[key]]));
  await asServiceWithin(tx, "record an admin's settings change", (system) =>
    recordAudit(system, {
      tenantId: updated.id, actorKind: "admin", adminId: input.adminId, action: "settings.updated",
      subjectType: "tenant", subjectId: updated.id, ip: input.info.ip, userAgent: input.info.userAgent,
      details: { changed, ...(Object.keys(values).length > 0 ? { values } : {}) },
    }),
  );
  return { changed };
}
