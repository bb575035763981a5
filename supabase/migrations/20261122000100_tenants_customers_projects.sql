-- Tenants and what the host platform pushes about them: customers, contacts,
-- sites, employees, projects and who was ever on a project (F-9).
-- Host-owned rows carry host_id + host_version (an older event never overwrites
-- a newer one) and deleted_at (a tombstone a late update cannot bring back).

create table public.tenants (
  id uuid primary key default gen_random_uuid(),
  host_workspace_id text not null unique,
  name text not null check (length(name) between 1 and 200),
  status text not null default 'active' check (status in ('active', 'disabled', 'uninstalled')),
  deletion_due_at timestamptz,
  approval_workflow text not null default 'internal_external'
    check (approval_workflow in ('internal', 'internal_external', 'external_internal', 'external')),
  code_lifetime_minutes integer not null default 10 check (code_lifetime_minutes between 5 and 15),
  invitation_text jsonb not null default '{}'::jsonb,
  sender_name text,
  reply_to text,
  brand_logo_url text,
  brand_accent_color text check (brand_accent_color ~ '^#[0-9a-fA-F]{6}$'),
  default_language text not null default 'nl' check (default_language in ('nl', 'en')),
  auto_approve_at_deadline boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.tenants enable row level security;

-- People of the tenant who administer Portaal; created from the host's signed
-- admin token (or the demo sign-in).
create table public.tenant_admins (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  host_user_id text not null,
  email text not null,
  name text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz,
  unique (tenant_id, host_user_id)
);
alter table public.tenant_admins enable row level security;

create table public.customers (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  name text not null,
  is_reseller boolean not null default false,
  reseller_id uuid references public.customers (id),
  email text,
  phone text,
  vat_number text,
  chamber_of_commerce text,
  address_line text,
  postal_code text,
  city text,
  country text not null default 'NL',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.customers enable row level security;

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  first_name text not null,
  last_name text not null,
  email text not null check (email = lower(email)),
  job_title text,
  phone text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.contacts enable row level security;
create index contacts_customer_id_idx on public.contacts (customer_id);

create table public.sites (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  name text not null,
  address_line text,
  postal_code text,
  city text,
  country text not null default 'NL',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.sites enable row level security;
create index sites_customer_id_idx on public.sites (customer_id);

create table public.employees (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  name text not null,
  email text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.employees enable row level security;

create table public.projects (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  name text not null,
  code text,
  status text not null default 'active' check (status in ('active', 'completed', 'archived')),
  starts_on date,
  ends_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.projects enable row level security;
create index projects_customer_id_idx on public.projects (customer_id);

-- Kept after an employee leaves the project: the portal's employee filter
-- lists everyone who was ever on it (F-9).
create table public.project_members (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  project_id uuid not null references public.projects (id) on delete cascade,
  employee_id uuid not null references public.employees (id) on delete cascade,
  joined_at timestamptz not null default now(),
  left_at timestamptz,
  primary key (project_id, employee_id)
);
alter table public.project_members enable row level security;

create table public.tasks (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  project_id uuid not null references public.projects (id) on delete cascade,
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.tasks enable row level security;
create index tasks_project_id_idx on public.tasks (project_id);

-- One login per e-mail address, across portals and tenants (F-11).
create table public.logins (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email) and position('@' in email) > 1),
  preferred_language text check (preferred_language in ('nl', 'en')),
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz
);
alter table public.logins enable row level security;

create table public.login_codes (
  id uuid primary key default gen_random_uuid(),
  login_id uuid not null references public.logins (id) on delete cascade,
  code_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  failed_attempts integer not null default 0,
  consumed_at timestamptz,
  requested_ip text
);
alter table public.login_codes enable row level security;
create index login_codes_login_id_idx on public.login_codes (login_id, created_at desc);

create table public.sessions (
  id uuid primary key default gen_random_uuid(),
  login_id uuid not null references public.logins (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_used_at timestamptz not null default now(),
  ip text,
  user_agent text,
  ended_at timestamptz,
  ended_reason text
);
alter table public.sessions enable row level security;
create index sessions_login_id_idx on public.sessions (login_id);

create table public.portals (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  name text not null check (length(name) between 1 and 120),
  language text not null default 'nl' check (language in ('nl', 'en')),
  status text not null default 'active' check (status in ('active', 'disabled')),
  -- What the portal shows (F-4).
  hours_visibility text not null default 'without_description'
    check (hours_visibility in ('hidden', 'without_description', 'full')),
  show_expenses boolean not null default false,
  show_mileage boolean not null default false,
  show_budget boolean not null default false,
  show_milestones boolean not null default false,
  show_invoices boolean not null default false,
  show_quotes boolean not null default false,
  show_orders boolean not null default false,
  order_hours_visibility text not null default 'hidden'
    check (order_hours_visibility in ('hidden', 'without_description', 'full')),
  show_documents boolean not null default false,
  show_subscriptions boolean not null default false,
  show_assets boolean not null default false,
  show_jobs boolean not null default false,
  only_pending_approval boolean not null default false,
  can_approve boolean not null default false,
  require_signature boolean not null default false,
  can_edit_company boolean not null default false,
  can_file_work_requests boolean not null default false,
  -- F-36: invoices and quotes of the portal's projects only (default: the whole customer, F-5).
  only_project_invoices boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.portals enable row level security;
create index portals_tenant_id_idx on public.portals (tenant_id);
create index portals_customer_id_idx on public.portals (customer_id);

create table public.portal_projects (
  portal_id uuid not null references public.portals (id) on delete cascade,
  project_id uuid not null references public.projects (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  primary key (portal_id, project_id)
);
alter table public.portal_projects enable row level security;
create index portal_projects_project_id_idx on public.portal_projects (project_id);

create table public.portal_members (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  portal_id uuid not null references public.portals (id) on delete cascade,
  contact_id uuid not null references public.contacts (id) on delete cascade,
  login_id uuid not null references public.logins (id),
  -- Permissions (F-6).
  can_view_invoices boolean not null default true,
  can_view_quotes boolean not null default true,
  can_view_documents boolean not null default true,
  can_view_jobs boolean not null default false,
  can_view_assets boolean not null default false,
  can_create_work_requests boolean not null default false,
  can_approve boolean not null default false,
  -- E-mail notifications (F-6).
  notify_quotes boolean not null default true,
  notify_invoices boolean not null default true,
  notify_jobs boolean not null default false,
  notify_approvals boolean not null default true,
  invited_at timestamptz,
  accepted_at timestamptz,
  last_sign_in_at timestamptz,
  removed_at timestamptz,
  created_at timestamptz not null default now(),
  unique (portal_id, contact_id)
);
alter table public.portal_members enable row level security;
create index portal_members_login_id_idx on public.portal_members (login_id);
create index portal_members_portal_id_idx on public.portal_members (portal_id);

-- ---------------------------------------------------------------------------
-- Policy helpers. Each reads the caller's claims once per statement when
-- wrapped as (select …) in a policy; security definer so that they can read
-- the membership tables the caller itself cannot.
--
-- They are PL/pgSQL, not SQL: PL/pgSQL keeps its query plans for the session,
-- where a non-inlinable SQL function is planned again in every statement that
-- calls it. The claims are read once into variables, and queries start from
-- unnest(<the few ids>) so that every lookup is an index probe. `rows` tells
-- the planner how few rows they return, so that the policies calling them
-- probe indexes too instead of scanning whole tables (docs/benchmarks.md).
-- ---------------------------------------------------------------------------

-- The tenant an admin's claims name, while that tenant is not uninstalled.
create function private.admin_tenant_id() returns uuid
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
  caller jsonb := auth.jwt();
  caller_id uuid := auth.uid();
begin
  if caller ->> 'app_role' is distinct from 'admin' then
    return null;
  end if;
  return (
    select t.id
    from public.tenants t
    join public.tenant_admins a on a.tenant_id = t.id
    where t.id = nullif(caller ->> 'tenant_id', '')::uuid
      and a.id = caller_id
      and t.status <> 'uninstalled'
  );
end
$$;

-- The login a contact's claims name, while the session they name is alive:
-- ending a session ends database access on the very next statement (F-14).
create function private.contact_login_id() returns uuid
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan
as $$
declare
  caller jsonb := auth.jwt();
  caller_id uuid := auth.uid();
begin
  if caller ->> 'app_role' is distinct from 'contact' then
    return null;
  end if;
  return (
    select s.login_id
    from public.sessions s
    where s.id = nullif(caller ->> 'session_id', '')::uuid
      and s.login_id = caller_id
      and s.ended_at is null
      and s.expires_at > now()
  );
end
$$;

-- Portals the contact may open: an active membership of an active portal of an
-- active tenant.
create function private.contact_portal_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 5
as $$
declare
  caller jsonb := auth.jwt();
  caller_id uuid := auth.uid();
begin
  if caller ->> 'app_role' is distinct from 'contact' then
    return;
  end if;
  -- The session check of contact_login_id, written into the same statement:
  -- this helper sits under every contact policy, so it is kept to one query.
  return query
    select p.id
    from public.sessions s
    join public.portal_members m on m.login_id = s.login_id
    join public.portals p on p.id = m.portal_id
    join public.tenants t on t.id = p.tenant_id
    where s.id = nullif(caller ->> 'session_id', '')::uuid
      and s.login_id = caller_id
      and s.ended_at is null
      and s.expires_at > now()
      and m.removed_at is null
      and p.status = 'active'
      and t.status = 'active';
end
$$;

create function private.contact_project_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 10
as $$
declare
  portal_ids uuid[] := array(select private.contact_portal_ids());
begin
  -- A tombstoned project has already left every portal (see
  -- private.remove_deleted_project_from_portals), so no join is needed here.
  return query
    select pp.project_id
    from unnest(portal_ids) as portal (id)
    join public.portal_projects pp on pp.portal_id = portal.id;
end
$$;

create function private.contact_customer_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 2
as $$
declare
  portal_ids uuid[] := array(select private.contact_portal_ids());
begin
  return query
    select distinct p.customer_id
    from unnest(portal_ids) as portal (id)
    join public.portals p on p.id = portal.id;
end
$$;

create function private.contact_membership_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 5
as $$
declare
  login uuid := private.contact_login_id();
  portal_ids uuid[] := array(select private.contact_portal_ids());
begin
  return query
    select m.id
    from unnest(portal_ids) as portal (id)
    join public.portal_members m on m.portal_id = portal.id
    where m.login_id = login
      and m.removed_at is null;
end
$$;

-- Everyone who was ever on one of the contact's projects (F-9).
create function private.contact_employee_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 30
as $$
declare
  portal_ids uuid[] := array(select private.contact_portal_ids());
begin
  return query
    select distinct pm.employee_id
    from unnest(portal_ids) as portal (id)
    join public.portal_projects pp on pp.portal_id = portal.id
    join public.project_members pm on pm.project_id = pp.project_id;
end
$$;

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Grants: anon gets nothing; authenticated reads (RLS decides which rows);
-- service_role is the system's explicit bypass.
-- ---------------------------------------------------------------------------
grant select on public.tenants, public.tenant_admins, public.customers, public.contacts,
  public.sites, public.employees, public.projects, public.project_members, public.tasks,
  public.logins, public.sessions, public.portals, public.portal_projects, public.portal_members
  to authenticated;
grant update (approval_workflow, code_lifetime_minutes, invitation_text, sender_name, reply_to,
  brand_logo_url, brand_accent_color, default_language, auto_approve_at_deadline, updated_at)
  on public.tenants to authenticated;
grant insert, update, delete on public.portals, public.portal_projects, public.portal_members to authenticated;
grant all on public.tenants, public.tenant_admins, public.customers, public.contacts,
  public.sites, public.employees, public.projects, public.project_members, public.tasks,
  public.logins, public.login_codes, public.sessions, public.portals, public.portal_projects,
  public.portal_members
  to service_role;

-- ---------------------------------------------------------------------------
-- Policies: one per operation, named as a sentence.
-- ---------------------------------------------------------------------------
create policy "Admins and members read the tenants they belong to"
  on public.tenants for select to authenticated
  using (
    id = (select private.admin_tenant_id())
    or id in (select p.tenant_id from public.portals p where p.id in (select private.contact_portal_ids()))
  );
create policy "Admins update their own tenant's settings"
  on public.tenants for update to authenticated
  using (id = (select private.admin_tenant_id()))
  with check (id = (select private.admin_tenant_id()));

create policy "Admins read the admins of their own tenant"
  on public.tenant_admins for select to authenticated
  using (tenant_id = (select private.admin_tenant_id()));

create policy "Tenant admins and members read the portals' customers"
  on public.customers for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (deleted_at is null and id in (select private.contact_customer_ids()))
  );

create policy "Tenant admins and members read their customer's contacts"
  on public.contacts for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (deleted_at is null and customer_id in (select private.contact_customer_ids()))
  );

create policy "Tenant admins and members read their customer's sites"
  on public.sites for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (deleted_at is null and customer_id in (select private.contact_customer_ids()))
  );

create policy "Tenant admins and members read employees of their projects"
  on public.employees for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or id in (select private.contact_employee_ids())
  );

create policy "Tenant admins and members read the portals' projects"
  on public.projects for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (deleted_at is null and id in (select private.contact_project_ids()))
  );

create policy "Tenant admins and members read the projects' team members"
  on public.project_members for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or project_id in (select private.contact_project_ids())
  );

create policy "Tenant admins and members read the portals' project tasks"
  on public.tasks for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (deleted_at is null and project_id in (select private.contact_project_ids()))
  );

create policy "A member reads their own login"
  on public.logins for select to authenticated
  using (id = (select private.contact_login_id()));

-- login_codes: no policy at all. Only the system (service_role) touches codes.

create policy "A member reads their own sessions"
  on public.sessions for select to authenticated
  using (login_id = (select private.contact_login_id()));

create policy "Tenant admins and members read the portals they may open"
  on public.portals for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or id in (select private.contact_portal_ids())
  );
create policy "Admins create portals in their own tenant"
  on public.portals for insert to authenticated
  with check (tenant_id = (select private.admin_tenant_id()));
create policy "Admins update their own tenant's portals"
  on public.portals for update to authenticated
  using (tenant_id = (select private.admin_tenant_id()))
  with check (tenant_id = (select private.admin_tenant_id()));
create policy "Admins delete their own tenant's portals"
  on public.portals for delete to authenticated
  using (tenant_id = (select private.admin_tenant_id()));

create policy "Tenant admins and members read which projects a portal shows"
  on public.portal_projects for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or portal_id in (select private.contact_portal_ids())
  );
create policy "Admins add projects to their own tenant's portals"
  on public.portal_projects for insert to authenticated
  with check (tenant_id = (select private.admin_tenant_id()));
create policy "Admins change projects of their own tenant's portals"
  on public.portal_projects for update to authenticated
  using (tenant_id = (select private.admin_tenant_id()))
  with check (tenant_id = (select private.admin_tenant_id()));
create policy "Admins remove projects from their own tenant's portals"
  on public.portal_projects for delete to authenticated
  using (tenant_id = (select private.admin_tenant_id()));

create policy "Tenant admins read memberships and members read their own"
  on public.portal_members for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or id in (select private.contact_membership_ids())
  );
create policy "Admins add members to their own tenant's portals"
  on public.portal_members for insert to authenticated
  with check (tenant_id = (select private.admin_tenant_id()));
create policy "Admins change members of their own tenant's portals"
  on public.portal_members for update to authenticated
  using (tenant_id = (select private.admin_tenant_id()))
  with check (tenant_id = (select private.admin_tenant_id()));
create policy "Admins delete members of their own tenant's portals"
  on public.portal_members for delete to authenticated
  using (tenant_id = (select private.admin_tenant_id()));

-- Membership rows must agree with their portal's tenant and customer.
create function private.check_portal_member_consistency() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.portals p
    join public.contacts c on c.customer_id = p.customer_id
    where p.id = new.portal_id and c.id = new.contact_id and p.tenant_id = new.tenant_id
  ) then
    raise exception 'contact % is not a contact of the customer of portal %', new.contact_id, new.portal_id
      using errcode = '23514';
  end if;
  return new;
end
$$;
create trigger portal_members_consistency before insert or update on public.portal_members
  for each row execute function private.check_portal_member_consistency();

create function private.check_portal_project_consistency() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.portals p
    join public.projects pr on pr.customer_id = p.customer_id
    where p.id = new.portal_id and pr.id = new.project_id and p.tenant_id = new.tenant_id
      and pr.deleted_at is null
  ) then
    raise exception 'project % does not belong to the customer of portal %, or was deleted', new.project_id, new.portal_id
      using errcode = '23514';
  end if;
  return new;
end
$$;
create trigger portal_projects_consistency before insert or update on public.portal_projects
  for each row execute function private.check_portal_project_consistency();

-- A project the host deletes leaves every portal at once; tombstones are final,
-- so the policy helpers can trust portal_projects without checking projects.
create function private.remove_deleted_project_from_portals() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  delete from public.portal_projects where project_id = new.id;
  return new;
end
$$;
create trigger projects_leave_portals_when_deleted after update of deleted_at on public.projects
  for each row when (new.deleted_at is not null and old.deleted_at is null)
  execute function private.remove_deleted_project_from_portals();
