import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClaimsOf, signedInContact } from "../../../tests/support/claims";
import { intlFor } from "../../i18n";
import { AUDIT_PAGE_SIZE, auditActionLabel, auditFilterSchema } from "../../shared/audit-filter";
import { asService, withClaims, type AdminClaims, type Claims, type ContactClaims } from "../db";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import { exportAuditLogCsv } from "./csv";
import { auditFilterOptions, countAuditLog, exportAuditLog, listAuditLog, type AuditFilter } from "./list";
import { recordAudit, type AuditEntry } from "./record";

type Membership = { memberId: string; contactId: string; portalId: string; loginId: string };

let studio: AdminClaims;
let zuid: AdminClaims;
let anna: ContactClaims;
let annaWeb: Membership; // Studio Noord, "Acme – Website en app"
let bramWeb: Membership;
let carlaGlobex: Membership;
let annaZuid: Membership;
const ids: Record<string, string> = {};

function membership(email: string, portalName: string): Promise<Membership> {
  return asService("test: find a membership", async (tx) => {
    const [row] = await tx<Membership[]>`
      select m.id as "memberId", m.contact_id as "contactId", m.portal_id as "portalId", m.login_id as "loginId"
      from public.portal_members m join public.contacts c on c.id = m.contact_id join public.portals p on p.id = m.portal_id
      where c.email = ${email} and p.name = ${portalName}`;
    if (!row) throw new Error(`no membership of ${email} in ${portalName}`);
    return row;
  });
}

/** One entry the way the application writes them, and its id. */
function record(entry: AuditEntry): Promise<string> {
  return asService("test: write an audit entry", async (tx) => {
    await recordAudit(tx, { ip: "192.0.2.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", ...entry });
    // The newest entry is this one: test files run one at a time.
    const [row] = await tx<{ id: string }[]>`select max(id)::text as id from public.audit_log`;
    return row!.id;
  });
}

/** An entry at a given moment: recordAudit always writes "now". */
function recordAt(tenantId: string, action: string, occurredAt: string): Promise<string> {
  return asService("test: write a dated audit entry", async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      insert into public.audit_log (tenant_id, actor_kind, action, occurred_at)
      values (${tenantId}, 'system', ${action}, ${occurredAt}) returning id::text as id`;
    return row!.id;
  });
}

const all = (claims: Claims, filter: AuditFilter = {}) => withClaims(claims, (tx) => exportAuditLog(tx, filter));
const idsOf = async (claims: Claims, filter: AuditFilter = {}) => (await all(claims, filter)).map((row) => row.id);

describe("the tenant's audit log", () => {
  beforeAll(async () => {
    studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    annaWeb = await membership(DEMO_ADDRESSES.anna, "Acme – Website en app");
    bramWeb = await membership(DEMO_ADDRESSES.bram, "Acme – Website en app");
    carlaGlobex = await membership(DEMO_ADDRESSES.carla, "Globex");
    annaZuid = (await asService("test: anna at Bureau Zuid", (tx) => tx<Membership[]>`
      select m.id as "memberId", m.contact_id as "contactId", m.portal_id as "portalId", m.login_id as "loginId"
      from public.portal_members m where m.tenant_id = ${zuid.tenantId}`))[0]!;
    anna = (await signedInContact(DEMO_ADDRESSES.anna)).claims;

    const contact = (who: Membership) => ({ actorKind: "contact" as const, loginId: who.loginId, memberId: who.memberId, portalId: who.portalId });
    ids.annaDecided = await record({ tenantId: studio.tenantId, ...contact(annaWeb), action: "test.decided", subjectType: "approval_decision", subjectId: "d-1", details: { count: 3 } });
    ids.bramInvited = await record({
      tenantId: studio.tenantId, actorKind: "admin", adminId: studio.adminId, memberId: bramWeb.memberId, portalId: bramWeb.portalId, action: "test.invited",
    });
    ids.carlaDecided = await record({ tenantId: studio.tenantId, ...contact(carlaGlobex), action: "test.decided" });
    // A contact's entry with only the login (a sign-in): named after her membership all the same.
    ids.annaSignedIn = await record({ tenantId: studio.tenantId, actorKind: "contact", loginId: annaWeb.loginId, action: "test.signed_in" });
    ids.zuidDecided = await record({ tenantId: zuid.tenantId, ...contact(annaZuid), action: "test.decided" });
    ids.zuidOnly = await record({ tenantId: zuid.tenantId, actorKind: "admin", adminId: zuid.adminId, action: "test.zuid_only" });
    ids.host = await record({ tenantId: studio.tenantId, actorKind: "host", action: "test.host" });
    // 10 March 23:30 UTC is already 11 March in Amsterdam.
    ids.march1 = await recordAt(studio.tenantId, "test.dated", "2021-03-01T10:00:00Z");
    ids.march11 = await recordAt(studio.tenantId, "test.dated", "2021-03-10T23:30:00Z");
    ids.april = await recordAt(studio.tenantId, "test.dated", "2021-04-02T12:00:00Z");
    await asService("test: many entries", async (tx) => {
      for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i += 1) {
        await recordAudit(tx, { tenantId: studio.tenantId, actorKind: "system", action: "test.paged", details: { i } });
      }
    });
  });

  afterAll(async () => {
    await asService("test: end the session", (tx) => tx`update public.sessions set ended_at = now() where id = ${anna.sessionId}`);
  });

  it("shows an admin the own tenant's entries with names, and nothing of another tenant", async () => {
    const seen = await all(studio);
    const seenIds = seen.map((row) => row.id);
    for (const key of ["annaDecided", "bramInvited", "carlaDecided", "annaSignedIn", "host", "march1"]) expect(seenIds, key).toContain(ids[key]);
    expect(seenIds).not.toContain(ids.zuidDecided);
    expect(seenIds).not.toContain(ids.zuidOnly);

    const byId = new Map(seen.map((row) => [row.id, row]));
    expect(byId.get(ids.annaDecided!)).toMatchObject({
      actorKind: "contact", memberName: "Anna de Vries", memberEmail: DEMO_ADDRESSES.anna, portalName: "Acme – Website en app",
      subjectType: "approval_decision", subjectId: "d-1", ip: "192.0.2.7", device: "Firefox 128 · Linux", details: { count: 3 },
    });
    expect(byId.get(ids.annaSignedIn!)).toMatchObject({ memberName: "Anna de Vries", portalName: null });
    expect(byId.get(ids.bramInvited!)).toMatchObject({ actorKind: "admin", adminName: "Demo-beheerder", memberName: "Bram Jansen" });
    expect(byId.get(ids.host!)).toMatchObject({ actorKind: "host", adminName: null, memberName: null });
    expect(Object.keys(byId.get(ids.annaDecided!)!)).not.toContain("userAgent");

    // Newest first.
    const times = seen.map((row) => row.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const zuidSeen = await idsOf(zuid);
    expect(zuidSeen).toContain(ids.zuidDecided);
    expect(zuidSeen).not.toContain(ids.annaDecided);
    // Not even through a filter naming the other tenant's portal or contact.
    expect(await idsOf(zuid, { portalId: annaWeb.portalId })).toEqual([]);
    expect(await idsOf(zuid, { contactId: annaWeb.contactId })).toEqual([]);
  });

  it("offers only the tenant's own portals, members and actions as filters", async () => {
    const options = await withClaims(studio, auditFilterOptions);
    expect(options.portals.map((portal) => portal.name).sort()).toEqual(["Acme – Huisstijl", "Acme – Website en app", "Globex"]);
    expect(options.members.map((member) => member.id)).toContain(annaWeb.contactId);
    expect(options.members.filter((member) => member.email === DEMO_ADDRESSES.anna)).toHaveLength(1);
    expect(options.members.map((member) => member.id)).not.toContain(annaZuid.contactId);
    expect(options.actions).toEqual(expect.arrayContaining(["test.decided", "test.invited", "test.paged"]));
    expect(options.actions).not.toContain("test.zuid_only");
  });

  it("narrows by portal, member, action and period (days in Amsterdam)", async () => {
    const byPortal = await idsOf(studio, { portalId: annaWeb.portalId });
    expect(byPortal).toEqual(expect.arrayContaining([ids.annaDecided, ids.bramInvited]));
    expect(byPortal).not.toContain(ids.carlaDecided);
    expect(byPortal).not.toContain(ids.annaSignedIn);

    // Other test files sign these members in too; only this file's entries are compared.
    const ours = (found: string[]) => found.filter((id) => Object.values(ids).includes(id));
    // A member's entries: what she did (with or without a membership on the entry), not what was done to others.
    expect(ours(await idsOf(studio, { contactId: annaWeb.contactId })).sort()).toEqual([ids.annaDecided, ids.annaSignedIn].sort());
    // And what was done to a member by an admin.
    expect(ours(await idsOf(studio, { contactId: bramWeb.contactId }))).toEqual([ids.bramInvited]);

    expect((await idsOf(studio, { action: "test.decided" })).sort()).toEqual([ids.annaDecided, ids.carlaDecided].sort());
    expect(await idsOf(studio, { action: "test.decided", portalId: carlaGlobex.portalId })).toEqual([ids.carlaDecided]);

    expect(await idsOf(studio, { action: "test.dated", from: "2021-03-01", to: "2021-03-10" })).toEqual([ids.march1]);
    expect(await idsOf(studio, { action: "test.dated", from: "2021-03-11", to: "2021-03-11" })).toEqual([ids.march11]);
    expect(await idsOf(studio, { action: "test.dated", from: "2021-03-02" })).toEqual([ids.april, ids.march11]);
    expect(await idsOf(studio, { action: "test.dated", to: "2021-03-31" })).toEqual([ids.march11, ids.march1]);
  });

  it("pages 50 at a time and counts the matching entries", async () => {
    const filter = { action: "test.paged" };
    const first = await withClaims(studio, (tx) => listAuditLog(tx, filter, 1));
    const second = await withClaims(studio, (tx) => listAuditLog(tx, filter, 2));
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.hasNext).toBe(true);
    expect(second.rows).toHaveLength(5);
    expect(second.hasNext).toBe(false);
    const both = [...first.rows, ...second.rows].map((row) => row.details.i);
    expect(new Set(both).size).toBe(AUDIT_PAGE_SIZE + 5);
    expect(both[0]).toBe(AUDIT_PAGE_SIZE + 4);
    expect(await withClaims(studio, (tx) => countAuditLog(tx, filter))).toBe(AUDIT_PAGE_SIZE + 5);
    expect(await withClaims(zuid, (tx) => countAuditLog(tx, filter))).toBe(0);
  });

  it("exports the filtered set as CSV in the admin's language, and logs the export", async () => {
    const info = { ip: "198.51.100.4", userAgent: "vitest" };
    const dutch = await exportAuditLogCsv(studio, { filter: { action: "test.paged" }, language: "nl", info });
    expect(dutch.startsWith("\uFEFFTijd;Wie;E-mail;Actie;Actiecode;Portaal;Lid;Onderwerp;Onderwerp-id;IP-adres;Apparaat;Details\n")).toBe(true);
    expect(dutch.trimEnd().split("\n")).toHaveLength(1 + AUDIT_PAGE_SIZE + 5);
    expect(dutch).toMatch(/\n\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2};Systeem;;test\.paged;test\.paged;/);

    const english = await exportAuditLogCsv(studio, { filter: { portalId: bramWeb.portalId, action: "test.invited" }, language: "en", info });
    const lines = english.replace("\uFEFF", "").trimEnd().split("\n");
    expect(lines[0]).toBe("Time,Who,E-mail,Action,Action code,Portal,Member,Subject,Subject id,IP address,Device,Details");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",Demo-beheerder,,test.invited,test.invited,Acme – Website en app,Bram Jansen,,,192.0.2.7,Firefox 128 · Linux,");

    const [logged] = await withClaims(studio, (tx) => exportAuditLog(tx, { action: "audit.exported" }));
    expect(logged).toMatchObject({
      actorKind: "admin", adminName: "Demo-beheerder", portalId: bramWeb.portalId, ip: "198.51.100.4",
      details: { filters: { portalId: bramWeb.portalId, action: "test.invited" }, rows: 1 },
    });
    expect(await withClaims(studio, (tx) => countAuditLog(tx, { action: "audit.exported" }))).toBe(2);
    expect(await withClaims(zuid, (tx) => countAuditLog(tx, { action: "audit.exported" }))).toBe(0);
  });

  it("shows a contact only their own entries, never an admin's", async () => {
    const seen = await all(anna);
    expect(seen.map((row) => row.id)).toContain(ids.annaDecided);
    expect(seen.filter((row) => row.actorKind !== "contact")).toEqual([]);
    expect(seen.map((row) => row.id)).not.toContain(ids.carlaDecided);
    expect(seen.map((row) => row.id)).not.toContain(ids.bramInvited);
  });

  it("labels actions in both languages, and shows unknown ones as written", () => {
    expect(auditActionLabel(intlFor("nl"), "member.invited")).toBe("Uitnodiging verstuurd");
    expect(auditActionLabel(intlFor("en"), "audit.exported")).toBe("Audit log exported");
    expect(auditActionLabel(intlFor("en"), "test.something_new")).toBe("test.something_new");
  });

  it("ignores malformed filters in the query string", () => {
    expect(auditFilterSchema.parse({ portalId: "x", contactId: "1", action: "DROP TABLE", from: "2021-02-30", to: "0000-01-01", page: "-2" }))
      .toEqual({ page: 1 });
    expect(auditFilterSchema.parse({ action: "member.invited", from: "2026-11-01", page: "3" }))
      .toEqual({ action: "member.invited", from: "2026-11-01", page: 3 });
  });
});
