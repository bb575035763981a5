-- A portal belongs to one customer of its own tenant, for good (F-3).
--
-- The insert policy on portals only checks tenant_id, so without this an admin
-- could name another tenant's customer, and that customer's contacts and
-- invoices would follow the portal into the wrong tenant. The customer never
-- changes afterwards: its projects and members were checked against it
-- (portal_projects_consistency, portal_members_consistency).
create function private.check_portal_customer_consistency() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.customer_id is distinct from old.customer_id or new.tenant_id is distinct from old.tenant_id) then
    raise exception 'portal % keeps its tenant and customer', new.id using errcode = '23514';
  end if;
  if tg_op = 'INSERT' and not exists (
    select 1 from public.customers c
    where c.id = new.customer_id and c.tenant_id = new.tenant_id and c.deleted_at is null
  ) then
    raise exception 'customer % is not a customer of tenant %, or was deleted', new.customer_id, new.tenant_id
      using errcode = '23514';
  end if;
  return new;
end
$$;
revoke all on function private.check_portal_customer_consistency() from public;

create trigger portals_customer_consistency before insert or update of tenant_id, customer_id on public.portals
  for each row execute function private.check_portal_customer_consistency();
