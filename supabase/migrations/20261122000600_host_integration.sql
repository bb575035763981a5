-- Host platform integration (F-1, F-29, F-30): the entities F-29 names that
-- had no table yet, the raw store and dead-letter list of inbound webhooks,
-- tombstones, outbound events with their delivery log, and one-time admin
-- tokens.

-- ---------------------------------------------------------------------------
-- Entities pushed by the host that earlier migrations did not have yet.
-- ---------------------------------------------------------------------------
create table public.orders (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  project_id uuid references public.projects (id),
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  number text not null,
  subject text,
  status text not null check (status in ('open', 'in_progress', 'delivered', 'invoiced', 'cancelled')),
  ordered_on date,
  currency text not null default 'EUR',
  total_excl_vat numeric(12, 2),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.orders enable row level security;
create index orders_customer_id_idx on public.orders (customer_id);

-- A reseller (a customer of the tenant) sees the subscriptions it brought in.
create table public.subscriptions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  reseller_customer_id uuid references public.customers (id),
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  name text not null,
  status text not null check (status in ('active', 'paused', 'cancelled', 'ended')),
  billing_interval text check (billing_interval in ('month', 'quarter', 'year')),
  amount numeric(12, 2),
  currency text not null default 'EUR',
  starts_on date,
  renews_on date,
  ends_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.subscriptions enable row level security;
create index subscriptions_customer_id_idx on public.subscriptions (customer_id);
create index subscriptions_reseller_idx on public.subscriptions (reseller_customer_id);

create table public.assets (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  site_id uuid references public.sites (id),
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  name text not null,
  kind text,
  serial_number text,
  installed_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.assets enable row level security;
create index assets_customer_id_idx on public.assets (customer_id);

create table public.jobs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  site_id uuid references public.sites (id),
  project_id uuid references public.projects (id),
  asset_id uuid references public.assets (id),
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  title text not null,
  status text not null check (status in ('planned', 'scheduled', 'in_progress', 'completed', 'cancelled')),
  scheduled_on date,
  completed_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.jobs enable row level security;
create index jobs_customer_id_idx on public.jobs (customer_id);

-- Document metadata from the host; the files themselves come with documents (F-24).
create table public.documents (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  customer_id uuid not null references public.customers (id) on delete cascade,
  project_id uuid references public.projects (id),
  host_id text not null,
  host_version bigint not null default 0,
  deleted_at timestamptz,
  title text not null,
  file_name text not null,
  content_type text not null,
  size_bytes bigint check (size_bytes is null or size_bytes >= 0),
  download_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, host_id)
);
alter table public.documents enable row level security;
create index documents_customer_id_idx on public.documents (customer_id);

-- Project membership arrives from the host too, with a version and a tombstone;
-- a deleted membership still counts for "who was ever on the project" (F-9).
alter table public.project_members
  add column host_version bigint not null default 0,
  add column deleted_at timestamptz;

grant select on public.orders, public.subscriptions, public.assets, public.jobs, public.documents to authenticated;
grant all on public.orders, public.subscriptions, public.assets, public.jobs, public.documents to service_role;

create policy "Tenant admins and members read orders portals show"
  on public.orders for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (deleted_at is null and customer_id in (select p.customer_id from public.portals p where p.show_orders))
  );
create policy "Tenant admins, customers and resellers read subscriptions"
  on public.subscriptions for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      deleted_at is null
      and (
        customer_id in (select p.customer_id from public.portals p where p.show_subscriptions)
        or reseller_customer_id in (select p.customer_id from public.portals p where p.show_subscriptions)
      )
    )
  );
create policy "Tenant admins and members read assets portals show"
  on public.assets for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (deleted_at is null and customer_id in (select p.customer_id from public.portals p where p.show_assets))
  );
create policy "Tenant admins and members read jobs portals show"
  on public.jobs for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (deleted_at is null and customer_id in (select p.customer_id from public.portals p where p.show_jobs))
  );
create policy "Tenant admins and members read documents portals show"
  on public.documents for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (deleted_at is null and customer_id in (select p.customer_id from public.portals p where p.show_documents))
  );

-- ---------------------------------------------------------------------------
-- Inbound webhooks (F-29).
-- ---------------------------------------------------------------------------

-- Every verified request, stored raw before anything is applied. The webhook
-- id makes a redelivery a no-op; rows are kept at least 7 days.
create table public.host_webhook_requests (
  id bigint generated always as identity primary key,
  webhook_id text not null unique,
  tenant_id uuid references public.tenants (id) on delete cascade,
  workspace_id text,
  received_at timestamptz not null default now(),
  body text not null,
  event_count integer not null default 0,
  applied_count integer not null default 0,
  failed_count integer not null default 0,
  status text not null default 'received' check (status in ('received', 'applied', 'partly_failed', 'rejected'))
);
alter table public.host_webhook_requests enable row level security;
create index host_webhook_requests_tenant_idx on public.host_webhook_requests (tenant_id, received_at desc);
create index host_webhook_requests_received_idx on public.host_webhook_requests (received_at);

-- Events that could not be applied: invalid ones (failed) and ones whose
-- referenced entity has not arrived yet (waiting). The admin sees and replays them.
create table public.host_event_failures (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  request_id bigint references public.host_webhook_requests (id) on delete set null,
  event_index integer not null,
  topic text not null,
  entity_host_id text,
  event jsonb not null,
  reason text not null check (reason in ('invalid', 'waiting', 'error')),
  errors jsonb not null default '[]'::jsonb,
  -- For a waiting event: the entities it waits for, as 'entity:host id'.
  waiting_for text[] not null default '{}',
  created_at timestamptz not null default now(),
  last_tried_at timestamptz not null default now(),
  resolved_at timestamptz
);
alter table public.host_event_failures enable row level security;
create index host_event_failures_open_idx on public.host_event_failures (tenant_id, created_at desc) where resolved_at is null;
create index host_event_failures_waiting_idx on public.host_event_failures using gin (waiting_for)
  where resolved_at is null and reason = 'waiting';

-- Deletes are final: a later (or late) create or update of the same entity
-- never clears deleted_at again.
create table public.host_tombstones (
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  entity text not null,
  host_id text not null,
  deleted_at timestamptz not null default now(),
  primary key (tenant_id, entity, host_id)
);
alter table public.host_tombstones enable row level security;

-- ---------------------------------------------------------------------------
-- Outbound events (F-30) and their delivery log.
-- ---------------------------------------------------------------------------
alter table public.tenants
  add column host_events_disabled_at timestamptz,
  add column host_events_disabled_reason text;
grant update (host_events_disabled_at, host_events_disabled_reason) on public.tenants to authenticated;

create table public.host_outbound_events (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  event_type text not null,
  payload jsonb not null,
  status text not null default 'queued' check (status in ('queued', 'sending', 'delivered', 'failed', 'held')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
alter table public.host_outbound_events enable row level security;
create index host_outbound_events_due_idx on public.host_outbound_events (next_attempt_at) where status in ('queued', 'sending');
create index host_outbound_events_tenant_idx on public.host_outbound_events (tenant_id, created_at desc);

create table public.host_outbound_attempts (
  id bigint generated always as identity primary key,
  event_id uuid not null references public.host_outbound_events (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  attempted_at timestamptz not null default now(),
  status_code integer,
  error text,
  duration_ms integer not null
);
alter table public.host_outbound_attempts enable row level security;
create index host_outbound_attempts_event_idx on public.host_outbound_attempts (event_id);
create index host_outbound_attempts_tenant_idx on public.host_outbound_attempts (tenant_id, attempted_at desc);

-- Admin tokens from the host are single use.
create table public.host_admin_token_uses (
  jti text primary key,
  used_at timestamptz not null default now(),
  expires_at timestamptz not null
);
alter table public.host_admin_token_uses enable row level security;

grant select on public.host_event_failures, public.host_outbound_events, public.host_outbound_attempts to authenticated;
grant all on public.host_webhook_requests, public.host_event_failures, public.host_tombstones,
  public.host_outbound_events, public.host_outbound_attempts, public.host_admin_token_uses to service_role;

create policy "Admins read their own tenant's failed host events"
  on public.host_event_failures for select to authenticated
  using (tenant_id = (select private.admin_tenant_id()));
create policy "Admins read their own tenant's outbound events"
  on public.host_outbound_events for select to authenticated
  using (tenant_id = (select private.admin_tenant_id()));
create policy "Admins read their own tenant's delivery log"
  on public.host_outbound_attempts for select to authenticated
  using (tenant_id = (select private.admin_tenant_id()));

-- Deleting an uninstalled tenant detaches its audit entries (kept for the
-- retention period, docs/host-integration.md) instead of deleting them; that
-- update is the only change the append-only log allows, and only to the
-- deletion job that says so.
create or replace function private.audit_log_is_append_only() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if current_setting('portaal.audit_purge', true) = 'on' then
    if tg_op = 'DELETE' then
      return old;
    end if;
    if tg_op = 'UPDATE' and new.tenant_id is null
       and (to_jsonb(new) - 'tenant_id') = (to_jsonb(old) - 'tenant_id') then
      return new;
    end if;
  end if;
  raise exception 'the audit log is append-only' using errcode = '42501';
end
$$;
