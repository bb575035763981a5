-- Registrations (hours, expenses, mileage), budgets and milestones, invoices
-- and quotes. Enumerations are text + check rather than enum types: enum
-- equality is not leakproof, so under RLS it could not drive an index scan.

create table public.registrations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  project_id uuid not null references public.projects (id) on delete cascade,
  employee_id uuid not null references public.employees (id),
  task_id uuid references public.tasks (id),
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  kind text not null check (kind in ('hours', 'expense', 'mileage')),
  work_date date not null,
  hours numeric(6, 2) check (hours is null or hours between 0 and 24),
  amount numeric(12, 2),
  currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  distance_km numeric(8, 1) check (distance_km is null or distance_km >= 0),
  -- Where the tenant's approval workflow (F-2) has brought the registration.
  status text not null default 'open'
    check (status in ('open', 'pending_internal', 'pending_external', 'approved', 'rejected', 'changes_requested')),
  submitted_at timestamptz,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id),
  check (kind <> 'hours' or hours is not null),
  check (kind <> 'mileage' or distance_km is not null)
);
alter table public.registrations enable row level security;
create index registrations_project_kind_date_idx on public.registrations (project_id, kind, work_date desc, id);
create index registrations_pending_idx on public.registrations (project_id, kind)
  where status = 'pending_external';
create index registrations_tenant_id_idx on public.registrations (tenant_id);

-- Descriptions live apart so that RLS alone can withhold them: a portal that
-- shows hours "without description" lets its members read the registration
-- but never this row (F-4).
create table public.registration_descriptions (
  registration_id uuid primary key references public.registrations (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  project_id uuid not null references public.projects (id) on delete cascade,
  kind text not null check (kind in ('hours', 'expense', 'mileage')),
  description text not null
);
alter table public.registration_descriptions enable row level security;
create index registration_descriptions_project_idx on public.registration_descriptions (project_id, kind);

create table public.budgets (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  project_id uuid not null references public.projects (id) on delete cascade,
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  -- 'total_costs' is the tenant's internal cost budget: never shown in a portal.
  budget_type text not null check (budget_type in ('total_hours', 'total_fees', 'total_costs')),
  hours numeric(10, 2),
  amount numeric(12, 2),
  currency text not null default 'EUR',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.budgets enable row level security;
create index budgets_project_id_idx on public.budgets (project_id);

create table public.milestones (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  project_id uuid not null references public.projects (id) on delete cascade,
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  name text not null,
  due_on date,
  completed_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.milestones enable row level security;
create index milestones_project_id_idx on public.milestones (project_id);

create table public.invoices (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  project_id uuid references public.projects (id),
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  number text not null,
  subject text,
  -- 'overdue' is derived from due_on; a draft is never visible to a member.
  status text not null check (status in ('draft', 'open', 'paid', 'credited')),
  issued_on date,
  due_on date,
  paid_on date,
  currency text not null default 'EUR',
  total_excl_vat numeric(12, 2) not null,
  total_incl_vat numeric(12, 2) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.invoices enable row level security;
create index invoices_customer_id_idx on public.invoices (customer_id, issued_on desc);

create table public.quotes (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  project_id uuid references public.projects (id),
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  number text not null,
  subject text,
  status text not null check (status in ('draft', 'open', 'accepted', 'declined', 'expired')),
  issued_on date,
  valid_until date,
  currency text not null default 'EUR',
  total_excl_vat numeric(12, 2) not null,
  total_incl_vat numeric(12, 2) not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.quotes enable row level security;
create index quotes_customer_id_idx on public.quotes (customer_id, issued_on desc);

-- ---------------------------------------------------------------------------
-- Helpers for what a portal shows.
-- ---------------------------------------------------------------------------

-- (project, kind, pending-only) triples the contact's portals show (F-4).
-- PL/pgSQL with `rows` for the reasons given with the helpers in the
-- previous migration.
create function private.contact_registration_scopes()
returns table (project_id uuid, kind text, pending_only boolean)
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 20
as $$
#variable_conflict use_column
declare
  portal_ids uuid[] := array(select private.contact_portal_ids());
begin
  return query
    select pp.project_id, k.kind, p.only_pending_approval
    from unnest(portal_ids) as portal (id)
    join public.portals p on p.id = portal.id
    join public.portal_projects pp on pp.portal_id = p.id
    cross join lateral (
      values ('hours', p.hours_visibility <> 'hidden'),
             ('expense', p.show_expenses),
             ('mileage', p.show_mileage)
    ) as k (kind, shown)
    where k.shown;
end
$$;

-- Projects whose hour descriptions one of the contact's portals shows in full.
create function private.contact_full_description_project_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 10
as $$
declare
  portal_ids uuid[] := array(select private.contact_portal_ids());
begin
  return query
    select pp.project_id
    from unnest(portal_ids) as portal (id)
    join public.portals p on p.id = portal.id
    join public.portal_projects pp on pp.portal_id = p.id
    where p.hours_visibility = 'full';
end
$$;

-- Customers whose invoices/quotes a contact's portals show; F-36 narrows that
-- to the portal's projects.
create function private.contact_invoice_scopes(document text)
returns table (customer_id uuid, project_id uuid, whole_customer boolean)
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 10
as $$
#variable_conflict use_column
declare
  login uuid := private.contact_login_id();
  portal_ids uuid[] := array(select private.contact_portal_ids());
begin
  return query
    select p.customer_id, pp.project_id, not p.only_project_invoices
    from unnest(portal_ids) as portal (id)
    join public.portals p on p.id = portal.id
    join public.portal_members m on m.portal_id = p.id
    left join public.portal_projects pp on pp.portal_id = p.id and p.only_project_invoices
    where m.login_id = login
      and m.removed_at is null
      and case document
            when 'invoice' then p.show_invoices and m.can_view_invoices
            when 'quote' then p.show_quotes and m.can_view_quotes
            else false
          end;
end
$$;

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to authenticated, service_role;

grant select on public.registrations, public.registration_descriptions, public.budgets,
  public.milestones, public.invoices, public.quotes to authenticated;
grant all on public.registrations, public.registration_descriptions, public.budgets,
  public.milestones, public.invoices, public.quotes to service_role;

create policy "Tenant admins and members read registrations portals show"
  on public.registrations for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      deleted_at is null
      and (
        (project_id, kind) in (
          select s.project_id, s.kind from private.contact_registration_scopes() s where not s.pending_only
        )
        or (
          status = 'pending_external'
          and (project_id, kind) in (select s.project_id, s.kind from private.contact_registration_scopes() s)
        )
      )
    )
  );

create policy "Tenant admins and members read descriptions shown in full"
  on public.registration_descriptions for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      kind = 'hours'
      and project_id in (select private.contact_full_description_project_ids())
      and exists (select 1 from public.registrations r where r.id = registration_id)
    )
    or (
      kind <> 'hours'
      and exists (select 1 from public.registrations r where r.id = registration_id)
    )
  );

create policy "Tenant admins and members read client budgets portals show"
  on public.budgets for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      deleted_at is null
      and budget_type <> 'total_costs'
      and project_id in (
        select pp.project_id from public.portal_projects pp
        join public.portals p on p.id = pp.portal_id
        where p.show_budget
      )
    )
  );

create policy "Tenant admins and members read milestones portals show"
  on public.milestones for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      deleted_at is null
      and project_id in (
        select pp.project_id from public.portal_projects pp
        join public.portals p on p.id = pp.portal_id
        where p.show_milestones
      )
    )
  );

create policy "Tenant admins and members read sent invoices portals show"
  on public.invoices for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      deleted_at is null
      and status <> 'draft'
      and (
        customer_id in (select s.customer_id from private.contact_invoice_scopes('invoice') s where s.whole_customer)
        or project_id in (select s.project_id from private.contact_invoice_scopes('invoice') s where not s.whole_customer)
      )
    )
  );

create policy "Tenant admins and members read sent quotes portals show"
  on public.quotes for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      deleted_at is null
      and status <> 'draft'
      and (
        customer_id in (select s.customer_id from private.contact_invoice_scopes('quote') s where s.whole_customer)
        or project_id in (select s.project_id from private.contact_invoice_scopes('quote') s where not s.whole_customer)
      )
    )
  );
