import type { IntlShape } from "react-intl";
import { z } from "zod";

/** Rows per page of the audit log, and at most this many rows go into one CSV export. */
export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 50_000;

/** Real calendar days only: Postgres refuses year 0 and 30 February, and the page must not fail on them. */
const day = z.iso.date().refine((value) => value >= "2000-01-01").optional().catch(undefined);
const optionalUuid = z.uuid().optional().catch(undefined);

/**
 * The audit log's filters, from the query string; anything malformed is
 * simply ignored. `contactId` is the person behind one or more memberships,
 * so that "what did Anna do" covers every portal she is in.
 */
export const auditFilterSchema = z.object({
  portalId: optionalUuid,
  contactId: optionalUuid,
  action: z.string().regex(/^[a-z0-9_.]{1,100}$/).optional().catch(undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

/** The action's human label in the caller's language; actions without one (new ones, other modules') show as written. */
export function auditActionLabel(intl: IntlShape, action: string): string {
  const id = `admin.audit.action.${action}`;
  return id in intl.messages ? intl.formatMessage({ id }) : action;
}

export function auditSubjectLabel(intl: IntlShape, subjectType: string): string {
  const id = `admin.audit.subject.${subjectType}`;
  return id in intl.messages ? intl.formatMessage({ id }) : subjectType;
}

type Actor = { actorKind: "contact" | "admin" | "system" | "host"; adminName: string | null; memberName: string | null };

/** Who acted: the admin or member by name (a generic word once they are gone), or the system or the host platform. */
export function auditActorName(intl: IntlShape, entry: Actor): string {
  const word = (kind: Actor["actorKind"]) => intl.formatMessage({ id: `admin.audit.actor.${kind}` });
  if (entry.actorKind === "admin") return entry.adminName ?? word("admin");
  if (entry.actorKind === "contact") return entry.memberName ?? word("contact");
  return word(entry.actorKind);
}
