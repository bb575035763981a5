-- What one portal shows of its projects' budgets and milestones (F-4, F-16).
-- The budgets and milestones policies let a member read what any of their
-- portals shows; these views narrow that to the one portal asked about, so
-- that a portal without "show budget" never shows one, even to a member whose
-- other portal does. security_invoker: the caller's RLS still applies beneath.

create view public.portal_budgets with (security_invoker = true) as
select p.id as portal_id, b.id, b.tenant_id, b.project_id, b.budget_type, b.hours, b.amount, b.currency
from public.portals p
join public.portal_projects pp on pp.portal_id = p.id
join public.budgets b on b.project_id = pp.project_id
where p.show_budget
  and b.deleted_at is null
  and b.budget_type <> 'total_costs';

create view public.portal_milestones with (security_invoker = true) as
select p.id as portal_id, m.id, m.tenant_id, m.project_id, m.name, m.due_on, m.completed_on
from public.portals p
join public.portal_projects pp on pp.portal_id = p.id
join public.milestones m on m.project_id = pp.project_id
where p.show_milestones
  and m.deleted_at is null;

grant select on public.portal_budgets, public.portal_milestones to authenticated, service_role;
