import type { Tx } from "../db";

export type AdminOverview = {
  tenant: { name: string; status: "active" | "disabled"; hostEventsStopped: boolean };
  portals: { active: number; disabled: number };
  /** Memberships, not people: a contact in two portals counts twice, once per portal they may open. */
  members: { active: number; invited: number; notInvited: number };
  approvals: { waiting: number; oldestSubmittedAt: Date | null; byCustomer: WaitingCustomer[] };
  attention: { failedEmails: number; failedInbound: number; waitingInbound: number; failedOutbound: number; heldOutbound: number };
};

/** A customer's waiting registrations; those outside every active portal that approves wait for nobody. */
export type WaitingCustomer = { customerId: string; customerName: string; count: number; withoutPortal: number };

type Counts = Omit<AdminOverview, "tenant" | "approvals"> & {
  tenant: AdminOverview["tenant"] | null;
  approvals: Omit<AdminOverview["approvals"], "byCustomer">;
};

/** How many customers the approvals card names; the rest are in the total. */
const WAITING_CUSTOMERS_SHOWN = 5;

/**
 * What the admin's tenant looks like at a glance, counted with the admin's
 * claims: RLS keeps every count to their own tenant. Null when the tenant is
 * out of reach (uninstalled).
 */
export async function loadAdminOverview(tx: Tx): Promise<AdminOverview | null> {
  // One statement, so the cards agree with each other and cost one round trip.
  const [counts] = await tx<Counts[]>`
    select
      (select json_build_object('name', t.name, 'status', t.status, 'hostEventsStopped', t.host_events_disabled_at is not null)
        from public.tenants t limit 1) as tenant,
      json_build_object(
        'active', (select count(*)::int from public.portals where status = 'active'),
        'disabled', (select count(*)::int from public.portals where status = 'disabled')
      ) as portals,
      (select json_build_object(
          'active', count(*) filter (where accepted_at is not null),
          'invited', count(*) filter (where accepted_at is null and invited_at is not null),
          'notInvited', count(*) filter (where accepted_at is null and invited_at is null))
        from public.portal_members where removed_at is null) as members,
      (select json_build_object('waiting', count(*), 'oldestSubmittedAt', min(submitted_at))
        from public.registrations where status = 'pending_external' and deleted_at is null) as approvals,
      json_build_object(
        'failedEmails', (select count(*)::int from public.email_outbox where status = 'failed'),
        'failedInbound', (select count(*)::int from public.host_event_failures where resolved_at is null and reason <> 'waiting'),
        'waitingInbound', (select count(*)::int from public.host_event_failures where resolved_at is null and reason = 'waiting'),
        'failedOutbound', (select count(*)::int from public.host_outbound_events where status = 'failed'),
        'heldOutbound', (select count(*)::int from public.host_outbound_events where status = 'held')
      ) as attention`;
  if (!counts?.tenant) return null;
  const byCustomer = await tx<WaitingCustomer[]>`
    select c.id as "customerId", c.name as "customerName", count(*)::int as count,
      (count(*) filter (where not exists (
        select 1 from public.portal_projects pp join public.portals p on p.id = pp.portal_id
        where pp.project_id = r.project_id and p.status = 'active' and p.can_approve)))::int as "withoutPortal"
    from public.registrations r join public.projects pr on pr.id = r.project_id join public.customers c on c.id = pr.customer_id
    where r.status = 'pending_external' and r.deleted_at is null
    group by c.id, c.name order by count(*) desc, c.name limit ${WAITING_CUSTOMERS_SHOWN}`;
  const { oldestSubmittedAt } = counts.approvals;
  return {
    ...counts,
    tenant: counts.tenant,
    // json_build_object hands timestamps over as text.
    approvals: { ...counts.approvals, oldestSubmittedAt: oldestSubmittedAt ? new Date(oldestSubmittedAt) : null, byCustomer },
  };
}
