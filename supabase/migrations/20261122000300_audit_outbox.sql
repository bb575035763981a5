-- The audit log (F-31) and the e-mail outbox (F-28).

create table public.audit_log (
  id bigint generated always as identity primary key,
  tenant_id uuid references public.tenants (id) on delete set null,
  occurred_at timestamptz not null default now(),
  actor_kind text not null check (actor_kind in ('contact', 'admin', 'system', 'host')),
  login_id uuid,
  admin_id uuid,
  portal_id uuid,
  member_id uuid,
  action text not null,
  subject_type text,
  subject_id text,
  ip text,
  user_agent text,
  details jsonb not null default '{}'::jsonb
);
alter table public.audit_log enable row level security;
create index audit_log_tenant_time_idx on public.audit_log (tenant_id, occurred_at desc);
create index audit_log_login_idx on public.audit_log (login_id, occurred_at desc);

-- Append-only: rows are never changed; only the tenant-deletion job may purge,
-- and it has to say so for its own transaction.
create function private.audit_log_is_append_only() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and current_setting('portaal.audit_purge', true) = 'on' then
    return old;
  end if;
  raise exception 'the audit log is append-only' using errcode = '42501';
end
$$;
create trigger audit_log_append_only before update or delete on public.audit_log
  for each row execute function private.audit_log_is_append_only();

create table public.email_outbox (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid references public.tenants (id) on delete cascade,
  idempotency_key text not null unique,
  template text not null,
  language text not null check (language in ('nl', 'en')),
  to_address text not null,
  subject text not null,
  -- Bodies of sensitive messages (sign-in codes) are erased once delivered.
  html text,
  text_body text,
  sensitive boolean not null default false,
  status text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  provider_message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
alter table public.email_outbox enable row level security;
create index email_outbox_due_idx on public.email_outbox (next_attempt_at) where status in ('queued', 'sending');
create index email_outbox_tenant_idx on public.email_outbox (tenant_id, created_at desc);

-- Demo mode's mailbox: where the demo transport "delivers". Nothing leaves.
create table public.dev_mailbox (
  id bigint generated always as identity primary key,
  outbox_id uuid,
  to_address text not null,
  subject text not null,
  html text not null,
  text_body text not null,
  created_at timestamptz not null default now()
);
alter table public.dev_mailbox enable row level security;
create index dev_mailbox_to_idx on public.dev_mailbox (to_address, created_at desc);

grant select on public.audit_log to authenticated;
grant select (id, tenant_id, template, language, to_address, subject, status, attempts,
  next_attempt_at, last_error, created_at, sent_at) on public.email_outbox to authenticated;
grant all on public.audit_log, public.email_outbox, public.dev_mailbox to service_role;

create policy "Tenant admins read their audit log and members their entries"
  on public.audit_log for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (actor_kind = 'contact' and login_id = (select private.contact_login_id()))
  );

create policy "Admins read the delivery state of their own tenant's e-mail"
  on public.email_outbox for select to authenticated
  using (tenant_id = (select private.admin_tenant_id()));

-- dev_mailbox: no policy; only the system reads it, and only in demo mode.
