import type { Tx } from "../db";

import { PAGE_SIZE, type RegistrationKind } from "../../shared/registrations";

export type RegistrationFilter = {
  portalId: string;
  projectId: string;
  kind: RegistrationKind;
  from?: string; // yyyy-MM-dd, inclusive
  to?: string; // yyyy-MM-dd, inclusive
  page?: number; // 1-based
};

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
 * One page of a project's registrations as a portal shows them. Runs through
 * the portal_registrations view, so visibility and masking come from the
 * database, whoever calls it.
 */
export async function listPortalRegistrations(tx: Tx, filter: RegistrationFilter): Promise<RegistrationRow[]> {
  const page = Math.max(1, filter.page ?? 1);
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
    order by r.work_date desc, r.id
    limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`;
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
      and r.work_date <= ${filter.to ?? "9999-12-31"}::date`;
  return row!;
}
