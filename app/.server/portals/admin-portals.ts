import { z } from "zod";
import type { Tx } from "../db";

export const PORTAL_PAGE_SIZE = 25;

/** The host's "Open portal" action names a customer by the host's own id. */
export const hostCustomerIdSchema = z.string().trim().min(1).max(200);

/** The portal list's query string; anything malformed is simply ignored. */
export const portalListQuerySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  customerId: z.uuid().optional().catch(undefined),
  status: z.enum(["active", "disabled"]).optional().catch(undefined),
  customer: hostCustomerIdSchema.optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type PortalListQuery = z.infer<typeof portalListQuerySchema>;

export type AdminPortalRow = {
  id: string;
  name: string;
  customerName: string;
  language: string;
  status: "active" | "disabled";
  memberCount: number;
  projectCount: number;
};

export type PortalListPage = { rows: AdminPortalRow[]; total: number; page: number; pages: number };

export type PortalCustomer = { id: string; name: string };

export type TenantCustomer = PortalCustomer & { portalCount: number };

/** LIKE treats %, _ and \ as wildcards or escapes; a search means them literally. */
function containsPattern(text: string): string | null {
  return text ? `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
}

/**
 * One page of the admin's tenant's portals, filtered by name (portal or
 * customer), customer, status, and the host's customer id. RLS limits every
 * row to the admin's own tenant, so another tenant's customer finds nothing.
 */
export async function findTenantPortals(tx: Tx, query: Partial<PortalListQuery>): Promise<PortalListPage> {
  const pattern = containsPattern(query.q ?? "");
  const where = tx`
    where (${pattern}::text is null or p.name ilike ${pattern} or c.name ilike ${pattern})
      and (${query.customerId ?? null}::uuid is null or p.customer_id = ${query.customerId ?? null})
      and (${query.status ?? null}::text is null or p.status = ${query.status ?? null})
      and (${query.customer ?? null}::text is null or c.host_id = ${query.customer ?? null})`;
  const [counted] = await tx<{ total: number }[]>`
    select count(*)::int as total from public.portals p join public.customers c on c.id = p.customer_id ${where}`;
  const total = counted?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PORTAL_PAGE_SIZE));
  // Past the last page (a bookmark, a filter that shrank the list) shows the last page.
  const page = Math.min(query.page ?? 1, pages);
  const rows = await tx<AdminPortalRow[]>`
    select p.id, p.name, c.name as "customerName", p.language, p.status,
      (select count(*)::int from public.portal_members m where m.portal_id = p.id and m.removed_at is null) as "memberCount",
      (select count(*)::int from public.portal_projects pp where pp.portal_id = p.id) as "projectCount"
    from public.portals p join public.customers c on c.id = p.customer_id
    ${where}
    order by c.name, p.name, p.id
    limit ${PORTAL_PAGE_SIZE} offset ${(page - 1) * PORTAL_PAGE_SIZE}`;
  return { rows, total, page, pages };
}

/** The customers the filter offers, with how many portals each has (a customer without one gets a "create" instead). */
export async function listTenantCustomers(tx: Tx): Promise<TenantCustomer[]> {
  return tx<TenantCustomer[]>`
    select c.id, c.name, (select count(*)::int from public.portals p where p.customer_id = c.id) as "portalCount"
    from public.customers c
    where c.deleted_at is null or exists (select 1 from public.portals p where p.customer_id = c.id)
    order by c.name, c.id`;
}

/** The customer a host id names, in the admin's own tenant only. */
export async function findCustomerByHostId(tx: Tx, hostId: string): Promise<PortalCustomer | null> {
  const [customer] = await tx<PortalCustomer[]>`select id, name from public.customers where host_id = ${hostId} limit 1`;
  return customer ?? null;
}

/** Everything the portal list shows: one page, the customer filter's choices, and the host's customer when named. */
export async function loadPortalList(tx: Tx, query: PortalListQuery) {
  const list = await findTenantPortals(tx, query);
  const customers = await listTenantCustomers(tx);
  const hostCustomer = query.customer ? await findCustomerByHostId(tx, query.customer) : null;
  return { list, customers, hostCustomer };
}
