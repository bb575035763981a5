-- E-mail that is never lost (F-27, F-28, F-35, F-6): notifications are
-- queued in the outbox by the change that causes them, in its transaction;
-- submissions for approval with deadlines; admins see delivery and send a
-- failed e-mail again.

-- ---------------------------------------------------------------------------
-- The outbox learns deferred rendering: a trigger cannot render React, so a
-- notification row carries its template's input (payload) and the worker
-- renders it once, before the first attempt, and keeps the bodies.
-- ---------------------------------------------------------------------------
alter table public.email_outbox
  alter column subject drop not null,
  add column payload jsonb,
  add column portal_id uuid,
  add column member_id uuid,
  -- What caused it (an approval submission, an invoice …): lets the edge
  -- function find the e-mails of a new submission.
  add column subject_type text,
  add column subject_id uuid,
  add column provider_status integer,
  add column last_attempt_at timestamptz,
  drop constraint email_outbox_status_check,
  -- cancelled: no longer applied when its turn came (member removed, invoice
  -- withdrawn, nothing waits any more); kept, with the reason, for the admin.
  add constraint email_outbox_status_check check (status in ('queued', 'sending', 'sent', 'failed', 'cancelled'));
create index email_outbox_subject_idx on public.email_outbox (subject_type, subject_id) where subject_id is not null;
create index email_outbox_tenant_status_idx on public.email_outbox (tenant_id, status, created_at desc);

grant select (portal_id, member_id, subject_type, subject_id, provider_status, provider_message_id, last_attempt_at)
  on public.email_outbox to authenticated;
grant update (status, attempts, next_attempt_at) on public.email_outbox to authenticated;

create policy "Admins send their own tenant's failed e-mail again"
  on public.email_outbox for update to authenticated
  using (tenant_id = (select private.admin_tenant_id()) and status = 'failed')
  with check (tenant_id = (select private.admin_tenant_id()) and status = 'queued' and attempts = 0);

-- ---------------------------------------------------------------------------
-- Tenant settings: approval deadlines and reminders (F-35), the file name of
-- PDF attachments (F-27). auto_approve_at_deadline exists since the start.
-- ---------------------------------------------------------------------------
alter table public.tenants
  add column approval_deadline_days integer check (approval_deadline_days between 1 and 60),
  add column approval_reminder_hours integer not null default 24 check (approval_reminder_hours between 1 and 336),
  add column attachment_file_name text not null default '{type} {number}'
    check (length(attachment_file_name) between 1 and 120);
grant update (approval_deadline_days, approval_reminder_hours, auto_approve_at_deadline, attachment_file_name)
  on public.tenants to authenticated;

-- ---------------------------------------------------------------------------
-- Submissions: the registrations of one project that reached "waiting for the
-- customer" together. One e-mail per submission and member, not per row.
-- ---------------------------------------------------------------------------
create table public.approval_submissions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  project_id uuid not null references public.projects (id) on delete cascade,
  submitted_at timestamptz not null default now(),
  deadline_at timestamptz,
  reminded_at timestamptz,
  -- Set once the deadline has been dealt with: auto-approved, or nothing left to do.
  deadline_handled_at timestamptz,
  auto_decision_id uuid references public.approval_decisions (id)
);
alter table public.approval_submissions enable row level security;
create index approval_submissions_tenant_idx on public.approval_submissions (tenant_id, submitted_at desc);
create index approval_submissions_project_idx on public.approval_submissions (project_id);
create index approval_submissions_deadline_idx on public.approval_submissions (deadline_at)
  where deadline_at is not null and deadline_handled_at is null;

create table public.approval_submission_registrations (
  submission_id uuid not null references public.approval_submissions (id) on delete cascade,
  registration_id uuid not null references public.registrations (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  primary key (submission_id, registration_id)
);
alter table public.approval_submission_registrations enable row level security;
create index approval_submission_registrations_registration_idx on public.approval_submission_registrations (registration_id);
create index approval_submission_registrations_tenant_idx on public.approval_submission_registrations (tenant_id);

grant select on public.approval_submissions, public.approval_submission_registrations to authenticated;
grant all on public.approval_submissions, public.approval_submission_registrations to service_role;

create policy "Tenant admins read their own tenant's submissions"
  on public.approval_submissions for select to authenticated
  using (tenant_id = (select private.admin_tenant_id()));
create policy "Tenant admins read what their tenant's submissions hold"
  on public.approval_submission_registrations for select to authenticated
  using (tenant_id = (select private.admin_tenant_id()));

-- ---------------------------------------------------------------------------
-- Who hears of what. A member is told when they are active (not removed,
-- invited or signed in before) in an active portal of an active tenant, may
-- see the thing and chose to be told (F-6).
-- ---------------------------------------------------------------------------

-- Bulk loads (the demo seed, a first import) set portaal.notifications to
-- 'off' for their transaction: nobody wants 3,000 e-mails about history.
create function private.notifications_enabled() returns boolean
language sql stable set search_path = ''
as $$ select coalesce(current_setting('portaal.notifications', true), 'on') <> 'off' $$;

create function private.queue_notification_rows(rows jsonb)
returns void
language sql security definer set search_path = ''
as $$
  insert into public.email_outbox
    (tenant_id, idempotency_key, template, language, to_address, payload, portal_id, member_id, subject_type, subject_id)
  select (r ->> 'tenant_id')::uuid, r ->> 'key', r ->> 'template', r ->> 'language', r ->> 'to',
    r -> 'payload', (r ->> 'portal_id')::uuid, (r ->> 'member_id')::uuid, r ->> 'subject_type', (r ->> 'subject_id')::uuid
  from jsonb_array_elements(rows) as r
  on conflict (idempotency_key) do nothing
$$;

-- Members to tell about a document of a customer (optionally of a project):
-- the portals' scope rules of invoices and quotes (F-5, F-36).
create function private.members_to_notify(kind text, tenant uuid, customer uuid, project uuid)
returns table (portal_id uuid, member_id uuid, email text, language text)
language sql stable security definer set search_path = ''
as $$
  select p.id, m.id, l.email, p.language
  from public.portals p
  join public.tenants t on t.id = p.tenant_id and t.status = 'active'
  join public.portal_members m on m.portal_id = p.id
  join public.logins l on l.id = m.login_id
  where p.tenant_id = tenant and p.customer_id = customer and p.status = 'active'
    and m.removed_at is null
    and (m.invited_at is not null or m.last_sign_in_at is not null)
    and case kind
      when 'invoice' then p.show_invoices and m.can_view_invoices and m.notify_invoices
        and (not p.only_project_invoices
          or exists (select 1 from public.portal_projects pp where pp.portal_id = p.id and pp.project_id = project))
      when 'quote' then p.show_quotes and m.can_view_quotes and m.notify_quotes
        and (not p.only_project_invoices
          or exists (select 1 from public.portal_projects pp where pp.portal_id = p.id and pp.project_id = project))
      when 'job' then p.show_jobs and m.can_view_jobs and m.notify_jobs
      when 'document' then p.show_documents and m.can_view_documents
      else false
    end
$$;

-- An invoice is news when it first becomes open (a draft sent, or a new,
-- recent one); a quote when it first becomes open and still valid; a job when
-- it is completed; a document when it is first shared. Statement triggers:
-- one pass per host batch, whatever its size. Rows are read as JSON so one
-- function serves the four tables.
create function private.is_news(kind text, item jsonb) returns boolean
language sql immutable set search_path = ''
as $$
  select item ->> 'deleted_at' is null and case kind
    when 'invoice' then item ->> 'status' = 'open'
    when 'quote' then item ->> 'status' = 'open'
    when 'job' then item ->> 'status' = 'completed'
    else true
  end
$$;

create function private.queue_document_notifications() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  kind text := tg_argv[0];
  already_news uuid[] := '{}';
  news jsonb;
begin
  if not private.notifications_enabled() then
    return null;
  end if;
  if tg_op = 'UPDATE' then
    select coalesce(array_agg(o.id), '{}') into already_news
    from old_rows o where private.is_news(kind, to_jsonb(o));
  end if;

  with changed as (
    select n.id, n.tenant_id, n.customer_id, n.project_id, to_jsonb(n) as item
    from new_rows n
    where not (n.id = any(already_news)) and private.is_news(kind, to_jsonb(n))
  ), recent as (
    select c.* from changed c
    where case kind
      when 'invoice' then coalesce((c.item ->> 'issued_on')::date >= current_date - 30, true)
      when 'quote' then coalesce((c.item ->> 'valid_until')::date >= current_date, true)
      when 'job' then coalesce((c.item ->> 'completed_on')::date >= current_date - 14, true)
      -- A first import of a customer's archive is not news: more than 20
      -- documents of one customer in one batch send nothing.
      else (select count(*) from changed x where x.customer_id = c.customer_id) <= 20
    end
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'tenant_id', c.tenant_id,
      'key', 'notify-' || kind || ':' || c.id || ':' || r.member_id,
      'template', case kind when 'invoice' then 'new-invoice' when 'quote' then 'new-quote'
        when 'job' then 'job-completed' else 'document-shared' end,
      'language', r.language,
      'to', r.email,
      'payload', jsonb_build_object('item_id', c.id, 'portal_id', r.portal_id, 'member_id', r.member_id),
      'portal_id', r.portal_id,
      'member_id', r.member_id,
      'subject_type', kind,
      'subject_id', c.id)), '[]'::jsonb)
  into news
  from recent c
  cross join lateral private.members_to_notify(kind, c.tenant_id, c.customer_id, c.project_id) r;
  perform private.queue_notification_rows(news);
  return null;
end
$$;

create trigger invoices_notify_insert after insert on public.invoices
  referencing new table as new_rows for each statement execute function private.queue_document_notifications('invoice');
create trigger invoices_notify_update after update on public.invoices
  referencing old table as old_rows new table as new_rows for each statement execute function private.queue_document_notifications('invoice');
create trigger quotes_notify_insert after insert on public.quotes
  referencing new table as new_rows for each statement execute function private.queue_document_notifications('quote');
create trigger quotes_notify_update after update on public.quotes
  referencing old table as old_rows new table as new_rows for each statement execute function private.queue_document_notifications('quote');
create trigger jobs_notify_insert after insert on public.jobs
  referencing new table as new_rows for each statement execute function private.queue_document_notifications('job');
create trigger jobs_notify_update after update on public.jobs
  referencing old table as old_rows new table as new_rows for each statement execute function private.queue_document_notifications('job');
create trigger documents_notify_insert after insert on public.documents
  referencing new table as new_rows for each statement execute function private.queue_document_notifications('document');
create trigger documents_notify_update after update on public.documents
  referencing old table as old_rows new table as new_rows for each statement execute function private.queue_document_notifications('document');

-- ---------------------------------------------------------------------------
-- Registrations that reach "waiting for the customer" become a submission per
-- project and statement, with the tenant's deadline, and one e-mail to each
-- member who may approve them, can see them and wants to be told.
-- ---------------------------------------------------------------------------
create function private.record_submissions() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  submitted jsonb;
  news jsonb;
begin
  if tg_op = 'INSERT' then
    select jsonb_agg(jsonb_build_object('id', n.id, 'tenant_id', n.tenant_id, 'project_id', n.project_id, 'kind', n.kind))
    into submitted
    from new_registrations n
    where n.status = 'pending_external' and n.deleted_at is null;
  else
    select jsonb_agg(jsonb_build_object('id', n.id, 'tenant_id', n.tenant_id, 'project_id', n.project_id, 'kind', n.kind))
    into submitted
    from new_registrations n join old_registrations o on o.id = n.id
    where n.status = 'pending_external' and n.deleted_at is null
      and (o.status <> 'pending_external' or o.deleted_at is not null);
  end if;
  if submitted is null then
    return null;
  end if;

  with rows as (
    select * from jsonb_to_recordset(submitted) as x (id uuid, tenant_id uuid, project_id uuid, kind text)
  ), submissions as (
    insert into public.approval_submissions (tenant_id, project_id, deadline_at)
    select s.tenant_id, s.project_id, now() + make_interval(days => t.approval_deadline_days)
    from (select distinct tenant_id, project_id from rows) s
    join public.tenants t on t.id = s.tenant_id
    returning id, tenant_id, project_id
  ), linked as (
    insert into public.approval_submission_registrations (submission_id, registration_id, tenant_id)
    select sub.id, r.id, r.tenant_id
    from submissions sub join rows r on r.project_id = sub.project_id and r.tenant_id = sub.tenant_id
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'tenant_id', sub.tenant_id,
      'key', 'approval-request:' || sub.id || ':' || m.member_id,
      'template', 'approval-request',
      'language', m.language,
      'to', m.email,
      'payload', jsonb_build_object('submission_id', sub.id, 'portal_id', m.portal_id, 'member_id', m.member_id),
      'portal_id', m.portal_id,
      'member_id', m.member_id,
      'subject_type', 'approval_submission',
      'subject_id', sub.id)), '[]'::jsonb)
  into news
  from submissions sub
  cross join lateral private.members_to_approve(sub.tenant_id, sub.project_id,
    array(select distinct r.kind from rows r where r.project_id = sub.project_id)) m
  where private.notifications_enabled();
  perform private.queue_notification_rows(news);
  return null;
end
$$;

-- Members who may decide on registrations of these kinds in a project, and
-- want to be asked: the portal approves, shows the kind, and the workflow has
-- a customer step.
create function private.members_to_approve(tenant uuid, project uuid, kinds text[])
returns table (portal_id uuid, member_id uuid, email text, language text)
language sql stable security definer set search_path = ''
as $$
  select p.id, m.id, l.email, p.language
  from public.portal_projects pp
  join public.portals p on p.id = pp.portal_id
  join public.tenants t on t.id = p.tenant_id and t.status = 'active'
  join public.portal_members m on m.portal_id = p.id
  join public.logins l on l.id = m.login_id
  where pp.project_id = project and p.tenant_id = tenant and p.status = 'active' and p.can_approve
    and private.status_after_external_decision(t.approval_workflow, 'approved') is not null
    and m.removed_at is null and m.can_approve and m.notify_approvals
    and (m.invited_at is not null or m.last_sign_in_at is not null)
    and (('hours' = any(kinds) and p.hours_visibility <> 'hidden')
      or ('expense' = any(kinds) and p.show_expenses)
      or ('mileage' = any(kinds) and p.show_mileage))
$$;

create trigger registrations_record_submissions_insert after insert on public.registrations
  referencing new table as new_registrations for each statement execute function private.record_submissions();
create trigger registrations_record_submissions_update after update on public.registrations
  referencing old table as old_registrations new table as new_registrations
  for each statement execute function private.record_submissions();

revoke all on function private.notifications_enabled(), private.queue_notification_rows(jsonb),
  private.members_to_notify(text, uuid, uuid, uuid), private.members_to_approve(uuid, uuid, text[]),
  private.queue_document_notifications(), private.record_submissions(), private.is_news(text, jsonb) from public;
grant execute on function private.notifications_enabled() to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Where graphile-worker runs (a Postgres server; its schema is installed by
-- the worker at start), a message that becomes due gets a job at its due
-- time, so a worker picks it up at once instead of at the next poll. Without
-- that schema (the embedded database, or before the first worker start) this
-- does nothing and the poller finds the message in the table.
-- ---------------------------------------------------------------------------
create function private.schedule_email_job() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if to_regnamespace('graphile_worker') is not null then
    perform graphile_worker.add_job(
      identifier => 'deliver_email',
      payload => json_build_object('id', new.id),
      run_at => new.next_attempt_at,
      job_key => 'email:' || new.id,
      max_attempts => 3);
  end if;
  return null;
end
$$;
revoke all on function private.schedule_email_job() from public;
create trigger email_outbox_schedule_insert after insert on public.email_outbox
  for each row when (new.status = 'queued') execute function private.schedule_email_job();
create trigger email_outbox_schedule_update after update of status, next_attempt_at on public.email_outbox
  for each row when (new.status = 'queued') execute function private.schedule_email_job();

-- The worker's deadline pass (service role) queues reminders through the same helpers.
grant execute on function private.queue_notification_rows(jsonb), private.members_to_approve(uuid, uuid, text[]),
  private.members_to_notify(text, uuid, uuid, uuid) to service_role;
