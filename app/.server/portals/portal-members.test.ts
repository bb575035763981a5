import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClaimsOf, signedInContact } from "../../../tests/support/claims";
import { sendInvitation } from "../auth/invitations";
import { asService, withClaims, type AdminClaims, type ContactClaims } from "../db";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import {
  addMembers, createContactMember, endMemberSessionsAsAdmin, inviteMembers, listAddableContacts, listPortalMembers,
  memberFlagsSchema, newContactSchema, removeMember, restoreMember, updateMemberFlags, type MemberFlags,
} from "./portal-members";

const info = { ip: "192.0.2.60", userAgent: "vitest" };
const baseUrl = "http://localhost:3000";
const DIRK = "dirk@acme.example";
const CREATED = "nina.created@acme.example";

let admin: AdminClaims;
let other: AdminClaims;
let huisstijl: string;
let globex: string;
let bureauZuid: string;

async function idOf(query: string, value: string): Promise<string> {
  const [row] = await asService("test: look up an id", (tx) => tx.unsafe<{ id: string }[]>(query, [value]));
  if (!row) throw new Error(`nothing for ${value}`);
  return row.id;
}
const portalNamed = (name: string) => idOf("select id from public.portals where name = $1", name);
const contactOf = (email: string) =>
  idOf("select c.id from public.contacts c join public.tenants t on t.id = c.tenant_id where c.email = $1 and t.host_workspace_id = 'ws-studio-noord'", email);
const memberOf = async (portalId: string, email: string) =>
  idOf(`select m.id from public.portal_members m join public.contacts c on c.id = m.contact_id where c.email = $1 and m.portal_id = '${portalId}'`, email);

async function auditCount(action: string, memberOrSubject: string): Promise<number> {
  const [row] = await asService("test: count audit entries", (tx) => tx<{ count: number }[]>`
    select count(*)::int as count from public.audit_log
    where action = ${action} and (member_id::text = ${memberOrSubject} or subject_id = ${memberOrSubject})`);
  return row!.count;
}

/** What a contact's session can see of a portal, in a statement of its own. */
async function portalsSeenBy(claims: ContactClaims): Promise<string[]> {
  const rows = await withClaims(claims, (tx) => tx<{ id: string }[]>`select id from public.portals`);
  return rows.map((row) => row.id);
}

beforeAll(async () => {
  admin = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
  other = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
  huisstijl = await portalNamed("Acme – Huisstijl");
  globex = await portalNamed("Globex");
  bureauZuid = await portalNamed("Acme Nederland");
});

// Leave the shared test database as the seed made it for the files that follow.
afterAll(async () => {
  await asService("test: undo the members added here", async (tx) => {
    await tx`delete from public.portal_members m using public.contacts c
      where c.id = m.contact_id and ((m.portal_id = ${huisstijl} and c.email <> ${DEMO_ADDRESSES.anna}) or c.host_id like 'portaal:%')`;
    await tx`delete from public.contacts where host_id like 'portaal:%'`;
    await tx`delete from public.logins l where l.email in (${DIRK}, ${CREATED})
      and not exists (select 1 from public.portal_members m where m.login_id = l.id)`;
  });
});

describe("an admin adding members", () => {
  it("lists the customer's contacts that are not members yet, and searches them", async () => {
    const addable = await withClaims(admin, (tx) => listAddableContacts(tx, huisstijl));
    expect(addable!.contacts.map((contact) => contact.email).sort()).toEqual([DEMO_ADDRESSES.bram, DIRK]);
    expect(addable!.total).toBe(2);
    const searched = await withClaims(admin, (tx) => listAddableContacts(tx, huisstijl, "meij"));
    expect(searched!.contacts.map((contact) => contact.name)).toEqual(["Dirk Meijer"]);
    // A search is taken literally: "%" matches nothing here.
    expect((await withClaims(admin, (tx) => listAddableContacts(tx, huisstijl, "%")))!.contacts).toEqual([]);
  });

  it("adds existing contacts, creating a login for a new address and reusing one that exists", async () => {
    const [bramLogin] = await asService("test: Bram's login", (tx) => tx<{ id: string }[]>`select id from public.logins where email = ${DEMO_ADDRESSES.bram}`);
    const dirkContact = await contactOf(DIRK);
    const bramContact = await contactOf(DEMO_ADDRESSES.bram);
    expect(await addMembers(admin, { portalId: huisstijl, contactIds: [dirkContact, bramContact], invite: null, info })).toEqual({ added: 2, invited: 0 });

    const logins = await asService("test: the logins", (tx) => tx<{ email: string; id: string }[]>`
      select l.email, l.id from public.portal_members m join public.logins l on l.id = m.login_id where m.portal_id = ${huisstijl}`);
    expect(logins.find((login) => login.email === DEMO_ADDRESSES.bram)!.id).toBe(bramLogin!.id);
    expect(logins.find((login) => login.email === DIRK)).toBeDefined();

    const dirk = await memberOf(huisstijl, DIRK);
    const [added] = await asService("test: the audit entry", (tx) => tx<{ details: { loginCreated: boolean }; adminId: string }[]>`
      select details, admin_id as "adminId" from public.audit_log where action = 'member.added' and member_id = ${dirk}`);
    expect(added).toMatchObject({ details: { loginCreated: true }, adminId: admin.adminId });

    // Adding again changes nothing; the page lists both, not invited yet.
    expect(await addMembers(admin, { portalId: huisstijl, contactIds: [dirkContact], invite: null, info })).toEqual({ added: 0, invited: 0 });
    const page = await withClaims(admin, (tx) => listPortalMembers(tx, huisstijl, { page: 1 }));
    expect(Object.fromEntries(page!.members.map((member) => [member.email, member.status]))).toEqual({
      [DEMO_ADDRESSES.anna]: "active", [DEMO_ADDRESSES.bram]: "not_invited", [DIRK]: "not_invited",
    });
    expect(page!.total).toBe(3);
    expect((await withClaims(admin, (tx) => listPortalMembers(tx, huisstijl, { page: 1, search: "dirk@" })))!.members).toHaveLength(1);
  });

  it("creates a contact for the portal's customer, refusing a bad or duplicate address at the field", async () => {
    const invalid = newContactSchema.safeParse({ firstName: "Nina", lastName: "Nieuw", email: "not-an-address", jobTitle: "" });
    expect(invalid.success).toBe(false);
    expect(invalid.error!.issues.map((issue) => [issue.path[0], issue.message])).toEqual([["email", "admin.members.error.email"]]);
    const empty = newContactSchema.safeParse({ firstName: " ", lastName: "", email: "", jobTitle: "" });
    expect(empty.error!.issues.map((issue) => issue.path[0]).sort()).toEqual(["email", "firstName", "lastName"]);

    const contact = newContactSchema.parse({ firstName: " Nina ", lastName: "Nieuw", email: " Nina.Created@ACME.example", jobTitle: "" });
    expect(contact).toEqual({ firstName: "Nina", lastName: "Nieuw", email: CREATED, jobTitle: null });
    const created = await createContactMember(admin, { portalId: huisstijl, contact, invite: { baseUrl }, info });
    expect(created).toMatchObject({ ok: true, name: "Nina Nieuw", invited: true });
    const [row] = await asService("test: the new contact", (tx) => tx<{ hostId: string; ofPortalCustomer: boolean; id: string }[]>`
      select c.id, c.host_id as "hostId", c.customer_id = p.customer_id as "ofPortalCustomer"
      from public.contacts c, public.portals p where c.email = ${CREATED} and p.id = ${huisstijl}`);
    expect(row!.hostId).toMatch(/^portaal:[0-9a-f-]{36}$/);
    expect(row!.ofPortalCustomer).toBe(true);
    expect(await auditCount("contact.created", row!.id)).toBe(1);
    if (!created?.ok) throw new Error("not created");
    expect(await auditCount("invitation.sent", created.memberId)).toBe(1);
    const [mail] = await asService("test: the invitation", (tx) => tx<{ language: string }[]>`
      select language from public.email_outbox where to_address = ${CREATED} and template = 'invitation'`);
    expect(mail!.language).toBe("en");

    expect(await createContactMember(admin, { portalId: huisstijl, contact, invite: null, info }))
      .toEqual({ ok: false, errors: { email: "admin.members.error.alreadyMember" } });
    const erik = newContactSchema.parse({ firstName: "Erik", lastName: "Twee", email: "erik@globex.example", jobTitle: "" });
    expect(await createContactMember(admin, { portalId: globex, contact: erik, invite: null, info }))
      .toEqual({ ok: false, errors: { email: "admin.members.error.contactExists" } });
  });

  it("lets admins insert only Portaal's own contacts, of their own tenant's customers", async () => {
    const [acme] = await asService("test: Acme", (tx) => tx<{ id: string; tenantId: string }[]>`
      select customer_id as id, tenant_id as "tenantId" from public.portals where id = ${huisstijl}`);
    const insert = (claims: AdminClaims, hostId: string) => withClaims(claims, (tx) => tx`
      insert into public.contacts (tenant_id, customer_id, host_id, first_name, last_name, email)
      values (${acme!.tenantId}, ${acme!.id}, ${hostId}, 'Policy', 'Probe', 'probe@acme.example')`);
    await expect(insert(admin, "contact-made-up")).rejects.toThrow(/row-level security/);
    await expect(insert(other, `portaal:${crypto.randomUUID()}`)).rejects.toThrow(/row-level security/);
  });
});

describe("an admin managing members", () => {
  it("updates permissions and notifications, in the audit log with what changed", async () => {
    const dirk = await memberOf(huisstijl, DIRK);
    const flags: MemberFlags = memberFlagsSchema.parse({ canViewInvoices: "on", canApprove: "on", notifyApprovals: "on" });
    expect(flags).toMatchObject({ canViewInvoices: true, canViewQuotes: false, canApprove: true, notifyQuotes: false });
    expect(await updateMemberFlags(admin, { portalId: huisstijl, memberId: dirk, flags, info })).toEqual({ name: "Dirk Meijer" });
    const page = await withClaims(admin, (tx) => listPortalMembers(tx, huisstijl, { page: 1, search: DIRK }));
    expect(page!.members[0]!.flags).toEqual(flags);
    const [entry] = await asService("test: the audit entry", (tx) => tx<{ details: { changes: Record<string, unknown> } }[]>`
      select details from public.audit_log where action = 'member.updated' and member_id = ${dirk}`);
    expect(entry!.details.changes.canApprove).toEqual({ from: false, to: true });
    expect(entry!.details.changes).not.toHaveProperty("canViewInvoices");
    // Not a member of this portal: nothing.
    expect(await updateMemberFlags(admin, { portalId: globex, memberId: dirk, flags, info })).toBeNull();
  });

  it("removes a member at once: their open session reads nothing on its next statement, other portals stay", async () => {
    const dirk = await memberOf(huisstijl, DIRK);
    const bram = await memberOf(huisstijl, DEMO_ADDRESSES.bram);
    const dirkSession = await signedInContact(DIRK);
    const bramSession = await signedInContact(DEMO_ADDRESSES.bram);
    expect(await portalsSeenBy(dirkSession.claims)).toEqual([huisstijl]);
    expect(await portalsSeenBy(bramSession.claims)).toContain(huisstijl);

    expect(await removeMember(admin, { portalId: huisstijl, memberId: dirk, info })).toEqual({ name: "Dirk Meijer" });
    expect(await removeMember(admin, { portalId: huisstijl, memberId: bram, info })).toEqual({ name: "Bram Jansen" });
    expect(await portalsSeenBy(dirkSession.claims)).toEqual([]);
    expect(await withClaims(dirkSession.claims, (tx) => tx`select id from public.portal_members`)).toHaveLength(0);
    const bramSees = await portalsSeenBy(bramSession.claims);
    expect(bramSees).not.toContain(huisstijl);
    expect(bramSees.length).toBeGreaterThan(0);
    expect(await auditCount("member.removed", dirk)).toBe(1);
    // Removing again changes nothing and records nothing.
    await removeMember(admin, { portalId: huisstijl, memberId: dirk, info });
    expect(await auditCount("member.removed", dirk)).toBe(1);
    // A removed member gets no invitation.
    expect(await inviteMembers(admin, { portalId: huisstijl, memberIds: [dirk], baseUrl, info })).toEqual({ invited: 0, name: null });

    expect(await restoreMember(admin, { portalId: huisstijl, memberId: dirk, info })).toEqual({ name: "Dirk Meijer", restored: true });
    expect(await restoreMember(admin, { portalId: huisstijl, memberId: bram, info })).toEqual({ name: "Bram Jansen", restored: true });
    expect(await portalsSeenBy(dirkSession.claims)).toEqual([huisstijl]);
    expect(await auditCount("member.restored", dirk)).toBe(1);
  });

  it("ends every live session of a member's login, everywhere", async () => {
    const dirk = await memberOf(huisstijl, DIRK);
    const first = await signedInContact(DIRK, "browser one");
    const second = await signedInContact(DIRK, "browser two");
    const live = async () => asService("test: live sessions", (tx) => tx<{ id: string }[]>`
      select s.id from public.sessions s join public.logins l on l.id = s.login_id
      where l.email = ${DIRK} and s.ended_at is null and s.expires_at > now()`);
    const before = (await live()).length;
    expect(before).toBeGreaterThanOrEqual(2);

    expect(await endMemberSessionsAsAdmin(admin, { portalId: huisstijl, memberId: dirk, info })).toEqual({ name: "Dirk Meijer", ended: before });
    expect(await live()).toEqual([]);
    const ended = await asService("test: ended sessions", (tx) => tx<{ endedAt: Date | null; reason: string }[]>`
      select ended_at as "endedAt", ended_reason as reason from public.sessions where id in ${tx([first.claims.sessionId, second.claims.sessionId])}`);
    expect(ended.map((row) => row.reason)).toEqual(["ended_by_admin", "ended_by_admin"]);
    expect(ended.every((row) => row.endedAt !== null)).toBe(true);
    expect(await portalsSeenBy(first.claims)).toEqual([]);
    expect(await auditCount("member.sessions_ended", dirk)).toBe(1);
  });

  it("invites many members at once: one e-mail each, in the portal's language", async () => {
    const dirk = await memberOf(huisstijl, DIRK);
    const bram = await memberOf(huisstijl, DEMO_ADDRESSES.bram);
    const count = async () => asService("test: count invitations", (tx) => tx<{ to: string; count: number }[]>`
      select to_address as to, count(*)::int as count from public.email_outbox
      where template = 'invitation' and to_address in (${DIRK}, ${DEMO_ADDRESSES.bram}) group by to_address order by to_address`);
    const before = Object.fromEntries((await count()).map((row) => [row.to, row.count]));

    expect(await inviteMembers(admin, { portalId: huisstijl, memberIds: [dirk, bram, dirk], baseUrl, info })).toEqual({ invited: 2, name: null });
    const after = Object.fromEntries((await count()).map((row) => [row.to, row.count]));
    expect(after[DIRK]).toBe((before[DIRK] ?? 0) + 1);
    expect(after[DEMO_ADDRESSES.bram]).toBe((before[DEMO_ADDRESSES.bram] ?? 0) + 1);
    const page = await withClaims(admin, (tx) => listPortalMembers(tx, huisstijl, { page: 1, search: DIRK }));
    expect(page!.members[0]!.status).toBe("invited");
    expect(await auditCount("invitation.sent", dirk)).toBe(1);
    expect(await inviteMembers(admin, { portalId: huisstijl, memberIds: [dirk], baseUrl, info })).toEqual({ invited: 1, name: "Dirk Meijer" });
  });
});

describe("another tenant's admin", () => {
  it("gets nothing and changes nothing in Studio Noord's portal", async () => {
    const dirk = await memberOf(huisstijl, DIRK);
    const dirkContact = await contactOf(DIRK);
    const erikContact = await contactOf("erik@globex.example");
    const snapshot = () => asService("test: the state", async (tx) => ({
      members: await tx`select * from public.portal_members where portal_id in (${huisstijl}, ${globex}) order by id`,
      contacts: await tx`select id from public.contacts order by id`,
      sessions: await tx`select id, ended_at from public.sessions order by id`,
      invitations: await tx`select id from public.member_invitations order by id`,
      audit: await tx`select count(*)::int as count from public.audit_log where admin_id = ${other.adminId}`,
    }));
    await signedInContact(DIRK);
    const before = await snapshot();
    const flags = memberFlagsSchema.parse({ canApprove: "on" });
    const contact = newContactSchema.parse({ firstName: "Zuid", lastName: "Probe", email: "zuid.probe@acme.example", jobTitle: "" });

    expect(await withClaims(other, (tx) => listPortalMembers(tx, huisstijl, { page: 1 }))).toBeNull();
    expect(await withClaims(other, (tx) => listAddableContacts(tx, huisstijl))).toBeNull();
    expect(await addMembers(other, { portalId: globex, contactIds: [erikContact], invite: { baseUrl }, info })).toBeNull();
    // Their own portal, with a contact that is not theirs.
    expect(await addMembers(other, { portalId: bureauZuid, contactIds: [dirkContact], invite: null, info })).toBeNull();
    expect(await createContactMember(other, { portalId: huisstijl, contact, invite: null, info })).toBeNull();
    expect(await updateMemberFlags(other, { portalId: huisstijl, memberId: dirk, flags, info })).toBeNull();
    expect(await removeMember(other, { portalId: huisstijl, memberId: dirk, info })).toBeNull();
    expect(await restoreMember(other, { portalId: huisstijl, memberId: dirk, info })).toBeNull();
    expect(await endMemberSessionsAsAdmin(other, { portalId: huisstijl, memberId: dirk, info })).toBeNull();
    expect(await inviteMembers(other, { portalId: huisstijl, memberIds: [dirk], baseUrl, info })).toBeNull();
    // Naming their own portal does not reach another tenant's member either.
    expect(await removeMember(other, { portalId: bureauZuid, memberId: dirk, info })).toBeNull();
    expect(await inviteMembers(other, { portalId: bureauZuid, memberIds: [dirk], baseUrl, info })).toEqual({ invited: 0, name: null });
    expect(await sendInvitation(other, { memberId: dirk, baseUrl, info })).toBe(false);

    expect(await snapshot()).toEqual(before);
  });
});
