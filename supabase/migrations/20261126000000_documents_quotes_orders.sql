-- Invoices, quotes, orders and documents (F-19, F-20, F-36): stored files
-- behind unguessable keys, where each may appear (channels) and for whom,
-- the PDFs of invoices, quotes and orders, the quote → order → invoice chain,
-- and quote decisions with their evidence.

-- ---------------------------------------------------------------------------
-- Documents become stored files. The key is random and never derived from a
-- name; the file itself lives in the storage adapter (local disk or Supabase
-- Storage), and every download goes through the app after this table's
-- policy said yes.
-- ---------------------------------------------------------------------------
alter table public.documents
  add column storage_key text unique check (storage_key ~ '^[0-9a-f-]{36}/[0-9a-f]{64}$'),
  add column sha256 text check (sha256 ~ '^[0-9a-f]{64}$'),
  add column quote_id uuid references public.quotes (id) on delete cascade,
  add column order_id uuid references public.orders (id) on delete cascade,
  add column invoice_id uuid references public.invoices (id) on delete cascade,
  add column asset_id uuid references public.assets (id) on delete cascade,
  add column subscription_id uuid references public.subscriptions (id) on delete cascade,
  -- The PDF of the invoice, quote or order itself: seen by whoever sees that.
  add column is_document_pdf boolean not null default false,
  -- Where the file may appear (F-20). Internal files have none of these.
  add column channel_portal boolean not null default true,
  add column channel_email boolean not null default false,
  add column channel_app boolean not null default false,
  add column restricted_to_members boolean not null default false,
  add column uploaded_by_admin_id uuid references public.tenant_admins (id) on delete set null,
  add constraint documents_one_parent check (
    num_nonnulls(quote_id, order_id, invoice_id, asset_id, subscription_id) <= 1),
  add constraint documents_pdf_has_parent check (
    not is_document_pdf or num_nonnulls(quote_id, order_id, invoice_id) = 1);
create index documents_quote_id_idx on public.documents (quote_id) where quote_id is not null;
create index documents_order_id_idx on public.documents (order_id) where order_id is not null;
create index documents_invoice_id_idx on public.documents (invoice_id) where invoice_id is not null;
create index documents_asset_id_idx on public.documents (asset_id) where asset_id is not null;
create index documents_subscription_id_idx on public.documents (subscription_id) where subscription_id is not null;
create index documents_project_id_idx on public.documents (project_id) where project_id is not null;

-- Members a restricted file is shared with (F-20: "may restrict it to certain members").
create table public.document_members (
  document_id uuid not null references public.documents (id) on delete cascade,
  member_id uuid not null references public.portal_members (id) on delete cascade,
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  primary key (document_id, member_id)
);
alter table public.document_members enable row level security;
create index document_members_member_id_idx on public.document_members (member_id);
create index document_members_tenant_id_idx on public.document_members (tenant_id);

-- The quote → order → invoice chain, and hours booked on an order.
alter table public.orders add column quote_id uuid references public.quotes (id);
alter table public.invoices add column order_id uuid references public.orders (id);
alter table public.registrations add column order_id uuid references public.orders (id);
create index orders_quote_id_idx on public.orders (quote_id) where quote_id is not null;
create index invoices_order_id_idx on public.invoices (order_id) where order_id is not null;
create index registrations_order_id_idx on public.registrations (order_id) where order_id is not null;

-- ---------------------------------------------------------------------------
-- Who sees which document. Not a file's name, parent or URL decides, but:
-- the PDF of an invoice, quote or order goes with it (F-5, F-36 through their
-- own policies); any other file needs a portal that shows documents to a
-- member allowed to see them, of the file's customer, of its project if it
-- has one, shared with that member if restricted, and its parent visible.
-- ---------------------------------------------------------------------------
create function private.contact_document_scopes()
returns table (portal_id uuid, customer_id uuid, member_id uuid)
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 5
as $$
#variable_conflict use_column
declare
  login uuid := private.contact_login_id();
  portal_ids uuid[] := array(select private.contact_portal_ids());
begin
  return query
    select p.id, p.customer_id, m.id
    from unnest(portal_ids) as portal (id)
    join public.portals p on p.id = portal.id
    join public.portal_members m on m.portal_id = p.id and m.login_id = login and m.removed_at is null
    where p.show_documents and m.can_view_documents;
end
$$;
revoke all on function private.contact_document_scopes() from public;
grant execute on function private.contact_document_scopes() to authenticated, service_role;

drop policy "Tenant admins and members read documents portals show" on public.documents;
create policy "Tenant admins read their documents, members what is shared"
  on public.documents for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or (
      deleted_at is null and channel_portal and storage_key is not null
      and (
        (is_document_pdf and (
          exists (select 1 from public.invoices i where i.id = documents.invoice_id)
          or exists (select 1 from public.quotes q where q.id = documents.quote_id)
          or exists (select 1 from public.orders o where o.id = documents.order_id)))
        or (
          not is_document_pdf
          and exists (
            select 1 from private.contact_document_scopes() s
            where s.customer_id = documents.customer_id
              and (documents.project_id is null or exists (
                select 1 from public.portal_projects pp where pp.portal_id = s.portal_id and pp.project_id = documents.project_id))
              and (not documents.restricted_to_members or exists (
                select 1 from public.document_members dm where dm.document_id = documents.id and dm.member_id = s.member_id)))
          and (documents.invoice_id is null or exists (select 1 from public.invoices i where i.id = documents.invoice_id))
          and (documents.quote_id is null or exists (select 1 from public.quotes q where q.id = documents.quote_id))
          and (documents.order_id is null or exists (select 1 from public.orders o where o.id = documents.order_id))
          and (documents.asset_id is null or exists (select 1 from public.assets a where a.id = documents.asset_id))
          and (documents.subscription_id is null
            or exists (select 1 from public.subscriptions x where x.id = documents.subscription_id))
        )
      )
    )
  );

-- Admins upload files for their own tenant's customers (the file itself is
-- stored by the system once this insert proved it is theirs) and decide
-- where each may appear and for whom.
grant insert (id, tenant_id, customer_id, project_id, host_id, title, file_name, content_type, size_bytes, quote_id,
  order_id, invoice_id, asset_id, subscription_id, is_document_pdf, channel_portal, channel_email, channel_app,
  restricted_to_members, uploaded_by_admin_id) on public.documents to authenticated;
grant update (title, channel_portal, channel_email, channel_app, restricted_to_members, deleted_at, updated_at)
  on public.documents to authenticated;
-- Sharing is written by the system after the admin's own transaction proved
-- document and members are theirs (an insert policy here would read
-- documents, whose policy reads document_members: a cycle Postgres refuses).
grant select, delete on public.document_members to authenticated;
grant all on public.document_members to service_role;

create policy "Tenant admins add documents for their own customers"
  on public.documents for insert to authenticated
  with check (
    tenant_id = (select private.admin_tenant_id())
    and customer_id in (select c.id from public.customers c where c.tenant_id = (select private.admin_tenant_id()))
    and host_id like 'portaal:%'
    and storage_key is null
  );
create policy "Tenant admins change their own tenant's documents"
  on public.documents for update to authenticated
  using (tenant_id = (select private.admin_tenant_id()))
  with check (tenant_id = (select private.admin_tenant_id()));

create policy "Tenant admins and the member read who a document is shared with"
  on public.document_members for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    or member_id in (select s.member_id from private.contact_document_scopes() s)
  );
create policy "Tenant admins stop sharing their documents"
  on public.document_members for delete to authenticated
  using (tenant_id = (select private.admin_tenant_id()));

-- ---------------------------------------------------------------------------
-- Quote decisions (F-19): a member accepts or declines an open quote with
-- name and signature. Like hour approvals, contacts never write a status:
-- they insert the evidence, and a trigger moves the quote, once.
-- ---------------------------------------------------------------------------
create table public.quote_decisions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references public.tenants (id) on delete cascade,
  quote_id uuid not null references public.quotes (id) on delete cascade,
  -- No foreign keys to portal, member, login, session: evidence outlives them.
  portal_id uuid not null,
  member_id uuid not null,
  login_id uuid not null,
  session_id uuid not null,
  portal_name text not null,
  customer_name text not null,
  member_name text not null,
  member_email text not null,
  decision text not null check (decision in ('accepted', 'declined')),
  signer_name text not null check (length(btrim(signer_name)) between 1 and 120),
  signature_kind text not null check (signature_kind in ('drawn', 'typed')),
  signature_png bytea check (octet_length(signature_png) <= 204800),
  comment text check (length(comment) <= 2000),
  statement text not null,
  language text not null check (language in ('nl', 'en')),
  ip text,
  user_agent text,
  -- RFC 8785 canonical JSON of the quote as the member saw it, and its SHA-256.
  canonical_content text not null,
  fingerprint text not null check (fingerprint = encode(sha256(convert_to(canonical_content, 'UTF8')), 'hex')),
  decided_at timestamptz not null default now(),
  check (signature_kind <> 'drawn' or signature_png is not null),
  check (decision = 'accepted' or length(btrim(comment)) > 0)
);
alter table public.quote_decisions enable row level security;
create index quote_decisions_quote_id_idx on public.quote_decisions (quote_id);
create index quote_decisions_tenant_time_idx on public.quote_decisions (tenant_id, decided_at desc);
create index quote_decisions_login_id_idx on public.quote_decisions (login_id);

grant select, insert on public.quote_decisions to authenticated;
grant all on public.quote_decisions to service_role;

-- The member's memberships in which they may decide on a quote of this customer.
create function private.contact_quote_member_ids(customer uuid) returns setof uuid
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_generic_plan rows 2
as $$
declare
  login uuid := private.contact_login_id();
  portal_ids uuid[] := array(select private.contact_portal_ids());
begin
  return query
    select m.id
    from unnest(portal_ids) as portal (id)
    join public.portals p on p.id = portal.id
    join public.portal_members m on m.portal_id = p.id and m.login_id = login and m.removed_at is null
    where p.customer_id = customer and p.show_quotes and m.can_view_quotes;
end
$$;
revoke all on function private.contact_quote_member_ids(uuid) from public;
grant execute on function private.contact_quote_member_ids(uuid) to authenticated, service_role;

create policy "Members sign decisions on open quotes they see, in this session"
  on public.quote_decisions for insert to authenticated
  with check (
    login_id = (select private.contact_login_id())
    and session_id = (select nullif(auth.jwt() ->> 'session_id', '')::uuid)
    and exists (
      select 1 from public.quotes q
      where q.id = quote_id and q.tenant_id = quote_decisions.tenant_id and q.status = 'open'
        and (q.valid_until is null or q.valid_until >= current_date)
        and quote_decisions.member_id in (select private.contact_quote_member_ids(q.customer_id)))
  );
create policy "Tenant admins and the deciding member read quote decisions"
  on public.quote_decisions for select to authenticated
  using (
    tenant_id = (select private.admin_tenant_id())
    -- The decider, while they still have the portal (as for approvals).
    or (login_id = (select private.contact_login_id()) and portal_id in (select private.contact_portal_ids()))
  );

-- Moves the quote once; a second decision on the same quote (a colleague, a
-- double click) finds it no longer open and is refused whole.
create function private.apply_quote_decision() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  update public.quotes set status = new.decision, updated_at = now()
  where id = new.quote_id and status = 'open';
  if not found then
    raise exception 'quote % is no longer open', new.quote_id using errcode = '23514';
  end if;
  return null;
end
$$;
revoke all on function private.apply_quote_decision() from public;
create trigger quote_decisions_apply after insert on public.quote_decisions
  for each row execute function private.apply_quote_decision();

-- Evidence, like approvals' (tenant purge excepted).
create trigger quote_decisions_append_only before update or delete on public.quote_decisions
  for each row execute function private.decisions_are_append_only();

-- ---------------------------------------------------------------------------
-- "Document shared" e-mail (F-27) only for what the portal really shares:
-- a stored file (not while its bytes have yet to arrive from the host), on
-- the portal channel, not an invoice/quote/order PDF (their own e-mail says
-- so), and not restricted to certain members (the restriction is written
-- after the row; those members are told by the admin's upload itself).
-- ---------------------------------------------------------------------------
create or replace function private.is_news(kind text, item jsonb) returns boolean
language sql immutable set search_path = ''
as $$
  select item ->> 'deleted_at' is null and case kind
    when 'invoice' then item ->> 'status' = 'open'
    when 'quote' then item ->> 'status' = 'open'
    when 'job' then item ->> 'status' = 'completed'
    else item ->> 'storage_key' is not null and (item ->> 'channel_portal')::boolean
      and not (item ->> 'is_document_pdf')::boolean and not (item ->> 'restricted_to_members')::boolean
  end
$$;
