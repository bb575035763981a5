import { describeDevice } from "../auth/member-sessions";
import type { Tx } from "../db";
import { AUDIT_EXPORT_LIMIT, AUDIT_PAGE_SIZE, type AuditFilterInput } from "../../shared/audit-filter";

export type AuditFilter = Omit<AuditFilterInput, "page">;

export type AuditRow = {
  id: string;
  occurredAt: Date;
  actorKind: "contact" | "admin" | "system" | "host";
  /** The admin who acted (admin entries). */
  adminName: string | null;
  /** The member the entry is about: the one who acted (contact entries) or the one acted on (an invitation, a preview). */
  memberName: string | null;
  memberEmail: string | null;
  action: string;
  portalId: string | null;
  portalName: string | null;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  /** "Firefox 128 · Windows 10": the user agent itself never leaves the server. */
  device: string | null;
  details: Record<string, unknown>;
};

// Periods are calendar days in Amsterdam, like the times the page shows.
function filters(tx: Tx, filter: AuditFilter) {
  return tx`
    ${filter.portalId ? tx`and a.portal_id = ${filter.portalId}` : tx``}
    ${filter.action ? tx`and a.action = ${filter.action}` : tx``}
    ${filter.from ? tx`and a.occurred_at >= (${filter.from}::date::timestamp at time zone 'Europe/Amsterdam')` : tx``}
    ${filter.to ? tx`and a.occurred_at < ((${filter.to}::date + 1)::timestamp at time zone 'Europe/Amsterdam')` : tx``}
    ${filter.contactId ? tx`and (
      a.member_id in (select m.id from public.portal_members m where m.contact_id = ${filter.contactId})
      or (a.member_id is null and a.actor_kind = 'contact'
        and a.login_id in (select m.login_id from public.portal_members m where m.contact_id = ${filter.contactId})))` : tx``}`;
}

/**
 * Entries newest first, with names instead of ids. Row-level security decides
 * which entries and names the caller sees: a tenant admin their tenant's
 * entries, a contact only their own. A contact's entry without a membership
 * (a sign-in) is named after the login's membership, preferring the entry's
 * portal, because admins may not read the logins themselves.
 */
async function selectEntries(tx: Tx, filter: AuditFilter, limit: number, offset: number): Promise<AuditRow[]> {
  const rows = await tx<Array<Omit<AuditRow, "device"> & { userAgent: string | null }>>`
    select a.id::text as id, a.occurred_at as "occurredAt", a.actor_kind as "actorKind", ad.name as "adminName",
      coalesce(named.name, by_login.name) as "memberName", coalesce(named.email, by_login.email) as "memberEmail",
      a.action, a.portal_id as "portalId", p.name as "portalName", a.subject_type as "subjectType",
      a.subject_id as "subjectId", a.ip, a.user_agent as "userAgent", a.details
    from public.audit_log a
    left join public.portals p on p.id = a.portal_id
    left join public.tenant_admins ad on ad.id = a.admin_id
    left join lateral (
      select trim(c.first_name || ' ' || c.last_name) as name, c.email
      from public.portal_members m join public.contacts c on c.id = m.contact_id
      where m.id = a.member_id
    ) named on true
    left join lateral (
      select trim(c.first_name || ' ' || c.last_name) as name, c.email
      from public.portal_members m join public.contacts c on c.id = m.contact_id
      where a.member_id is null and a.actor_kind = 'contact' and m.login_id = a.login_id
      order by (m.portal_id is not distinct from a.portal_id) desc, m.created_at
      limit 1
    ) by_login on true
    where true ${filters(tx, filter)}
    order by a.occurred_at desc, a.id desc
    limit ${limit} offset ${offset}`;
  // A log repeats a few user agents many times; parse each once (an export has up to 50,000 rows).
  const devices = new Map<string | null, string | null>();
  const device = (userAgent: string | null) => {
    if (!devices.has(userAgent)) devices.set(userAgent, describeDevice(userAgent));
    return devices.get(userAgent) ?? null;
  };
  return rows.map(({ userAgent, ...row }) => ({ ...row, device: device(userAgent) }));
}

export type AuditPage = { rows: AuditRow[]; hasNext: boolean };

/** One page of AUDIT_PAGE_SIZE entries; one more is read to know whether a next page exists. */
export async function listAuditLog(tx: Tx, filter: AuditFilter, page: number): Promise<AuditPage> {
  const rows = await selectEntries(tx, filter, AUDIT_PAGE_SIZE + 1, (Math.max(1, page) - 1) * AUDIT_PAGE_SIZE);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasNext: rows.length > AUDIT_PAGE_SIZE };
}

/** The newest AUDIT_EXPORT_LIMIT entries of the filter, for the CSV export. */
export function exportAuditLog(tx: Tx, filter: AuditFilter): Promise<AuditRow[]> {
  return selectEntries(tx, filter, AUDIT_EXPORT_LIMIT, 0);
}

/**
 * How many entries match, counted no further than one past the export limit:
 * enough to say "more than 50,000" without counting a long log to its end.
 */
export async function countAuditLog(tx: Tx, filter: AuditFilter): Promise<number> {
  const [row] = await tx<{ count: number }[]>`
    select count(*)::int as count from (
      select 1 from public.audit_log a where true ${filters(tx, filter)} limit ${AUDIT_EXPORT_LIMIT + 1}
    ) matching`;
  return row!.count;
}

export type AuditFilterOptions = {
  portals: Array<{ id: string; name: string }>;
  members: Array<{ id: string; name: string; email: string }>;
  actions: string[];
};

/** What the filters offer: the caller's portals, the people who are (or were) members of them, the actions in the log. */
export async function auditFilterOptions(tx: Tx): Promise<AuditFilterOptions> {
  const portals = await tx<AuditFilterOptions["portals"]>`select id, name from public.portals order by name, id`;
  const members = await tx<AuditFilterOptions["members"]>`
    select c.id, trim(c.first_name || ' ' || c.last_name) as name, c.email
    from public.contacts c
    where exists (select 1 from public.portal_members m where m.contact_id = c.id)
    order by name, c.email, c.id`;
  const actions = await tx<{ action: string }[]>`select distinct action from public.audit_log order by action`;
  return { portals, members, actions: actions.map((row) => row.action) };
}

/** Everything the audit-log page shows: one page of entries, how many match, and the filters' choices. */
export async function loadAuditPage(tx: Tx, filter: AuditFilter, page: number) {
  const entries = await listAuditLog(tx, filter, page);
  return { ...entries, count: await countAuditLog(tx, filter), options: await auditFilterOptions(tx) };
}
