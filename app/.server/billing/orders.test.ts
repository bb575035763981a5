import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClaimsOf, signedInContact } from "../../../tests/support/claims";
import { asService, withClaims, type ContactClaims } from "../db";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE } from "../seed/demo";
import { listPortalOrders } from "./orders";

type Scope = { website: string; huisstijl: string; globex: string; annaMemberId: string; bramMemberId: string };

let scope: Scope;
let anna: ContactClaims;
let bram: ContactClaims;
let carla: ContactClaims;

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

const annaOrders = (portalId = scope.website) => withClaims(anna, (tx) => listPortalOrders(tx, portalId));

describe("a portal's orders: quote → order → invoice, and the hours on them", () => {
  beforeAll(async () => {
    scope = (await asService("test: the demo's portals", (tx) => tx<Scope[]>`
      select (select id from public.portals where name = 'Acme – Website en app') as website,
        (select id from public.portals where name = 'Acme – Huisstijl') as huisstijl,
        (select id from public.portals where name = 'Globex') as globex,
        (select m.id from public.portal_members m join public.logins l on l.id = m.login_id join public.portals p on p.id = m.portal_id
          where l.email = ${DEMO_ADDRESSES.anna} and p.name = 'Acme – Website en app') as "annaMemberId",
        (select m.id from public.portal_members m join public.logins l on l.id = m.login_id
          where l.email = ${DEMO_ADDRESSES.bram}) as "bramMemberId"`))[0]!;
    anna = (await signedInContact(DEMO_ADDRESSES.anna)).claims;
    bram = (await signedInContact(DEMO_ADDRESSES.bram)).claims;
    carla = (await signedInContact(DEMO_ADDRESSES.carla)).claims;
  });
  afterAll(async () => {
    const sessions = [anna, bram, carla].map((claims) => claims.sessionId);
    await asService("test: end the sessions", (tx) => tx`update public.sessions set ended_at = now() where id = any(${sessions}::uuid[])`);
  });

  it("shows the demo order with its accepted quote, its invoice, their PDFs, and its hours without description", async () => {
    const listing = (await annaOrders())!;
    expect(listing.orderHoursVisibility).toBe("without_description");
    expect(listing.orders).toHaveLength(1);
    const order = listing.orders[0]!;
    const [chain] = await asService("test: the chain as stored", (tx) => tx<{ quoteNumber: string; invoiceNumbers: string[]; hours: number }[]>`
      select q.number as "quoteNumber",
        array(select i.number from public.invoices i where i.order_id = o.id order by i.number) as "invoiceNumbers",
        (select count(*)::int from public.registrations r where r.order_id = o.id) as hours
      from public.orders o join public.quotes q on q.id = o.quote_id where o.id = ${order.id}`);
    expect(order).toMatchObject({ number: "ORD-2026-0001", status: "invoiced" });
    expect(order.quote).toMatchObject({ number: chain!.quoteNumber, status: "accepted" });
    expect(order.invoices.map((invoice) => [invoice.number, invoice.status])).toEqual(chain!.invoiceNumbers.map((number) => [number, "paid"]));
    expect([order.pdfDocumentId, order.quote!.pdfDocumentId, ...order.invoices.map((invoice) => invoice.pdfDocumentId)].every(Boolean)).toBe(true);

    const hours = order.hours!;
    expect(hours.count).toBe(chain!.hours);
    expect(hours.count).toBeGreaterThan(0);
    expect(hours.lines).toHaveLength(hours.count);
    expect(Number(hours.total)).toBeCloseTo(hours.lines.reduce((sum, line) => sum + Number(line.hours), 0), 2);
    expect(hours.lines.every((line) => line.employeeName && line.description === null)).toBe(true);
  });

  it("shows descriptions under 'full' only where the portal's hours show them too, and no hours under 'hidden'", async () => {
    await withSettings("portals", scope.website, { order_hours_visibility: "full" }, async () => {
      const lines = (await annaOrders())!.orders[0]!.hours!.lines;
      expect(lines.every((line) => typeof line.description === "string" && line.description.length > 0)).toBe(true);
      await withSettings("portals", scope.website, { hours_visibility: "without_description" }, async () => {
        const masked = (await annaOrders())!.orders[0]!.hours!;
        expect(masked.count).toBe(lines.length);
        expect(masked.lines.every((line) => line.description === null)).toBe(true);
      });
    });
    await withSettings("portals", scope.website, { order_hours_visibility: "hidden" }, async () => {
      const listing = (await annaOrders())!;
      expect(listing.orders[0]!.hours).toBeNull();
    });
  });

  it("leaves out the quote and the invoices where the member may not view them", async () => {
    await withSettings("portal_members", scope.annaMemberId, { can_view_invoices: false, can_view_quotes: false }, async () => {
      const order = (await annaOrders())!.orders[0]!;
      expect(order.quote).toBeNull();
      expect(order.invoices).toEqual([]);
      expect(order.number).toBe("ORD-2026-0001");
    });
  });

  it("shows nothing in a portal without orders, nor to another customer's contact", async () => {
    expect(await annaOrders(scope.huisstijl)).toBeNull();
    expect(await withClaims(carla, (tx) => listPortalOrders(tx, scope.website))).toBeNull();
    expect(await withClaims(carla, (tx) => listPortalOrders(tx, scope.globex))).toBeNull();
    await withSettings("portals", scope.globex, { show_orders: true }, async () => {
      expect((await withClaims(carla, (tx) => listPortalOrders(tx, scope.globex)))!.orders).toEqual([]);
    });
    await withSettings("portals", scope.website, { show_orders: false }, async () => {
      expect(await annaOrders()).toBeNull();
    });
  });

  it("shows an admin's preview what the member sees", async () => {
    const admin = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const preview = await withClaims(admin, (tx) => listPortalOrders(tx, scope.website, { previewMemberId: scope.bramMemberId }));
    const member = await withClaims(bram, (tx) => listPortalOrders(tx, scope.website));
    expect(preview).toEqual(member);
    expect(preview!.orders[0]!.hours!.lines.every((line) => line.description === null)).toBe(true);
  });
});
