import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClaimsOf, signedInContact } from "../../../tests/support/claims";
import { asService, withClaims, type ContactClaims } from "../db";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE } from "../seed/demo";
import { portalBillingTiles } from "./dashboard";

type Scope = { website: string; huisstijl: string; bramMemberId: string };

let scope: Scope;
let anna: ContactClaims;
let bram: ContactClaims;

describe("the front page's tiles for invoices, quotes, orders and documents", () => {
  beforeAll(async () => {
    scope = (await asService("test: the demo's portals", (tx) => tx<Scope[]>`
      select (select id from public.portals where name = 'Acme – Website en app') as website,
        (select id from public.portals where name = 'Acme – Huisstijl') as huisstijl,
        (select m.id from public.portal_members m join public.logins l on l.id = m.login_id
          where l.email = ${DEMO_ADDRESSES.bram}) as "bramMemberId"`))[0]!;
    anna = (await signedInContact(DEMO_ADDRESSES.anna)).claims;
    bram = (await signedInContact(DEMO_ADDRESSES.bram)).claims;
  });
  afterAll(async () => {
    await asService("test: end the sessions", (tx) => tx`
      update public.sessions set ended_at = now() where id = any(${[anna.sessionId, bram.sessionId]}::uuid[])`);
  });

  it("counts what waits: invoices to pay (due and overdue) and quotes to accept; orders; no documents where not shown", async () => {
    const tiles = await withClaims(anna, (tx) => portalBillingTiles(tx, scope.website));
    const [expected] = await asService("test: what acme has open", (tx) => tx<{ due: number; overdue: number; quotes: number }[]>`
      select count(*) filter (where i.status = 'open' and i.due_on >= current_date)::int as due,
        count(*) filter (where i.status = 'open' and i.due_on < current_date)::int as overdue,
        (select count(*)::int from public.quotes q where q.customer_id = c.id and q.status = 'open' and q.valid_until >= current_date) as quotes
      from public.customers c join public.invoices i on i.customer_id = c.id
      where c.host_id = 'cust-acme' group by c.id`);
    expect(expected!.due + expected!.overdue).toBeGreaterThan(0);
    expect(tiles.invoices).toMatchObject({ dueCount: expected!.due, overdueCount: expected!.overdue });
    expect(tiles.invoices!.open.map((total) => total.currency)).toEqual(["EUR"]);
    expect(tiles.quotes).toEqual({ openCount: expected!.quotes });
    expect(tiles.orders).toEqual({ count: 1 });
    expect(tiles.documents).toBeNull();
  });

  it("shows no tile for what the portal does not show or the member may not see", async () => {
    expect(await withClaims(anna, (tx) => portalBillingTiles(tx, scope.huisstijl))).toEqual({
      invoices: null, quotes: null, orders: null, documents: null,
    });
    await asService("test: bram may not see quotes", (tx) => tx`
      update public.portal_members set can_view_quotes = false where id = ${scope.bramMemberId}`);
    try {
      const tiles = await withClaims(bram, (tx) => portalBillingTiles(tx, scope.website));
      expect(tiles.quotes).toBeNull();
      expect(tiles.invoices).not.toBeNull();
      const admin = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
      expect(await withClaims(admin, (tx) => portalBillingTiles(tx, scope.website, { previewMemberId: scope.bramMemberId }))).toEqual(tiles);
    } finally {
      await asService("test: restore", (tx) => tx`update public.portal_members set can_view_quotes = true where id = ${scope.bramMemberId}`);
    }
  });
});
