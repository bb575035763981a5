import type { Language, MessageId } from "../i18n";
import { ATTACHMENT_NAME_MAX } from "./attachment-file-name";

/**
 * The tenant settings form's contract, shared by the page and the server's
 * validation (app/.server/portals/tenant-settings.ts) so that the two cannot
 * drift apart. The database checks workflows, languages and lifetimes again.
 */
export const APPROVAL_WORKFLOWS = ["internal", "internal_external", "external_internal", "external"] as const;
export type ApprovalWorkflow = (typeof APPROVAL_WORKFLOWS)[number];

/** Only these let a portal offer "Customer approves hours" (F-2, F-4). */
export function workflowHasCustomerStep(workflow: ApprovalWorkflow): boolean {
  return workflow !== "internal";
}

export const SETTINGS_LIMITS = {
  invitationText: 2000,
  senderName: 100,
  replyTo: 254,
  logoUrl: 500,
  attachmentFileName: ATTACHMENT_NAME_MAX,
} as const;

/** Approval deadlines (F-35), as the database checks them. */
export const DEADLINE_LIMITS = {
  days: { min: 1, max: 60 },
  reminderHours: { min: 1, max: 336 },
} as const;

/** What the database starts a tenant with. */
export const DEFAULT_REMINDER_HOURS = 24;

/** #rrggbb; the leading # may be left out while typing. */
export const ACCENT_COLOR_PATTERN = /^#?[0-9a-fA-F]{6}$/;

/** What e-mails and portals use when the tenant chose no colour (the same as emails/layout.tsx's default). */
export const FALLBACK_ACCENT_COLOR = "#1f5199";

/** A tenant's settings (F-2, F-10); null where the tenant chose nothing and the defaults apply. */
export type TenantSettings = {
  approvalWorkflow: ApprovalWorkflow;
  invitationText: Record<Language, string | null>;
  senderName: string | null;
  replyTo: string | null;
  logoUrl: string | null;
  accentColor: string | null;
  defaultLanguage: Language;
  codeLifetimeMinutes: number;
  /** Days after a submission; null: submissions have no deadline. */
  approvalDeadlineDays: number | null;
  approvalReminderHours: number;
  /** Only with a deadline. */
  autoApproveAtDeadline: boolean;
  /** A template of app/shared/attachment-file-name.ts. */
  attachmentFileName: string;
};

/** The form's fields, as posted. */
export const SETTINGS_FIELDS = [
  "approvalWorkflow", "invitationTextNl", "invitationTextEn", "senderName", "replyTo", "logoUrl", "accentColor",
  "defaultLanguage", "codeLifetimeMinutes", "approvalDeadline", "approvalDeadlineDays", "approvalReminderHours",
  "autoApproveAtDeadline", "attachmentFileName",
] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];

/** What is wrong with a field, as a message of the admin's language. */
export type FieldError = { id: MessageId; values?: Record<string, string | number> };
export type FieldErrors = Partial<Record<SettingsField, FieldError>>;
