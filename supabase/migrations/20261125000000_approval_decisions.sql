-- Customer decisions on registrations (F-18, F-32, F-33, F-34): evidence that
-- is kept for disputes, and the state machine of the tenant's workflow (F-2).
--
-- A contact never sets a registration's status. They insert a decision (the
-- evidence) and point registrations at it; the database then works out the
-- next status from the tenant's workflow, refuses anything not waiting for
-- the customer, and writes each registration's history. So the evidence,
-- the history and the status change can only exist together.

create table public.approval_decisions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  -- No foreign keys to the portal, member, login or session: evidence outlives
  -- them (a deleted portal must not take its approvals with it). Names are
  -- kept as they were at the time.
  portal_id uuid not null,
  member_id uuid,
  login_id uuid,
  session_id uuid,
  portal_name text not null,
  customer_name text not null,
  member_name text not null,
  member_email text not null,
  decision text not null check (decision in ('approved', 'rejected', 'changes_requested')),
  -- Recorded by the system (auto-approval at a deadline, F-35), not a person.
  automatic boolean not null default false,
  comment text check (length(comment) <= 2000),
  reference text check (length(reference) <= 100),
  signer_name text check (length(signer_name) <= 120),
  signature_kind text not null default 'none' check (signature_kind in ('drawn', 'typed', 'none')),
  signature_png bytea check (octet_length(signature_png) <= 204800),
  statement text not null,
  language text not null check (language in ('nl', 'en')),
  ip text,
  user_agent text,
  registration_count integer not null check (registration_count > 0),
  -- RFC 8785 canonical JSON of exactly what was decided on, as the member saw
  -- it; the fingerprint can be re-checked from this row alone.
  canonical_content text not null,
  fingerprint text not null check (fingerprint = encode(sha256(convert_to(canonical_content, 'UTF8')), 'hex')),
  decided_at timestamptz not null default now(),
  check (decision = 'approved' or length(btrim(comment)) > 0),
  check (signature_kind <> 'drawn' or signature_png is not null),
  check (signature_kind = 'none' or length(btrim(signer_name)) > 0),
  check (automatic or (login_id is not null and session_id is not null))
);
alter table public.approval_decisions enable row level security;
create index approval_decisions_tenant_time_idx on public.approval_decisions (tenant_id, decided_at desc);
create index approval_decisions_login_time_idx on public.approval_decisions (login_id, decided_at desc);

-- Each registration's history: one row per decision it was part of, with what
-- colleagues in the portal may read of that decision (who, what, comment), so
-- that the evidence itself (IP, session, signature) stays with the decider
-- and the admins.
create table public.approval_decision_registrations (
  decision_id uuid not null references public.approval_decisions (id) on delete cascade,
  registration_id uuid not null references public.registrations (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  project_id uuid not null,
  decision text not null,
  decided_at timestamptz not null,
  decided_by text not null,
  comment text,
  reference text,
  status_before text not null,
  status_after text not null,
  primary key (decision_id, registration_id)
);
alter table public.approval_decision_registrations enable row level security;
create index approval_decision_registrations_registration_idx
  on public.approval_decision_registrations (registration_id, decided_at desc);
create index approval_decision_registrations_tenant_idx on public.approval_decision_registrations (tenant_id);

alter table public.registrations add column last_decision_id uuid;

-- ---------------------------------------------------------------------------
-- The state machine (F-2): what an external decision leads to per workflow.
-- null: the workflow has no external step, so the customer cannot decide.
-- ---------------------------------------------------------------------------
create function private.status_after_external_decision(workflow text, decision text) returns text
language sql immutable set search_path = ''
as $$
  select case
    when workflow not in ('internal_external', 'external_internal', 'external') then null
    when decision = 'approved' and workflow = 'external_internal' then 'pending_internal'
    when decision = 'approved' then 'approved'
    when decision = 'rejected' then 'rejected'
    when decision = 'changes_requested' then 'changes_requested'
  end
$$;

-- Portals in which the contact may decide, and whether they require a signature.
create function private.contact_approving_portals()
returns table (portal_id uuid, requires_signature boolean)
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 3
as $$
#variable_conflict use_column
declare
  login uuid := private.contact_login_id();
  portal_ids uuid[] := array(select private.contact_portal_ids());
begin
  return query
    select p.id, p.require_signature
    from unnest(portal_ids) as portal (id)
    join public.portals p on p.id = portal.id
    join public.tenants t on t.id = p.tenant_id
    join public.portal_members m on m.portal_id = p.id
    where m.login_id = login
      and m.removed_at is null
      and m.can_approve
      and p.can_approve
      and private.status_after_external_decision(t.approval_workflow, 'approved') is not null;
end
$$;

create function private.contact_approvable_project_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 10
as $$
declare
  portal_ids uuid[] := array(select a.portal_id from private.contact_approving_portals() a);
begin
  return query
    select pp.project_id
    from unnest(portal_ids) as portal (id)
    join public.portal_projects pp on pp.portal_id = portal.id;
end
$$;

-- What a decision leads to for the registrations it covers. security definer:
-- one primary-key read, without the policies' cost for each of a thousand
-- rows; who may use the decision is checked once per statement below.
-- PL/pgSQL so that its plan is kept: a SQL function that cannot be inlined
-- is planned again at every call, a thousand times per decision.
create function private.decision_outcome(decision_id uuid, out tenant_id uuid, out status text, out decided_at timestamptz)
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan
as $$
begin
  select d.tenant_id, private.status_after_external_decision(t.approval_workflow, d.decision), d.decided_at
    into tenant_id, status, decided_at
  from public.approval_decisions d join public.tenants t on t.id = d.tenant_id
  where d.id = decision_id;
end
$$;

-- Sets the status a decision leads to, for each registration pointed at it,
-- and refuses one that does not wait for the customer.
create function private.apply_registration_decision() returns trigger
language plpgsql set search_path = ''
as $$
declare
  outcome record;
begin
  if new.last_decision_id is not distinct from old.last_decision_id then
    return new;
  end if;
  if old.status <> 'pending_external' or old.deleted_at is not null then
    raise exception 'registration % is not waiting for the customer''s approval', old.id using errcode = '23514';
  end if;
  outcome := private.decision_outcome(new.last_decision_id);
  if outcome.tenant_id is distinct from new.tenant_id then
    raise exception 'decision % does not exist for this registration', new.last_decision_id using errcode = '23503';
  end if;
  if outcome.status is null then
    raise exception 'the approval workflow of this tenant has no customer approval' using errcode = '23514';
  end if;
  new.status := outcome.status;
  new.decided_at := outcome.decided_at;
  -- Tells the statement trigger below that this statement decided something;
  -- every other update of registrations (the host's) skips its checks.
  perform set_config('portaal.registrations_decided', 'on', true);
  return new;
end
$$;
create trigger registrations_apply_decision before update on public.registrations
  for each row execute function private.apply_registration_decision();

-- Once per statement, over all registrations it decided on: a contact may
-- only use their own decision, made in this session, and only on what the
-- decision's portal shows; then one history row per registration.
create function private.check_and_record_decisions() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  caller jsonb := auth.jwt();
  offending uuid;
begin
  if current_setting('portaal.registrations_decided', true) is distinct from 'on' then
    return null;
  end if;
  perform set_config('portaal.registrations_decided', 'off', true);
  if caller ->> 'app_role' = 'contact' then
    select n.id into offending
    from new_registrations n
    join old_registrations o on o.id = n.id
    join public.approval_decisions d on d.id = n.last_decision_id
    where n.last_decision_id is distinct from o.last_decision_id
      and (d.automatic
        or d.login_id is distinct from private.contact_login_id()
        or d.session_id is distinct from nullif(caller ->> 'session_id', '')::uuid)
    limit 1;
    if found then
      raise exception 'decision on registration % is not the caller''s own', offending using errcode = '42501';
    end if;
  end if;

  select n.id into offending
  from new_registrations n
  join old_registrations o on o.id = n.id
  join public.approval_decisions d on d.id = n.last_decision_id
  where n.last_decision_id is distinct from o.last_decision_id
    and not exists (
      select 1 from public.portals p join public.portal_projects pp on pp.portal_id = p.id
      where p.id = d.portal_id and pp.project_id = n.project_id
        and ((n.kind = 'hours' and p.hours_visibility <> 'hidden')
          or (n.kind = 'expense' and p.show_expenses)
          or (n.kind = 'mileage' and p.show_mileage)))
  limit 1;
  if found then
    raise exception 'the decision''s portal does not show registration %', offending using errcode = '42501';
  end if;

  insert into public.approval_decision_registrations
    (decision_id, registration_id, tenant_id, project_id, decision, decided_at, decided_by, comment, reference,
     status_before, status_after)
  select n.last_decision_id, n.id, n.tenant_id, n.project_id, d.decision, d.decided_at,
         coalesce(nullif(d.signer_name, ''), d.member_name), d.comment, d.reference, o.status, n.status
  from new_registrations n
  join old_registrations o on o.id = n.id
  join public.approval_decisions d on d.id = n.last_decision_id
  where n.last_decision_id is distinct from o.last_decision_id;
  return null;
end
$$;
create trigger registrations_check_and_record_decisions after update on public.registrations
  referencing old table as old_registrations new table as new_registrations
  for each statement execute function private.check_and_record_decisions();

-- Evidence is append-only; only the tenant-deletion job may purge it.
create function private.decisions_are_append_only() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and current_setting('portaal.audit_purge', true) = 'on' then
    return old;
  end if;
  raise exception 'approval evidence is append-only' using errcode = '42501';
end
$$;
create trigger approval_decisions_append_only before update or delete on public.approval_decisions
  for each row execute function private.decisions_are_append_only();
create trigger approval_decision_registrations_append_only before update or delete on public.approval_decision_registrations
  for each row execute function private.decisions_are_append_only();

revoke all on all functions in schema private from public;
grant execute on all functions in schema private to authenticated, service_role;

grant select, insert on public.approval_decisions to authenticated;
grant select on public.approval_decision_registrations to authenticated;
grant update (last_decision_id) on public.registrations to authenticated;
grant all on public.approval_decisions, public.approval_decision_registrations to service_role;

create policy "Admins read their tenant's decisions and members their own"
  on public.approval_decisions for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      login_id = (select private.contact_login_id())
      and portal_id in (select private.contact_portal_ids())
    )
  );

create policy "Members who may approve record their own decisions"
  on public.approval_decisions for insert to authenticated
  with check (
    not automatic
    and login_id = (select private.contact_login_id())
    and session_id = (select nullif(auth.jwt() ->> 'session_id', '')::uuid)
    and exists (
      select 1 from private.contact_approving_portals() a
      where a.portal_id = approval_decisions.portal_id
        and (not a.requires_signature or signature_kind <> 'none')
    )
  );

create policy "Tenant admins and members read the history of what they see"
  on public.approval_decision_registrations for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      project_id in (select private.contact_project_ids())
      and exists (select 1 from public.registrations r where r.id = registration_id)
    )
  );

create policy "Members who may approve decide registrations waiting for them"
  on public.registrations for update to authenticated
  using (
    deleted_at is null
    and status = 'pending_external'
    and project_id in (select private.contact_approvable_project_ids())
  )
  with check (project_id in (select private.contact_approvable_project_ids()));

-- A member's audit entries now name tenants and portals (their decisions);
-- like every other row, they stay readable only while the member still has
-- that portal.
drop policy "Tenant admins read their audit log and members their entries" on public.audit_log;
create policy "Tenant admins read their audit log and members their entries"
  on public.audit_log for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      actor_kind = 'contact'
      and login_id = (select private.contact_login_id())
      and (portal_id is null or portal_id in (select private.contact_portal_ids()))
      and (tenant_id is null or tenant_id in (
        select p.tenant_id from public.portals p where p.id in (select private.contact_portal_ids())))
    )
  );
