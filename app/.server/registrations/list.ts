import type { Tx } from "../db";

import { PAGE_SIZE, type RegistrationKind, type RegistrationStatus } from "../../shared/registrations";

export type RegistrationFilter = {
  portalId: string;
  projectId: string;
  kind: RegistrationKind;
  from?: string; // yyyy-MM-dd, inclusive
  to?: string; // yyyy-MM-dd, inclusive
  employeeId?: string;
  taskId?: string;
  status?: RegistrationStatus;
  page?: number; // 1-based
};

/** At most this many rows go into one CSV export. */
export const EXPORT_LIMIT = 50_000;

/** The optional filters, as fragments: absent filters leave the statement exactly as it was. */
function optionalFilters(tx: Tx, filter: Omit<RegistrationFilter, "page">) {
  return tx`${filter.employeeId ? tx`and r.employee_id = ${filter.employeeId}` : tx``}
    ${filter.taskId ? tx`and r.task_id = ${filter.taskId}` : tx``}
    ${filter.status ? tx`and r.status = ${filter.status}` : tx``}`;
}

export type RegistrationRow = {
  id: string;
  workDate: string;
  employeeName: string;
  taskName: string | null;
  hours: string | null;
  amount: string | null;
  currency: string;
  distanceKm: string | null;
  status: string;
  description: string | null;
};

/**
 * Registrations of a project as a portal shows them, newest first. Runs
 * through the portal_registrations view, so visibility and masking come from
 * the database, whoever calls it.
 */
function selectRegistrations(tx: Tx, filter: Omit<RegistrationFilter, "page">, limit: number, offset: number) {
  return tx<RegistrationRow[]>`
    select r.id, to_char(r.work_date, 'YYYY-MM-DD') as "workDate", e.name as "employeeName",
           t.name as "taskName", r.hours::text as hours, r.amount::text as amount, r.currency,
           r.distance_km::text as "distanceKm", r.status, r.description
    from public.portal_registrations r
    join public.employees e on e.id = r.employee_id
    left join public.tasks t on t.id = r.task_id
    where r.portal_id = ${filter.portalId}
      and r.project_id = ${filter.projectId}
      and r.kind = ${filter.kind}
      and r.work_date >= ${filter.from ?? "0001-01-01"}::date
      and r.work_date <= ${filter.to ?? "9999-12-31"}::date
      ${optionalFilters(tx, filter)}
    order by r.work_date desc, r.id
    limit ${limit} offset ${offset}`;
}

/** One page (PAGE_SIZE rows). */
export async function listPortalRegistrations(tx: Tx, filter: RegistrationFilter): Promise<RegistrationRow[]> {
  const page = Math.max(1, filter.page ?? 1);
  return selectRegistrations(tx, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE);
}

/** Every row of the filter (up to EXPORT_LIMIT), for the CSV export. */
export async function exportPortalRegistrations(tx: Tx, filter: Omit<RegistrationFilter, "page">): Promise<RegistrationRow[]> {
  return selectRegistrations(tx, filter, EXPORT_LIMIT, 0);
}

export type FilterOptions = { employees: Array<{ id: string; name: string }>; tasks: Array<{ id: string; name: string }> };

/** Everyone who was ever on the project (F-9), and its tasks; RLS decides what the caller may see. */
export async function registrationFilterOptions(tx: Tx, projectId: string): Promise<FilterOptions> {
  const employees = await tx<FilterOptions["employees"]>`
    select e.id, e.name from public.project_members pm join public.employees e on e.id = pm.employee_id
    where pm.project_id = ${projectId}
    order by e.name`;
  const tasks = await tx<FilterOptions["tasks"]>`
    select id, name from public.tasks where project_id = ${projectId} and deleted_at is null order by name`;
  return { employees, tasks };
}

export type RegistrationTotals = { count: number; hours: string; amount: string; distanceKm: string };

export async function totalPortalRegistrations(
  tx: Tx,
  filter: Omit<RegistrationFilter, "page">,
): Promise<RegistrationTotals> {
  const [row] = await tx<RegistrationTotals[]>`
    select count(*)::int as count, coalesce(sum(hours), 0)::text as hours,
           coalesce(sum(amount), 0)::text as amount, coalesce(sum(distance_km), 0)::text as "distanceKm"
    from public.portal_registrations r
    where r.portal_id = ${filter.portalId}
      and r.project_id = ${filter.projectId}
      and r.kind = ${filter.kind}
      and r.work_date >= ${filter.from ?? "0001-01-01"}::date
      and r.work_date <= ${filter.to ?? "9999-12-31"}::date
      ${optionalFilters(tx, filter)}`;
  return row!;
}
