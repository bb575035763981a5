-- The fast path for approval e-mails: a database webhook, Supabase's way
-- (pg_net), calls the approval-emails edge function when a submission is
-- recorded, and the function delivers that submission's e-mails at once
-- instead of at the worker's next poll. The outbox stays the source of truth:
-- when the call is not made (no pg_net, nothing configured, the function is
-- down) the worker's poll and sweep deliver the same rows, and both claim a
-- row with the same lease, so an e-mail is never sent twice by them.

-- Where pg_net runs but Supabase Vault does not (a self-hosted Postgres with
-- pg_net), the function's address and bearer secret live here, by the same
-- names as the Vault secrets. Nobody but the migration owner reads it: RLS on
-- without policies, and no grants to the API roles.
create table private.edge_function_settings (
  name text primary key check (name in ('portaal_approval_emails_url', 'portaal_approval_emails_secret')),
  value text not null check (length(value) > 0),
  updated_at timestamptz not null default now()
);
alter table private.edge_function_settings enable row level security;
revoke all on private.edge_function_settings from public, anon, authenticated, service_role;

-- Queues the webhook call. Does nothing unless pg_net's net.http_post exists
-- (it does not on plain Postgres or the embedded database) and an address and
-- a secret are configured, so this migration applies unchanged everywhere.
-- Vault and net are looked up at run time, through dynamic SQL and to_reg*,
-- so that the function compiles where neither exists.
--
-- net.http_post only queues the request: pg_net's background worker sends it
-- after this transaction commits, and not at all when it rolls back. The edge
-- function therefore sees the committed submission and its outbox rows, which
-- the statement trigger on registrations inserts after this row trigger's
-- statement has run.
create function private.request_approval_emails() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  url text;
  secret text;
begin
  -- A bulk load that switched notifications off queued no e-mails to deliver.
  if not private.notifications_enabled()
    or to_regprocedure('net.http_post(text, jsonb, jsonb, jsonb, integer)') is null then
    return null;
  end if;

  if to_regclass('vault.decrypted_secrets') is not null then
    execute $sql$
      select max(decrypted_secret) filter (where name = 'portaal_approval_emails_url'),
        max(decrypted_secret) filter (where name = 'portaal_approval_emails_secret')
      from vault.decrypted_secrets
      where name in ('portaal_approval_emails_url', 'portaal_approval_emails_secret')
    $sql$ into url, secret;
  end if;
  if url is null or secret is null then
    select coalesce(url, max(s.value) filter (where s.name = 'portaal_approval_emails_url')),
      coalesce(secret, max(s.value) filter (where s.name = 'portaal_approval_emails_secret'))
    into url, secret
    from private.edge_function_settings s;
  end if;
  if nullif(url, '') is null then
    return null;
  end if;
  if nullif(secret, '') is null then
    raise warning 'portaal: approval e-mail webhook has an address but no secret (portaal_approval_emails_secret); not called';
    return null;
  end if;

  -- The registrations' change must never fail because of the webhook: a call
  -- that cannot be queued is left to the worker, which delivers the same rows.
  begin
    execute 'select net.http_post(url := $1, body := $2, headers := $3, timeout_milliseconds := 5000)'
    using url,
      jsonb_build_object('type', 'INSERT', 'table', 'approval_submissions', 'schema', 'public',
        'record', to_jsonb(new), 'old_record', null),
      jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || secret);
  exception when others then
    raise warning 'portaal: approval e-mail webhook not queued (%); the worker delivers the e-mails', sqlerrm;
  end;
  return null;
end
$$;
revoke all on function private.request_approval_emails() from public;

create trigger approval_submissions_request_emails after insert on public.approval_submissions
  for each row execute function private.request_approval_emails();
