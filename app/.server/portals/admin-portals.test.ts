import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClaimsOf } from "../../../tests/support/claims";
import { asService, withClaims, type AdminClaims } from "../db";
import { DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import {
  PORTAL_PAGE_SIZE, findCustomerByHostId, findTenantPortals, listTenantCustomers, loadPortalList, portalListQuerySchema,
  type PortalListQuery,
} from "./admin-portals";

// Enough extra portals for a second page, some disabled, all for Initech (which has none in the seed).
const EXTRA_PORTALS = 30;
const EXTRA_DISABLED = 7;
const EXTRA_PREFIX = "Lijsttest";

let studio: AdminClaims;
let zuid: AdminClaims;
let customerIds: Record<string, string>;

beforeAll(async () => {
  studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
  zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
  customerIds = await asService("test: the customers by host id", async (tx) => {
    const rows = await tx<{ hostId: string; id: string }[]>`select host_id as "hostId", id from public.customers`;
    return Object.fromEntries(rows.map((row) => [row.hostId, row.id]));
  });
  await asService("test: add portals for the list", (tx) => tx`
    insert into public.portals ${tx(
      Array.from({ length: EXTRA_PORTALS }, (_, index) => ({
        id: randomUUID(), tenant_id: studio.tenantId, customer_id: customerIds["cust-initech"]!,
        name: `${EXTRA_PREFIX} ${String(index + 1).padStart(2, "0")}`, status: index < EXTRA_DISABLED ? "disabled" : "active",
      })),
    )}`);
});

afterAll(async () => {
  await asService("test: remove the list's portals", (tx) => tx`
    delete from public.portals where tenant_id = ${studio.tenantId} and name like ${`${EXTRA_PREFIX} %`}`);
});

const query = (input: Record<string, string>): PortalListQuery => portalListQuerySchema.parse(input);

/** The tenant's portals as the database has them, by name, without RLS. */
async function portalNamesOf(tenantId: string): Promise<string[]> {
  const rows = await asService("test: a tenant's portals", (tx) => tx<{ name: string }[]>`
    select p.name from public.portals p join public.customers c on c.id = p.customer_id
    where p.tenant_id = ${tenantId} order by c.name, p.name, p.id`);
  return rows.map((row) => row.name);
}

describe("the admin's portal list", () => {
  it("pages the tenant's portals on the server, 25 at a time, in customer and name order", async () => {
    const all = await portalNamesOf(studio.tenantId);
    expect(all.length).toBeGreaterThan(PORTAL_PAGE_SIZE);
    const first = await withClaims(studio, (tx) => findTenantPortals(tx, query({})));
    const second = await withClaims(studio, (tx) => findTenantPortals(tx, query({ page: "2" })));
    expect(first).toMatchObject({ total: all.length, page: 1, pages: Math.ceil(all.length / PORTAL_PAGE_SIZE) });
    expect(first.rows).toHaveLength(PORTAL_PAGE_SIZE);
    expect([...first.rows, ...second.rows].map((row) => row.name)).toEqual(all.slice(0, 2 * PORTAL_PAGE_SIZE));
    expect(first.rows.find((row) => row.name === "Acme – Website en app")).toMatchObject({
      customerName: "Acme B.V.", status: "active", memberCount: 2, projectCount: 2,
    });
    // A page past the end shows the last one.
    const beyond = await withClaims(studio, (tx) => findTenantPortals(tx, query({ page: "99" })));
    expect(beyond.page).toBe(first.pages);
    expect(beyond.rows.map((row) => row.name)).toEqual(all.slice((first.pages - 1) * PORTAL_PAGE_SIZE));
  });

  it("searches portal and customer names, case-insensitively, and takes wildcards literally", async () => {
    const names = async (q: string) =>
      (await withClaims(studio, (tx) => findTenantPortals(tx, query({ q })))).rows.map((row) => row.name);
    expect(await names("HUISSTIJL")).toEqual(["Acme – Huisstijl"]);
    expect(await names("acme b.v")).toEqual(["Acme – Huisstijl", "Acme – Website en app"]);
    expect(await names("  globex nederland ")).toEqual(["Globex"]);
    expect(await names("%")).toEqual([]);
    expect(await names("Acme_")).toEqual([]);
    const found = await withClaims(studio, (tx) => findTenantPortals(tx, query({ q: "lijsttest" })));
    expect(found.total).toBe(EXTRA_PORTALS);
  });

  it("filters by customer and by status, and combines the filters", async () => {
    const find = (input: Record<string, string>) => withClaims(studio, (tx) => findTenantPortals(tx, query(input)));
    const acme = await find({ customerId: customerIds["cust-acme"]! });
    expect(acme.rows.map((row) => row.name)).toEqual(["Acme – Huisstijl", "Acme – Website en app"]);
    expect((await find({ status: "disabled" })).total).toBe(EXTRA_DISABLED);
    const initechActive = await find({ customerId: customerIds["cust-initech"]!, status: "active" });
    expect(initechActive.total).toBe(EXTRA_PORTALS - EXTRA_DISABLED);
    expect(initechActive.rows.every((row) => row.status === "active" && row.customerName === "Initech")).toBe(true);
    expect((await find({ customerId: customerIds["cust-acme"]!, q: "globex" })).total).toBe(0);
  });

  it("filters by the host's customer id, and offers the tenant's customers with their portal counts", async () => {
    const list = await withClaims(studio, (tx) => loadPortalList(tx, query({ customer: "cust-globex" })));
    expect(list.list.rows.map((row) => row.name)).toEqual(["Globex"]);
    expect(list.hostCustomer).toEqual({ id: customerIds["cust-globex"], name: "Globex Nederland" });
    const expected = await asService("test: a tenant's customers", (tx) => tx<{ id: string; name: string; portalCount: number }[]>`
      select c.id, c.name, (select count(*)::int from public.portals p where p.customer_id = c.id) as "portalCount"
      from public.customers c where c.tenant_id = ${studio.tenantId} order by c.name, c.id`);
    expect(list.customers).toEqual(expected);
    expect(list.customers.find((customer) => customer.name === "Initech")?.portalCount).toBe(EXTRA_PORTALS);
    const unknown = await withClaims(studio, (tx) => loadPortalList(tx, query({ customer: "cust-nobody" })));
    expect(unknown).toMatchObject({ list: { rows: [], total: 0 }, hostCustomer: null });
  });

  it("finds nothing of another tenant: its customers, by host id or by id, filter to an empty list", async () => {
    const zuidNames = await portalNamesOf(zuid.tenantId);
    const own = await withClaims(zuid, (tx) => findTenantPortals(tx, query({})));
    expect(own.rows.map((row) => row.name)).toEqual(zuidNames);
    expect(own.rows.some((row) => row.name.startsWith("Acme –") || row.name.startsWith(EXTRA_PREFIX))).toBe(false);

    await withClaims(zuid, async (tx) => {
      expect(await findTenantPortals(tx, query({ customer: "cust-acme" }))).toMatchObject({ rows: [], total: 0 });
      expect(await findTenantPortals(tx, query({ customerId: customerIds["cust-acme"]! }))).toMatchObject({ rows: [], total: 0 });
      expect(await findCustomerByHostId(tx, "cust-acme")).toBeNull();
      expect((await listTenantCustomers(tx)).map((customer) => customer.name)).toEqual(["Acme Nederland"]);
    });
    await withClaims(studio, async (tx) => {
      expect(await findTenantPortals(tx, query({ customer: "cust-acme-nl" }))).toMatchObject({ rows: [], total: 0 });
      expect(await findTenantPortals(tx, query({ customerId: customerIds["cust-acme-nl"]! }))).toMatchObject({ rows: [], total: 0 });
    });
  });

  it("ignores a malformed query instead of failing", () => {
    expect(portalListQuerySchema.parse({ page: "-3", status: "deleted", customerId: "not-a-uuid", q: "  acme  ", customer: "" })).toEqual({
      q: "acme", page: 1, status: undefined, customerId: undefined, customer: undefined,
    });
    expect(portalListQuerySchema.parse({})).toEqual({ q: "", page: 1, status: undefined, customerId: undefined, customer: undefined });
  });
});
