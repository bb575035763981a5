import type { Tx } from "../db";
import type { Language } from "../../i18n";

export type LoginPortal = {
  id: string;
  name: string;
  language: Language;
  tenantName: string;
  customerName: string;
};

/** Every portal the signed-in login may open, across tenants (F-11). RLS decides. */
export async function listLoginPortals(tx: Tx): Promise<LoginPortal[]> {
  return tx<LoginPortal[]>`
    select p.id, p.name, p.language, t.name as "tenantName", c.name as "customerName"
    from public.portals p
    join public.tenants t on t.id = p.tenant_id
    join public.customers c on c.id = p.customer_id
    where p.id in (select m.portal_id from public.portal_members m where m.removed_at is null)
      and p.status = 'active'
    order by t.name, p.name`;
}

export type PortalSummary = LoginPortal & {
  hoursVisibility: "hidden" | "without_description" | "full";
  showExpenses: boolean;
  showMileage: boolean;
  showBudget: boolean;
  showMilestones: boolean;
};

export async function getPortal(tx: Tx, portalId: string): Promise<PortalSummary | null> {
  const [portal] = await tx<PortalSummary[]>`
    select p.id, p.name, p.language, t.name as "tenantName", c.name as "customerName",
      p.hours_visibility as "hoursVisibility", p.show_expenses as "showExpenses", p.show_mileage as "showMileage",
      p.show_budget as "showBudget", p.show_milestones as "showMilestones"
    from public.portals p
    join public.tenants t on t.id = p.tenant_id
    join public.customers c on c.id = p.customer_id
    where p.id = ${portalId}`;
  return portal ?? null;
}

export type PortalProject = {
  id: string;
  name: string;
  code: string | null;
  budgetHours: string | null;
  usedHours: string;
  milestonesTotal: number;
  milestonesDone: number;
  /** Registrations of any kind the portal shows that wait for the customer's approval (F-15). */
  waitingForApproval: number;
};

/**
 * The portal's projects with budget use and milestones, each only where this
 * portal shows them (the portal_budgets and portal_milestones views), and
 * what waits for the member's approval.
 */
export async function listPortalProjects(tx: Tx, portalId: string): Promise<PortalProject[]> {
  return tx<PortalProject[]>`
    select pr.id, pr.name, pr.code,
      (select sum(b.hours)::text from public.portal_budgets b
        where b.portal_id = ${portalId} and b.project_id = pr.id and b.budget_type = 'total_hours') as "budgetHours",
      (select coalesce(sum(r.hours), 0)::text from public.portal_registrations r
        where r.portal_id = ${portalId} and r.project_id = pr.id and r.kind = 'hours') as "usedHours",
      (select count(*)::int from public.portal_milestones m where m.portal_id = ${portalId} and m.project_id = pr.id) as "milestonesTotal",
      (select count(*)::int from public.portal_milestones m
        where m.portal_id = ${portalId} and m.project_id = pr.id and m.completed_on is not null) as "milestonesDone",
      (select count(*)::int from public.portal_registrations r
        where r.portal_id = ${portalId} and r.project_id = pr.id and r.status = 'pending_external') as "waitingForApproval"
    from public.portal_projects pp
    join public.projects pr on pr.id = pp.project_id
    where pp.portal_id = ${portalId} and pr.deleted_at is null
    order by pr.name`;
}

export async function getPortalProject(tx: Tx, portalId: string, projectId: string) {
  const [project] = await tx<{ id: string; name: string; code: string | null }[]>`
    select pr.id, pr.name, pr.code
    from public.portal_projects pp join public.projects pr on pr.id = pp.project_id
    where pp.portal_id = ${portalId} and pp.project_id = ${projectId} and pr.deleted_at is null`;
  return project ?? null;
}
