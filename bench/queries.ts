import type { Tx } from "../app/.server/db";
import type { RegistrationFilter, RegistrationRow } from "../app/.server/registrations/list";
import { PAGE_SIZE } from "../app/shared/registrations";

/** What the baseline has to know that the contact side gets from the database. */
export type PortalSettings = { hoursVisibility: "hidden" | "without_description" | "full"; onlyPendingApproval: boolean };

/**
 * The same page as `listPortalRegistrations`, read with the RLS bypass: the
 * filters the policies and the view add (project, kind, period, not deleted,
 * the portal's pending-only setting and its description masking) written out
 * against the tables. This is what the page would cost without RLS; run it
 * inside `asService`.
 */
export async function listWithoutRls(
  tx: Tx,
  filter: RegistrationFilter,
  portal: PortalSettings,
): Promise<RegistrationRow[]> {
  const page = Math.max(1, filter.page ?? 1);
  const fullDescriptions = portal.hoursVisibility === "full";
  return tx<RegistrationRow[]>`
    select r.id, to_char(r.work_date, 'YYYY-MM-DD') as "workDate", e.name as "employeeName",
           t.name as "taskName", r.hours::text as hours, r.amount::text as amount, r.currency,
           r.distance_km::text as "distanceKm", r.status,
           case when r.kind <> 'hours' or ${fullDescriptions}::boolean then d.description end as description
    from public.registrations r
    join public.employees e on e.id = r.employee_id
    left join public.tasks t on t.id = r.task_id
    left join public.registration_descriptions d on d.registration_id = r.id
    where r.project_id = ${filter.projectId}
      and r.kind = ${filter.kind}
      and r.deleted_at is null
      and r.work_date >= ${filter.from ?? "0001-01-01"}::date
      and r.work_date <= ${filter.to ?? "9999-12-31"}::date
      ${portal.onlyPendingApproval ? tx`and r.status = 'pending_external'` : tx``}
    order by r.work_date desc, r.id
    limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`;
}

/**
 * A stand-in for `tx` that runs every tagged-template query it is given as
 * `explain (<options>) <query>` (statements starting with select or with;
 * fragments pass through) with the same parameters, collects the plan
 * lines in `sink`, and returns no rows. Passing it to `listPortalRegistrations`
 * explains exactly the statement the app runs, without copying its text.
 */
export function explaining(tx: Tx, options: string, sink: string[]): Tx {
  return new Proxy(tx, {
    apply(target, _thisArg, args: unknown[]) {
      const [strings, ...values] = args as [TemplateStringsArray, ...unknown[]];
      if (!Array.isArray(strings) || !Array.isArray((strings as TemplateStringsArray).raw)) {
        throw new Error("explaining() only handles tagged-template queries");
      }
      // Fragments (tx`and …`) are evaluated first and passed through untouched.
      if (!/^\s*(select|with)\b/i.test(strings[0] ?? "")) return Reflect.apply(target, _thisArg, args);
      const cooked = [...strings];
      const raw = [...strings.raw];
      cooked[0] = `explain (${options}) ${cooked[0]}`;
      raw[0] = `explain (${options}) ${raw[0]}`;
      const patched = Object.assign(cooked, { raw }) as unknown as TemplateStringsArray;
      const call = target as unknown as (s: TemplateStringsArray, ...v: unknown[]) => Promise<Record<string, string>[]>;
      return call(patched, ...values).then((rows) => {
        for (const row of rows) sink.push(row["QUERY PLAN"] ?? JSON.stringify(row));
        return [];
      });
    },
  });
}
