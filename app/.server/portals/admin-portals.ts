import type { Tx } from "../db";

export type AdminPortalRow = {
  id: string;
  name: string;
  customerName: string;
  language: string;
  status: "active" | "disabled";
  memberCount: number;
  projectCount: number;
};

/**
 * The admin's tenant's portals, or those of one customer (the host's "Open
 * portal" action names it by its host id). RLS limits to the admin's own tenant.
 */
export async function listTenantPortals(tx: Tx, customerHostId: string | null = null): Promise<AdminPortalRow[]> {
  return tx<AdminPortalRow[]>`
    select p.id, p.name, c.name as "customerName", p.language, p.status,
      (select count(*)::int from public.portal_members m where m.portal_id = p.id and m.removed_at is null) as "memberCount",
      (select count(*)::int from public.portal_projects pp where pp.portal_id = p.id) as "projectCount"
    from public.portals p join public.customers c on c.id = p.customer_id
    where ${customerHostId}::text is null or c.host_id = ${customerHostId}
    order by c.name, p.name`;
}

export async function getTenantName(tx: Tx): Promise<string | null> {
  const [tenant] = await tx<{ name: string }[]>`select name from public.tenants limit 1`;
  return tenant?.name ?? null;
}

export type AdminPortalDetail = {
  portal: {
    id: string; name: string; customerName: string; language: string; status: string;
    hoursVisibility: string; showExpenses: boolean; showMileage: boolean; showBudget: boolean;
    showMilestones: boolean; showInvoices: boolean; showQuotes: boolean; canApprove: boolean;
    requireSignature: boolean; onlyPendingApproval: boolean; onlyProjectInvoices: boolean;
  };
  projects: Array<{ id: string; name: string; code: string | null }>;
  members: Array<{
    id: string; name: string; email: string; invitedAt: Date | null; acceptedAt: Date | null;
    lastSignInAt: Date | null; removedAt: Date | null;
  }>;
};

export async function getTenantPortal(tx: Tx, portalId: string): Promise<AdminPortalDetail | null> {
  const [portal] = await tx<AdminPortalDetail["portal"][]>`
    select p.id, p.name, c.name as "customerName", p.language, p.status,
      p.hours_visibility as "hoursVisibility", p.show_expenses as "showExpenses", p.show_mileage as "showMileage",
      p.show_budget as "showBudget", p.show_milestones as "showMilestones", p.show_invoices as "showInvoices",
      p.show_quotes as "showQuotes", p.can_approve as "canApprove", p.require_signature as "requireSignature",
      p.only_pending_approval as "onlyPendingApproval", p.only_project_invoices as "onlyProjectInvoices"
    from public.portals p join public.customers c on c.id = p.customer_id
    where p.id = ${portalId}`;
  if (!portal) return null;
  const projects = await tx<AdminPortalDetail["projects"]>`
    select pr.id, pr.name, pr.code from public.portal_projects pp join public.projects pr on pr.id = pp.project_id
    where pp.portal_id = ${portalId} order by pr.name`;
  const members = await tx<AdminPortalDetail["members"]>`
    select m.id, c.first_name || ' ' || c.last_name as name, c.email, m.invited_at as "invitedAt",
      m.accepted_at as "acceptedAt", m.last_sign_in_at as "lastSignInAt", m.removed_at as "removedAt"
    from public.portal_members m join public.contacts c on c.id = m.contact_id
    where m.portal_id = ${portalId} order by c.last_name, c.first_name`;
  return { portal, projects, members };
}
