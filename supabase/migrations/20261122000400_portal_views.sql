-- What a portal shows, one row per (portal, registration), with the portal's
-- masking applied. security_invoker: the caller's RLS still decides which
-- portals and rows exist at all; this view only narrows and masks (F-4).

create view public.portal_registrations with (security_invoker = true) as
select
  p.id as portal_id,
  r.id,
  r.tenant_id,
  r.project_id,
  r.employee_id,
  r.task_id,
  r.kind,
  r.work_date,
  r.hours,
  r.amount,
  r.currency,
  r.distance_km,
  r.status,
  r.submitted_at,
  r.decided_at,
  case when r.kind <> 'hours' or p.hours_visibility = 'full' then d.description end as description
from public.portals p
join public.portal_projects pp on pp.portal_id = p.id
join public.registrations r on r.project_id = pp.project_id
left join public.registration_descriptions d on d.registration_id = r.id
where r.deleted_at is null
  and (
    (r.kind = 'hours' and p.hours_visibility <> 'hidden')
    or (r.kind = 'expense' and p.show_expenses)
    or (r.kind = 'mileage' and p.show_mileage)
  )
  and (not p.only_pending_approval or r.status = 'pending_external');

grant select on public.portal_registrations to authenticated;
grant select on public.portal_registrations to service_role;
