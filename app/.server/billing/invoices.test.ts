import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClaimsOf, signedInContact } from "../../../tests/support/claims";
import { asService, withClaims, type ContactClaims } from "../db";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE } from "../seed/demo";
import { listPortalInvoices } from "./invoices";

type Scope = {
  tenantId: string;
  acmeId: string;
  website: string;
  huisstijl: string;
  globex: string;
  webProjectId: string;
  brandProjectId: string;
  bramMemberId: string;
};
type Expected = { id: string; number: string; status: string; issuedOn: string; totalInclVat: string };

let scope: Scope;
let anna: ContactClaims;
let bram: ContactClaims;
let carla: ContactClaims;
let acmeInvoices: Expected[];

/** Changes a row's settings for the length of fn, then puts them back. */
async function withSettings<T>(table: "portals" | "portal_members", id: string, settings: Record<string, unknown>, fn: () => Promise<T>): Promise<T> {
  const columns = Object.keys(settings);
  const [before] = await asService("test: read settings", (tx) => tx<Record<string, unknown>[]>`
    select ${tx(columns)} from ${tx("public." + table)} where id = ${id}`);
  await asService("test: change settings", (tx) => tx`update ${tx("public." + table)} set ${tx(settings as never, columns)} where id = ${id}`);
  try {
    return await fn();
  } finally {
    await asService("test: restore settings", (tx) => tx`update ${tx("public." + table)} set ${tx(before as never, columns)} where id = ${id}`);
  }
}

/** Invoices of Acme that exist only for fn; no e-mail goes out about them. */
async function withInvoices<T>(rows: Array<Record<string, unknown>>, fn: (ids: string[]) => Promise<T>): Promise<T> {
  const full = rows.map((row, index) => ({
    id: randomUUID(), tenant_id: scope.tenantId, customer_id: scope.acmeId, project_id: scope.webProjectId,
    host_id: `test-billing-${randomUUID()}`, number: `TEST-${index}`, subject: "Test", status: "paid",
    issued_on: "2020-01-01", due_on: "2020-01-31", total_excl_vat: 100, total_incl_vat: 121, ...row,
  }));
  const ids = full.map((row) => row.id);
  await asService("test: invoices arrive", async (tx) => {
    await tx`select set_config('portaal.notifications', 'off', true)`;
    await tx`insert into public.invoices ${tx(full)}`;
  });
  try {
    return await fn(ids);
  } finally {
    await asService("test: invoices go", (tx) => tx`delete from public.invoices where id = any(${ids}::uuid[])`);
  }
}

describe("a portal's invoices", () => {
  beforeAll(async () => {
    scope = (await asService("test: the demo's portals", (tx) => tx<Scope[]>`
      select t.id as "tenantId", c.id as "acmeId",
        (select id from public.portals where name = 'Acme – Website en app') as website,
        (select id from public.portals where name = 'Acme – Huisstijl') as huisstijl,
        (select id from public.portals where name = 'Globex') as globex,
        (select id from public.projects where host_id = 'proj-acme-web' and tenant_id = t.id) as "webProjectId",
        (select id from public.projects where host_id = 'proj-acme-brand' and tenant_id = t.id) as "brandProjectId",
        (select m.id from public.portal_members m join public.logins l on l.id = m.login_id
          where l.email = ${DEMO_ADDRESSES.bram}) as "bramMemberId"
      from public.tenants t join public.customers c on c.tenant_id = t.id and c.host_id = 'cust-acme'
      where t.host_workspace_id = ${DEMO_TENANT_WORKSPACE}`))[0]!;
    acmeInvoices = await asService("test: acme's sent invoices", (tx) => tx<Expected[]>`
      select id, number, to_char(issued_on, 'YYYY-MM-DD') as "issuedOn", total_incl_vat::text as "totalInclVat",
        case when status = 'open' and due_on < current_date then 'overdue' when status = 'open' then 'due' else status end as status
      from public.invoices where customer_id = ${scope.acmeId} and status <> 'draft' and deleted_at is null
      order by issued_on desc, number desc`);
    anna = (await signedInContact(DEMO_ADDRESSES.anna)).claims;
    bram = (await signedInContact(DEMO_ADDRESSES.bram)).claims;
    carla = (await signedInContact(DEMO_ADDRESSES.carla)).claims;
  });
  afterAll(async () => {
    const sessions = [anna, bram, carla].map((claims) => claims.sessionId);
    await asService("test: end the sessions", (tx) => tx`update public.sessions set ended_at = now() where id = any(${sessions}::uuid[])`);
  });

  it("lists the customer's sent invoices newest first, overdue derived from the due date, never a draft", async () => {
    const listing = (await withClaims(anna, (tx) => listPortalInvoices(tx, scope.website, {})))!;
    expect(listing.scope).toBe("customer");
    expect(listing.rows.map((row) => [row.number, row.status])).toEqual(acmeInvoices.map((row) => [row.number, row.status]));
    const [drafts] = await asService("test: acme's drafts", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.invoices where customer_id = ${scope.acmeId} and status = 'draft'`);
    expect(drafts!.count).toBeGreaterThan(0);
    expect(new Set(listing.rows.map((row) => row.status))).toEqual(new Set(["due", "overdue", "paid", "credited"]));

    const count = (status: string) => acmeInvoices.filter((row) => row.status === status).length;
    expect(listing.counts).toEqual({
      all: acmeInvoices.length, due: count("due"), overdue: count("overdue"), paid: count("paid"), credited: count("credited"),
    });
    const sum = (status: string) => acmeInvoices.filter((row) => row.status === status).reduce((total, row) => total + Number(row.totalInclVat), 0);
    expect(listing.open).toHaveLength(1);
    expect(listing.open[0]!.currency).toBe("EUR");
    expect(Number(listing.open[0]!.due)).toBeCloseTo(sum("due"), 2);
    expect(Number(listing.open[0]!.overdue)).toBeCloseTo(sum("overdue"), 2);
    expect([listing.open[0]!.dueCount, listing.open[0]!.overdueCount]).toEqual([count("due"), count("overdue")]);

    // Each has its PDF (the demo's), and the invoice of the order names it.
    expect(listing.rows.every((row) => row.pdfDocumentId !== null)).toBe(true);
    const [pdf] = await asService("test: the pdf", (tx) => tx<{ invoiceId: string }[]>`
      select invoice_id as "invoiceId" from public.documents where id = ${listing.rows[0]!.pdfDocumentId}`);
    expect(pdf!.invoiceId).toBe(listing.rows[0]!.id);
    expect(listing.rows.filter((row) => row.orderNumber !== null).map((row) => row.orderNumber)).toEqual(["ORD-2026-0001"]);
  });

  it("searches numbers with wildcards taken literally, and filters by status and period", async () => {
    const list = (filter: Record<string, unknown>) => withClaims(anna, async (tx) => (await listPortalInvoices(tx, scope.website, filter))!);
    const overdue = acmeInvoices.find((row) => row.status === "overdue")!;
    expect((await list({ q: overdue.number.slice(-4) })).rows.map((row) => row.number)).toEqual([overdue.number]);
    expect((await list({ q: ` ${overdue.number.toLowerCase()} ` })).rows.map((row) => row.number)).toEqual([overdue.number]);
    for (const q of ["%", "_", "2026_0", "\\"]) expect((await list({ q })).total, q).toBe(0);

    for (const status of ["due", "overdue", "paid", "credited"] as const) {
      const listing = await list({ status });
      expect(listing.rows.map((row) => row.number), status).toEqual(acmeInvoices.filter((row) => row.status === status).map((row) => row.number));
      expect(listing.total).toBe(listing.rows.length);
    }
    expect((await list({ status: "nonsense" })).rows).toHaveLength(acmeInvoices.length);

    const day = overdue.issuedOn;
    const period = await list({ from: day, to: day });
    expect(period.rows.map((row) => row.number)).toEqual(acmeInvoices.filter((row) => row.issuedOn === day).map((row) => row.number));
    expect(period.filteredCounts.all).toBe(period.rows.length);
    expect(period.counts.all).toBe(acmeInvoices.length);
    expect((await list({ from: day })).rows.every((row) => row.issuedOn! >= day)).toBe(true);
    expect((await list({ to: day })).rows.every((row) => row.issuedOn! <= day)).toBe(true);
  });

  it("pages by 25", async () => {
    await withInvoices(Array.from({ length: 30 }, (_, index) => ({ number: `TEST-PAGE-${String(index).padStart(2, "0")}` })), async () => {
      const list = (page: number) => withClaims(anna, async (tx) => (await listPortalInvoices(tx, scope.website, { page }))!);
      const first = await list(1);
      const second = await list(2);
      expect(first.total).toBe(acmeInvoices.length + 30);
      expect(first.pages).toBe(2);
      expect(first.rows).toHaveLength(25);
      expect(second.rows).toHaveLength(first.total - 25);
      expect(new Set([...first.rows, ...second.rows].map((row) => row.id)).size).toBe(first.total);
      // Past the last page: the last page.
      expect((await list(9)).rows.map((row) => row.id)).toEqual(second.rows.map((row) => row.id));
    });
  });

  it("shows Carla, of another customer, none of Acme's", async () => {
    expect(await withClaims(carla, (tx) => listPortalInvoices(tx, scope.website, {}))).toBeNull();
    const globex = (await withClaims(carla, (tx) => listPortalInvoices(tx, scope.globex, {})))!;
    expect(globex.rows.length).toBeGreaterThan(0);
    const acmeNumbers = new Set(acmeInvoices.map((row) => row.number));
    expect(globex.rows.filter((row) => acmeNumbers.has(row.number))).toEqual([]);
  });

  it("narrows to the portal's projects with only_project_invoices, also beside a portal that shows them all", async () => {
    await withInvoices([{ number: "TEST-BRAND", project_id: scope.brandProjectId, status: "open", due_on: "2999-01-01" }], async () => {
      const numbers = async (portalId: string) =>
        (await withClaims(anna, (tx) => listPortalInvoices(tx, portalId, {})))?.rows.map((row) => row.number) ?? null;
      expect(await numbers(scope.website)).toContain("TEST-BRAND");
      await withSettings("portals", scope.website, { only_project_invoices: true }, async () => {
        const listing = (await withClaims(anna, (tx) => listPortalInvoices(tx, scope.website, {})))!;
        expect(listing.scope).toBe("projects");
        expect(listing.rows.map((row) => row.number)).toEqual(acmeInvoices.map((row) => row.number));
      });
      // Anna's other portal of Acme shows invoices of its own project only, though the first shows all of Acme's.
      await withSettings("portals", scope.huisstijl, { show_invoices: true, only_project_invoices: true }, async () => {
        expect(await numbers(scope.huisstijl)).toEqual(["TEST-BRAND"]);
        const listing = (await withClaims(anna, (tx) => listPortalInvoices(tx, scope.huisstijl, {})))!;
        expect(listing.counts.all).toBe(1);
        expect(listing.open.map((total) => total.dueCount)).toEqual([1]);
      });
    });
  });

  it("gives nothing to a member who may not view invoices, nor in a portal that does not show them", async () => {
    expect(await withClaims(anna, (tx) => listPortalInvoices(tx, scope.huisstijl, {}))).toBeNull();
    expect(await withClaims(bram, (tx) => listPortalInvoices(tx, scope.website, {}))).not.toBeNull();
    await withSettings("portal_members", scope.bramMemberId, { can_view_invoices: false }, async () => {
      expect(await withClaims(bram, (tx) => listPortalInvoices(tx, scope.website, {}))).toBeNull();
    });
    await withSettings("portals", scope.website, { show_invoices: false }, async () => {
      expect(await withClaims(anna, (tx) => listPortalInvoices(tx, scope.website, {}))).toBeNull();
    });
  });

  it("shows an admin's preview what the member sees: no drafts, nothing the member may not view", async () => {
    const admin = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const viewer = { previewMemberId: scope.bramMemberId };
    const preview = (await withClaims(admin, (tx) => listPortalInvoices(tx, scope.website, {}, viewer)))!;
    const member = (await withClaims(bram, (tx) => listPortalInvoices(tx, scope.website, {})))!;
    expect(preview.rows).toEqual(member.rows);
    expect(preview.counts).toEqual(member.counts);
    await withSettings("portal_members", scope.bramMemberId, { can_view_invoices: false }, async () => {
      expect(await withClaims(admin, (tx) => listPortalInvoices(tx, scope.website, {}, viewer))).toBeNull();
    });
    // Without a preview the admin is no member of the portal.
    expect(await withClaims(admin, (tx) => listPortalInvoices(tx, scope.website, {}))).toBeNull();
  });
});
