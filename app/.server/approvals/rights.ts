import type { Tx } from "../db";

/** What the signed-in member may do with registrations in one portal, and what follows from it. */
export type ApprovalRights = {
  portalId: string;
  tenantId: string;
  portalName: string;
  customerName: string;
  tenantName: string;
  memberId: string;
  loginId: string;
  memberName: string;
  memberEmail: string;
  requireSignature: boolean;
  /** The portal lets customers approve, this member may, and the tenant's workflow has an external step. */
  canDecide: boolean;
  /** Where an approval takes a registration: "approved", or "pending_internal" when internal approval follows. */
  statusAfterApproval: "approved" | "pending_internal" | null;
};

/**
 * The member's own membership of the portal, as the policies let them read
 * it; null when the portal is not theirs (or no longer). The workflow's
 * outcome comes from the same database function that applies decisions.
 */
export async function approvalRights(tx: Tx, portalId: string): Promise<ApprovalRights | null> {
  const [rights] = await tx<ApprovalRights[]>`
    select p.id as "portalId", p.tenant_id as "tenantId", p.name as "portalName", c.name as "customerName",
      t.name as "tenantName", m.id as "memberId", m.login_id as "loginId", trim(ct.first_name || ' ' || ct.last_name) as "memberName",
      l.email as "memberEmail", p.require_signature as "requireSignature",
      (p.can_approve and m.can_approve and private.status_after_external_decision(t.approval_workflow, 'approved') is not null) as "canDecide",
      private.status_after_external_decision(t.approval_workflow, 'approved') as "statusAfterApproval"
    from public.portals p
    join public.tenants t on t.id = p.tenant_id
    join public.customers c on c.id = p.customer_id
    join public.portal_members m on m.portal_id = p.id and m.removed_at is null
    join public.contacts ct on ct.id = m.contact_id
    join public.logins l on l.id = m.login_id
    where p.id = ${portalId}
      and m.login_id = (select auth.uid())`;
  return rights ?? null;
}
