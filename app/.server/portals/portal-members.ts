import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit, type AuditEntry } from "../audit/record";
import { queueInvitation } from "../auth/invitations";
import type { RequestInfo } from "../auth/request-info";
import { asServiceWithin, withClaims, type AdminClaims, type Tx } from "../db";

/**
 * A portal's members as its tenant's admin manages them (F-6, F-7, F-37).
 * Everything runs with the admin's claims, so RLS decides: a portal or member
 * of another tenant is simply not there (null), never "not yours".
 */

/** Per-member permissions and e-mail notifications (F-6), and their columns. */
export const MEMBER_FLAGS = {
  canViewInvoices: "can_view_invoices",
  canViewQuotes: "can_view_quotes",
  canViewDocuments: "can_view_documents",
  canViewJobs: "can_view_jobs",
  canViewAssets: "can_view_assets",
  canCreateWorkRequests: "can_create_work_requests",
  canApprove: "can_approve",
  notifyQuotes: "notify_quotes",
  notifyInvoices: "notify_invoices",
  notifyJobs: "notify_jobs",
  notifyApprovals: "notify_approvals",
} as const;
export type MemberFlag = keyof typeof MEMBER_FLAGS;
export type MemberFlags = Record<MemberFlag, boolean>;
const FLAG_NAMES = Object.keys(MEMBER_FLAGS) as MemberFlag[];

/** The flags as a form posts them: a ticked box sends "on", an empty one nothing. */
export const formCheckbox = z.literal("on").optional().transform((value) => value === "on");
export const memberFlagsSchema = z.object(Object.fromEntries(FLAG_NAMES.map((flag) => [flag, formCheckbox])) as Record<MemberFlag, typeof formCheckbox>);

export type MemberStatus = "not_invited" | "invited" | "active" | "removed";

export type PortalMemberRow = {
  id: string;
  contactId: string;
  name: string;
  email: string;
  jobTitle: string | null;
  status: MemberStatus;
  invitedAt: Date | null;
  acceptedAt: Date | null;
  lastSignInAt: Date | null;
  removedAt: Date | null;
  flags: MemberFlags;
};

export type MembersPortal = { id: string; name: string; customerName: string; language: string; canApprove: boolean };

export const MEMBERS_PAGE_SIZE = 25;
export const ADDABLE_CONTACTS_LIMIT = 50;

// The flags as one object, named as MemberFlags names them.
const flagsObject = (tx: Tx) => tx`json_build_object(
  'canViewInvoices', m.can_view_invoices, 'canViewQuotes', m.can_view_quotes,
  'canViewDocuments', m.can_view_documents, 'canViewJobs', m.can_view_jobs, 'canViewAssets', m.can_view_assets,
  'canCreateWorkRequests', m.can_create_work_requests, 'canApprove', m.can_approve,
  'notifyQuotes', m.notify_quotes, 'notifyInvoices', m.notify_invoices, 'notifyJobs', m.notify_jobs,
  'notifyApprovals', m.notify_approvals)`;

/** A search as a `like` pattern that takes the text literally. */
function containing(search: string | undefined): string | null {
  const text = search?.trim();
  return text ? `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
}

type PortalOfAdmin = MembersPortal & { tenantId: string; customerId: string };

async function readPortal(tx: Tx, portalId: string): Promise<PortalOfAdmin | null> {
  const [portal] = await tx<PortalOfAdmin[]>`
    select p.id, p.name, c.name as "customerName", p.language, p.can_approve as "canApprove",
      p.tenant_id as "tenantId", p.customer_id as "customerId"
    from public.portals p join public.customers c on c.id = p.customer_id
    where p.id = ${portalId}`;
  return portal ?? null;
}

/** One page of the portal's members, current ones first; null when the portal is not the admin's. */
export async function listPortalMembers(
  tx: Tx,
  portalId: string,
  options: { page: number; search?: string },
): Promise<{ portal: MembersPortal; members: PortalMemberRow[]; total: number } | null> {
  const portal = await readPortal(tx, portalId);
  if (!portal) return null;
  const pattern = containing(options.search);
  const matches = tx`m.portal_id = ${portalId}
    and (${pattern}::text is null or c.first_name || ' ' || c.last_name ilike ${pattern} or c.email ilike ${pattern})`;
  const [count] = await tx<{ total: number }[]>`
    select count(*)::int as total from public.portal_members m join public.contacts c on c.id = m.contact_id where ${matches}`;
  const members = await tx<PortalMemberRow[]>`
    select m.id, m.contact_id as "contactId", trim(c.first_name || ' ' || c.last_name) as name, c.email,
      c.job_title as "jobTitle", m.invited_at as "invitedAt", m.accepted_at as "acceptedAt",
      m.last_sign_in_at as "lastSignInAt", m.removed_at as "removedAt", ${flagsObject(tx)} as flags,
      case when m.removed_at is not null then 'removed' when m.accepted_at is not null then 'active'
        when m.invited_at is not null then 'invited' else 'not_invited' end as status
    from public.portal_members m join public.contacts c on c.id = m.contact_id
    where ${matches}
    order by m.removed_at is not null, lower(c.last_name), lower(c.first_name), m.id
    limit ${MEMBERS_PAGE_SIZE} offset ${(Math.max(1, options.page) - 1) * MEMBERS_PAGE_SIZE}`;
  const { id, name, customerName, language, canApprove } = portal;
  return { portal: { id, name, customerName, language, canApprove }, members: [...members], total: count?.total ?? 0 };
}

export type AddableContact = { id: string; name: string; email: string; jobTitle: string | null };

/**
 * The portal customer's contacts that have no membership yet (a removed
 * member is restored, not added again), searched by name or e-mail.
 */
export async function listAddableContacts(
  tx: Tx,
  portalId: string,
  search = "",
): Promise<{ contacts: AddableContact[]; total: number } | null> {
  const portal = await readPortal(tx, portalId);
  if (!portal) return null;
  const pattern = containing(search);
  const rows = await tx<Array<AddableContact & { total: number }>>`
    select c.id, trim(c.first_name || ' ' || c.last_name) as name, c.email, c.job_title as "jobTitle",
      count(*) over ()::int as total
    from public.contacts c
    where c.customer_id = ${portal.customerId} and c.deleted_at is null
      and not exists (select 1 from public.portal_members m where m.portal_id = ${portalId} and m.contact_id = c.id)
      and (${pattern}::text is null or c.first_name || ' ' || c.last_name ilike ${pattern} or c.email ilike ${pattern})
    order by lower(c.last_name), lower(c.first_name), c.id
    limit ${ADDABLE_CONTACTS_LIMIT}`;
  return { contacts: rows.map(({ total: _total, ...contact }) => contact), total: rows[0]?.total ?? 0 };
}

type Invite = { baseUrl: string } | null;

function audit(tx: Tx, claims: AdminClaims, info: RequestInfo, entry: Omit<AuditEntry, "tenantId" | "actorKind" | "adminId" | "ip" | "userAgent">) {
  return asServiceWithin(tx, `audit: an admin's ${entry.action}`, (system) =>
    recordAudit(system, {
      tenantId: claims.tenantId, actorKind: "admin", adminId: claims.adminId, ip: info.ip, userAgent: info.userAgent, ...entry,
    }),
  );
}

/**
 * Makes a contact (already read with the admin's claims, so RLS proved it is
 * their tenant's) a member: its login — one per address, written only by the
 * system — is found or created in the same transaction. Null when it is a
 * member already.
 */
async function addContact(
  tx: Tx,
  claims: AdminClaims,
  portal: { id: string; tenantId: string },
  contact: { id: string; email: string },
  info: RequestInfo,
): Promise<string | null> {
  const login = await asServiceWithin(tx, "find or create the login of a contact an admin adds", async (system) => {
    const [created] = await system<{ id: string }[]>`
      insert into public.logins (email) values (${contact.email}) on conflict (email) do nothing returning id`;
    if (created) return { id: created.id, created: true };
    const [existing] = await system<{ id: string }[]>`select id from public.logins where email = ${contact.email}`;
    return { id: existing!.id, created: false };
  });
  const [member] = await tx<{ id: string }[]>`
    insert into public.portal_members (tenant_id, portal_id, contact_id, login_id)
    values (${portal.tenantId}, ${portal.id}, ${contact.id}, ${login.id})
    on conflict (portal_id, contact_id) do nothing
    returning id`;
  if (!member) return null;
  await audit(tx, claims, info, {
    portalId: portal.id, memberId: member.id, action: "member.added", subjectType: "member", subjectId: member.id,
    details: { contactId: contact.id, loginCreated: login.created },
  });
  return member.id;
}

/** Queues one invitation e-mail per member; returns the members invited. */
async function inviteAll(tx: Tx, claims: AdminClaims, memberIds: string[], invite: Invite, info: RequestInfo): Promise<string[]> {
  const invited: string[] = [];
  if (!invite) return invited;
  for (const memberId of memberIds) {
    if (await queueInvitation(tx, claims, { memberId, baseUrl: invite.baseUrl, info })) invited.push(memberId);
  }
  return invited;
}

/**
 * Adds contacts of the portal's customer as members, and invites them when
 * asked, all or nothing. Null when the portal or any of the contacts is not
 * one the admin may see (nothing is written then); contacts that are members
 * already are skipped.
 */
export async function addMembers(
  claims: AdminClaims,
  input: { portalId: string; contactIds: string[]; invite: Invite; info: RequestInfo },
): Promise<{ added: number; invited: number } | null> {
  return withClaims(claims, async (tx) => {
    const portal = await readPortal(tx, input.portalId);
    if (!portal) return null;
    const ids = [...new Set(input.contactIds)];
    const contacts = await tx<{ id: string; email: string }[]>`
      select id, email from public.contacts
      where id = any(${ids}::uuid[]) and customer_id = ${portal.customerId} and deleted_at is null`;
    if (ids.length === 0 || contacts.length !== ids.length) return null;
    const memberIds: string[] = [];
    for (const contact of contacts) {
      const memberId = await addContact(tx, claims, portal, contact, input.info);
      if (memberId) memberIds.push(memberId);
    }
    const invited = await inviteAll(tx, claims, memberIds, input.invite, input.info);
    return { added: memberIds.length, invited: invited.length };
  });
}

/** A contact as an admin types it in; the messages are i18n ids shown at the field. */
export const newContactSchema = z.object({
  firstName: z.string().trim().min(1, { error: "admin.members.error.required" }).max(100, { error: "admin.members.error.tooLong" }),
  lastName: z.string().trim().min(1, { error: "admin.members.error.required" }).max(100, { error: "admin.members.error.tooLong" }),
  email: z.string().trim().toLowerCase().min(1, { error: "admin.members.error.required" })
    .max(254, { error: "admin.members.error.tooLong" }).pipe(z.email({ error: "admin.members.error.email" })),
  jobTitle: z.string().trim().max(100, { error: "admin.members.error.tooLong" }).transform((value) => value || null),
});
export type NewContact = z.output<typeof newContactSchema>;

export type CreateContactResult =
  | { ok: true; memberId: string; name: string; customerName: string; invited: boolean }
  | { ok: false; errors: { email: "admin.members.error.contactExists" | "admin.members.error.alreadyMember" } };

/**
 * Creates a contact of the portal's customer and makes them a member (F-6).
 * Contacts normally come from the host platform; one created here gets the
 * host id 'portaal:<uuid>', which the host never sends, so that its data and
 * Portaal's never overwrite each other. An address the customer already has a
 * contact for is refused: that contact is added from the list instead.
 */
export async function createContactMember(
  claims: AdminClaims,
  input: { portalId: string; contact: NewContact; invite: Invite; info: RequestInfo },
): Promise<CreateContactResult | null> {
  return withClaims(claims, async (tx) => {
    const portal = await readPortal(tx, input.portalId);
    if (!portal) return null;
    // Two admins creating the same address at once: the second waits here and then sees the first.
    await tx`select pg_advisory_xact_lock(hashtextextended(${`contact:${portal.customerId}:${input.contact.email}`}, 0))`;
    const [existing] = await tx<{ member: boolean }[]>`
      select exists (select 1 from public.portal_members m where m.portal_id = ${portal.id} and m.contact_id = c.id) as member
      from public.contacts c
      where c.customer_id = ${portal.customerId} and c.email = ${input.contact.email} and c.deleted_at is null
      order by 1 desc limit 1`;
    if (existing) {
      return { ok: false, errors: { email: existing.member ? "admin.members.error.alreadyMember" : "admin.members.error.contactExists" } };
    }
    const [contact] = await tx<{ id: string; email: string }[]>`
      insert into public.contacts (tenant_id, customer_id, host_id, first_name, last_name, email, job_title)
      values (${portal.tenantId}, ${portal.customerId}, ${`portaal:${randomUUID()}`}, ${input.contact.firstName},
        ${input.contact.lastName}, ${input.contact.email}, ${input.contact.jobTitle})
      returning id, email`;
    await audit(tx, claims, input.info, {
      portalId: portal.id, action: "contact.created", subjectType: "contact", subjectId: contact!.id,
      details: { customerId: portal.customerId },
    });
    const memberId = (await addContact(tx, claims, portal, contact!, input.info))!;
    const invited = await inviteAll(tx, claims, [memberId], input.invite, input.info);
    return { ok: true, memberId, name: `${input.contact.firstName} ${input.contact.lastName}`, customerName: portal.customerName, invited: invited.length > 0 };
  });
}

type MemberState = { id: string; name: string; loginId: string; removedAt: Date | null; contactDeleted: boolean; flags: MemberFlags };

async function readMember(tx: Tx, portalId: string, memberId: string): Promise<MemberState | null> {
  const [member] = await tx<MemberState[]>`
    select m.id, trim(c.first_name || ' ' || c.last_name) as name, m.login_id as "loginId", m.removed_at as "removedAt",
      c.deleted_at is not null as "contactDeleted", ${flagsObject(tx)} as flags
    from public.portal_members m join public.contacts c on c.id = m.contact_id
    where m.id = ${memberId} and m.portal_id = ${portalId}
    for update of m`;
  return member ?? null;
}

/** Sets a member's permissions and notifications; null when the member is not in the admin's portal. */
export async function updateMemberFlags(
  claims: AdminClaims,
  input: { portalId: string; memberId: string; flags: MemberFlags; info: RequestInfo },
): Promise<{ name: string } | null> {
  return withClaims(claims, async (tx) => {
    const member = await readMember(tx, input.portalId, input.memberId);
    if (!member) return null;
    const changed = FLAG_NAMES.filter((flag) => member.flags[flag] !== input.flags[flag]);
    if (changed.length === 0) return { name: member.name };
    const values = Object.fromEntries(changed.map((flag) => [MEMBER_FLAGS[flag], input.flags[flag]]));
    await tx`update public.portal_members set ${tx(values)} where id = ${member.id}`;
    await audit(tx, claims, input.info, {
      portalId: input.portalId, memberId: member.id, action: "member.updated", subjectType: "member", subjectId: member.id,
      details: { changes: Object.fromEntries(changed.map((flag) => [flag, { from: member.flags[flag], to: input.flags[flag] }])) },
    });
    return { name: member.name };
  });
}

/**
 * Removes a member, effective on the very next statement of any of their
 * sessions: the policies check the membership every time (F-14). Their
 * sessions stay alive for their other portals. Removing twice changes nothing.
 */
export async function removeMember(
  claims: AdminClaims,
  input: { portalId: string; memberId: string; info: RequestInfo },
): Promise<{ name: string } | null> {
  return withClaims(claims, async (tx) => {
    const member = await readMember(tx, input.portalId, input.memberId);
    if (!member) return null;
    if (member.removedAt) return { name: member.name };
    await tx`update public.portal_members set removed_at = now() where id = ${member.id}`;
    await audit(tx, claims, input.info, {
      portalId: input.portalId, memberId: member.id, action: "member.removed", subjectType: "member", subjectId: member.id,
    });
    return { name: member.name };
  });
}

/** Gives a removed member access again, with the permissions they had; not when the host deleted the contact. */
export async function restoreMember(
  claims: AdminClaims,
  input: { portalId: string; memberId: string; info: RequestInfo },
): Promise<{ name: string; restored: boolean } | null> {
  return withClaims(claims, async (tx) => {
    const member = await readMember(tx, input.portalId, input.memberId);
    if (!member) return null;
    if (member.contactDeleted) return { name: member.name, restored: false };
    if (!member.removedAt) return { name: member.name, restored: true };
    await tx`update public.portal_members set removed_at = null where id = ${member.id}`;
    await audit(tx, claims, input.info, {
      portalId: input.portalId, memberId: member.id, action: "member.restored", subjectType: "member", subjectId: member.id,
    });
    return { name: member.name, restored: true };
  });
}

/**
 * Ends every live session of a current member's login (F-37). A login is one
 * e-mail address across portals and tenants, so this signs the person out
 * everywhere; sessions are the system's, hence the bypass, after the admin's
 * claims found the member in their own portal.
 */
export async function endMemberSessionsAsAdmin(
  claims: AdminClaims,
  input: { portalId: string; memberId: string; info: RequestInfo },
): Promise<{ name: string; ended: number } | null> {
  return withClaims(claims, async (tx) => {
    const member = await readMember(tx, input.portalId, input.memberId);
    if (!member || member.removedAt) return null;
    const ended = await asServiceWithin(tx, "an admin ends a member's sessions", (system) => system<{ id: string }[]>`
      update public.sessions set ended_at = now(), ended_reason = 'ended_by_admin'
      where login_id = ${member.loginId} and ended_at is null and expires_at > now()
      returning id`);
    await audit(tx, claims, input.info, {
      portalId: input.portalId, memberId: member.id, action: "member.sessions_ended", subjectType: "member", subjectId: member.id,
      details: { sessions: ended.map((row) => row.id) },
    });
    return { name: member.name, ended: ended.length };
  });
}

/**
 * Sends (or re-sends) invitations to members of this portal, one e-mail
 * each, all in one transaction. Removed members and ids that are not members
 * of the admin's portal are skipped; null when the portal is not the admin's.
 */
export async function inviteMembers(
  claims: AdminClaims,
  input: { portalId: string; memberIds: string[]; baseUrl: string; info: RequestInfo },
): Promise<{ invited: number; name: string | null } | null> {
  return withClaims(claims, async (tx) => {
    const portal = await readPortal(tx, input.portalId);
    if (!portal) return null;
    const members = await tx<{ id: string; name: string }[]>`
      select m.id, trim(c.first_name || ' ' || c.last_name) as name
      from public.portal_members m join public.contacts c on c.id = m.contact_id
      where m.portal_id = ${portal.id} and m.id = any(${[...new Set(input.memberIds)]}::uuid[]) and m.removed_at is null
      order by lower(c.last_name), lower(c.first_name)`;
    const invited = await inviteAll(tx, claims, members.map((member) => member.id), { baseUrl: input.baseUrl }, input.info);
    const first = members.find((member) => member.id === invited[0]);
    return { invited: invited.length, name: invited.length === 1 && first ? first.name : null };
  });
}
