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

/**
 * Appends to the audit log inside the caller's (service) transaction. A
 * contact's entry that names no tenant (a sign-in, a sign-out: a login spans
 * portals and tenants) is written once for every tenant the login is a member
 * of, so that each tenant's admins see it (F-31); with no membership, once
 * without a tenant.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  if (entry.actorKind === "contact" && entry.loginId && entry.tenantId === undefined) {
    const tenants = await tx<{ tenantId: string }[]>`
      select distinct tenant_id as "tenantId" from public.portal_members where login_id = ${entry.loginId} and removed_at is null`;
    if (tenants.length > 0) {
      for (const { tenantId } of tenants) await insertEntry(tx, { ...entry, tenantId });
      return;
    }
  }
  await insertEntry(tx, entry);
}

async function insertEntry(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx`
    insert into public.audit_log
      (tenant_id, actor_kind, login_id, admin_id, portal_id, member_id, action, subject_type, subject_id, ip, user_agent, details)
    values (${entry.tenantId ?? null}, ${entry.actorKind}, ${entry.loginId ?? null}, ${entry.adminId ?? null},
      ${entry.portalId ?? null}, ${entry.memberId ?? null}, ${entry.action}, ${entry.subjectType ?? null},
      ${entry.subjectId ?? null}, ${entry.ip ?? null}, ${entry.userAgent ?? null}, ${tx.json((entry.details ?? {}) as never)})`;
}
