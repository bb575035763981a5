import { stringify } from "csv-stringify/sync";
import { intlFor, type Language, type MessageId } from "../../i18n";
import { auditActionLabel, auditActorName, auditSubjectLabel } from "../../shared/audit-filter";
import type { RequestInfo } from "../auth/request-info";
import { asServiceWithin, withClaims, type AdminClaims } from "../db";
import { exportAuditLog, type AuditFilter, type AuditRow } from "./list";
import { recordAudit } from "./record";

const TIME_ZONE = "Europe/Amsterdam";
// Swedish writes dates as ISO does: "2026-11-25 14:03:12", sortable in any spreadsheet.
const timestamp = new Intl.DateTimeFormat("sv-SE", {
  timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
});

/** Today in Amsterdam, for the file name. */
export function auditExportDay(now = new Date()): string {
  return timestamp.format(now).slice(0, 10);
}

// Names come from the host and from customers: a cell starting like a formula
// must stay text when the file is opened in a spreadsheet.
function text(value: string | null): string {
  if (!value) return "";
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The audit log's CSV in the admin's language: Dutch gets semicolons, as
 * Excel expects there; details stay JSON, exactly as logged.
 */
export function auditLogCsv(rows: AuditRow[], language: Language): string {
  const intl = intlFor(language);
  const t = (id: MessageId) => intl.formatMessage({ id });
  const header = [
    t("admin.audit.column.time"), t("admin.audit.column.who"), t("admin.audit.column.email"), t("admin.audit.column.action"),
    t("admin.audit.column.actionCode"), t("admin.audit.column.portal"), t("admin.audit.column.member"),
    t("admin.audit.column.subject"), t("admin.audit.column.subjectId"), t("admin.audit.column.ip"),
    t("admin.audit.column.device"), t("admin.audit.column.details"),
  ];
  const records = rows.map((row) => [
    timestamp.format(row.occurredAt),
    text(auditActorName(intl, row)),
    text(row.actorKind === "contact" ? row.memberEmail : null),
    auditActionLabel(intl, row.action),
    row.action,
    text(row.portalName ?? (row.portalId ? t("admin.audit.removedPortal") : null)),
    text(row.actorKind === "contact" ? null : row.memberName),
    row.subjectType ? auditSubjectLabel(intl, row.subjectType) : "",
    row.subjectId ?? "",
    row.ip ?? "",
    row.device ?? "",
    Object.keys(row.details).length > 0 ? JSON.stringify(row.details) : "",
  ]);
  // The byte-order mark makes Excel read the file as UTF-8.
  return `\uFEFF${stringify([header, ...records], { delimiter: language === "nl" ? ";" : "," })}`;
}

/**
 * The filtered log as CSV for a tenant admin; the export is itself an entry
 * in the log, in the same transaction, so that no export goes unrecorded.
 * It is written after reading, and so is not in its own file.
 */
export async function exportAuditLogCsv(
  claims: AdminClaims,
  input: { filter: AuditFilter; language: Language; info: RequestInfo },
): Promise<string> {
  const { portalId, contactId, action, from, to } = input.filter;
  const rows = await withClaims(claims, async (tx) => {
    const rows = await exportAuditLog(tx, input.filter);
    await asServiceWithin(tx, "audit an audit-log export", (system) =>
      recordAudit(system, {
        tenantId: claims.tenantId, actorKind: "admin", adminId: claims.adminId, portalId: portalId ?? null,
        action: "audit.exported", ip: input.info.ip, userAgent: input.info.userAgent,
        details: { filters: { portalId, contactId, action, from, to }, rows: rows.length },
      }),
    );
    return rows;
  });
  return auditLogCsv(rows, input.language);
}
