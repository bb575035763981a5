import type { Tx } from "../db";

export type AuditEntry = {
  tenantId?: string | null;
  actorKind: "contact" | "admin" | "system" | "host";
  loginId?: string | null;
  adminId?: string | null;
  portalId?: string | null;
  memberId?: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
};

/** Appends to the audit log inside the caller's (service) transaction. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx`
    insert into public.audit_log
      (tenant_id, actor_kind, login_id, admin_id, portal_id, member_id, action, subject_type, subject_id, ip, user_agent, details)
    values (${entry.tenantId ?? null}, ${entry.actorKind}, ${entry.loginId ?? null}, ${entry.adminId ?? null},
      ${entry.portalId ?? null}, ${entry.memberId ?? null}, ${entry.action}, ${entry.subjectType ?? null},
      ${entry.subjectId ?? null}, ${entry.ip ?? null}, ${entry.userAgent ?? null}, ${tx.json((entry.details ?? {}) as never)})`;
}
