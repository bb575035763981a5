-- Sign-in hardening (F-10, F-12, F-13, F-37): rate limits, invitations, and a
-- member ending their own sessions.

-- Fixed-window counters for rate limits, one row per bucket (an address hash,
-- a client IP). Only the system reads or writes them.
create table public.rate_limit_hits (
  bucket text primary key,
  window_started_at timestamptz not null,
  hits integer not null
);
alter table public.rate_limit_hits enable row level security;
grant all on public.rate_limit_hits to service_role;

-- Invitations (F-13): a single-purpose token per member, stored as a hash. The
-- link opens the portal's sign-in page with the address filled in; it grants
-- nothing until a code sent to that address is entered.
create table public.member_invitations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  member_id uuid not null references public.portal_members (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  invited_by_admin_id uuid references public.tenant_admins (id) on delete set null,
  accepted_at timestamptz
);
alter table public.member_invitations enable row level security;
create index member_invitations_member_id_idx on public.member_invitations (member_id);
create index member_invitations_tenant_id_idx on public.member_invitations (tenant_id);

grant select, insert on public.member_invitations to authenticated;
grant all on public.member_invitations to service_role;

create policy "Admins read their own tenant's invitations"
  on public.member_invitations for select to authenticated
  using (tenant_id = (select private.admin_tenant_id()));
create policy "Admins invite members of their own tenant's portals"
  on public.member_invitations for insert to authenticated
  with check (tenant_id = (select private.admin_tenant_id()));

-- An invitation must name a member of its own tenant.
create function private.check_invitation_consistency() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.portal_members m where m.id = new.member_id and m.tenant_id = new.tenant_id
  ) then
    raise exception 'member % is not a member of tenant %', new.member_id, new.tenant_id using errcode = '23514';
  end if;
  return new;
end
$$;
create trigger member_invitations_consistency before insert or update on public.member_invitations
  for each row execute function private.check_invitation_consistency();

-- A member ends their own sessions (F-37): only the end columns, only their own rows.
grant update (ended_at, ended_reason) on public.sessions to authenticated;
create policy "A member ends their own sessions"
  on public.sessions for update to authenticated
  using (login_id = (select private.contact_login_id()))
  with check (login_id = (select private.contact_login_id()));
