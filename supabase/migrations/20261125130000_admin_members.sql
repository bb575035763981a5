-- Admins manage a portal's members (F-6): besides the contacts the host
-- platform pushes, an admin may create a contact of their own tenant's
-- customer in Portaal. Such a contact's host_id is 'portaal:<uuid>', so it can
-- never collide with (or be overwritten by) a contact the host sends.
-- Logins stay system-only: the admin's transaction upserts them as the system,
-- after reading the contact with the admin's own claims.

grant insert (tenant_id, customer_id, host_id, first_name, last_name, email, job_title)
  on public.contacts to authenticated;

create policy "Admins create contacts of their own tenant's customers"
  on public.contacts for insert to authenticated
  with check (
    tenant_id = (select private.admin_tenant_id())
    and host_id like 'portaal:%'
    and customer_id in (
      select c.id from public.customers c
      where c.tenant_id = (select private.admin_tenant_id()) and c.deleted_at is null
    )
  );
