// Notifications queued by database triggers carry only ids (payload); here
// they become an e-mail, from the data as it is when the message's turn
// comes. What no longer applies (member removed, invoice withdrawn, nothing
// waits any more) is cancelled rather than sent.
import { tenantBranding } from "../../../emails/layout";
import { renderTemplate } from "../../../emails/catalog";
import type { Tx } from "../db";
import { renderEmail } from "./render";

export type Composed = { subject: string; html: string; text: string } | { cancelled: string };

type Queued = { template: string; language: string; payload: Record<string, unknown> };

type Recipient = {
  tenantName: string;
  senderName: string | null;
  logoUrl: string | null;
  accentColor: string | null;
  autoApprove: boolean;
  customerId: string;
  customerName: string;
  portalName: string;
  memberName: string;
};

/** The member and portal the message is for, if both are still active. */
async function recipient(tx: Tx, payload: Record<string, unknown>): Promise<Recipient | null> {
  const [row] = await tx<Recipient[]>`
    select t.name as "tenantName", t.sender_name as "senderName", t.brand_logo_url as "logoUrl",
      t.brand_accent_color as "accentColor", t.auto_approve_at_deadline as "autoApprove",
      c.id as "customerId", c.name as "customerName", p.name as "portalName",
      btrim(ct.first_name || ' ' || ct.last_name) as "memberName"
    from public.portal_members m
    join public.portals p on p.id = m.portal_id
    join public.tenants t on t.id = p.tenant_id
    join public.customers c on c.id = p.customer_id
    join public.contacts ct on ct.id = m.contact_id
    where m.id = ${String(payload.member_id)}::uuid and p.id = ${String(payload.portal_id)}::uuid
      and m.removed_at is null and p.status = 'active' and t.status = 'active'`;
  return row ?? null;
}

function common(who: Recipient, language: string) {
  return {
    language,
    branding: tenantBranding(who),
    tenantName: who.tenantName,
    customerName: who.customerName,
    memberName: who.memberName,
  };
}

export async function composeEmail(tx: Tx, queued: Queued, baseUrl: string): Promise<Composed> {
  const who = await recipient(tx, queued.payload);
  if (!who) return { cancelled: "the member or the portal is no longer active" };
  const portalId = String(queued.payload.portal_id);
  const portalUrl = new URL(`/portals/${portalId}`, baseUrl).toString();

  let props: Record<string, unknown> | null;
  switch (queued.template) {
    case "approval-request":
    case "approval-reminder":
      props = await submissionProps(tx, queued, portalId, baseUrl, who);
      break;
    case "new-invoice":
      props = await oneRow(tx, queued.payload, who, `
        select number, subject, total_incl_vat::text as "totalInclVat", currency,
          to_char(issued_on, 'YYYY-MM-DD') as "issuedOn", to_char(due_on, 'YYYY-MM-DD') as "dueOn"
        from public.invoices where id = $1 and customer_id = $2 and deleted_at is null and status = 'open'`);
      break;
    case "new-quote":
      props = await oneRow(tx, queued.payload, who, `
        select number, subject, total_excl_vat::text as "totalExclVat", currency,
          to_char(valid_until, 'YYYY-MM-DD') as "validUntil"
        from public.quotes where id = $1 and customer_id = $2 and deleted_at is null and status = 'open'`);
      break;
    case "job-completed":
      props = await oneRow(tx, queued.payload, who, `
        select j.title, to_char(j.completed_on, 'YYYY-MM-DD') as "completedOn", s.name as "siteName"
        from public.jobs j left join public.sites s on s.id = j.site_id
        where j.id = $1 and j.customer_id = $2 and j.deleted_at is null and j.status = 'completed'`);
      break;
    case "document-shared":
      props = await oneRow(tx, queued.payload, who, `
        select d.title, d.file_name as "fileName", pr.name as "projectName"
        from public.documents d left join public.projects pr on pr.id = d.project_id
        where d.id = $1 and d.customer_id = $2 and d.deleted_at is null`);
      break;
    default:
      return { cancelled: `unknown template ${queued.template}` };
  }
  if (!props) return { cancelled: "what it announced is no longer there, or no longer news" };

  const { subject, element } = renderTemplate(queued.template, { ...common(who, queued.language), link: portalUrl, ...props });
  const { html, text } = await renderEmail(element);
  return { subject, html, text };
}

async function oneRow(tx: Tx, payload: Record<string, unknown>, who: Recipient, query: string): Promise<Record<string, unknown> | null> {
  const [row] = await tx.unsafe<Record<string, unknown>[]>(query, [String(payload.item_id), who.customerId]);
  return row ?? null;
}

type SubmissionSummary = {
  projectId: string;
  projectName: string;
  deadline: Date | null;
  count: number;
  totalHours: string | null;
  totalKm: string | null;
  amounts: Array<{ currency: string; amount: string }> | null;
  firstWorkDate: string | null;
  lastWorkDate: string | null;
  firstKind: string | null;
  employees: string[] | null;
};

/** A submission's registrations (for a reminder: those still waiting), as the member's portal shows them. */
async function submissionProps(tx: Tx, queued: Queued, portalId: string, baseUrl: string, who: Recipient): Promise<Record<string, unknown> | null> {
  const onlyWaiting = queued.template === "approval-reminder";
  const [summary] = await tx<SubmissionSummary[]>`
    with items as (
      select r.* from public.approval_submission_registrations sr
      join public.registrations r on r.id = sr.registration_id
      join public.portals p on p.id = ${portalId}::uuid
      where sr.submission_id = ${String(queued.payload.submission_id)}::uuid and r.deleted_at is null
        and (not ${onlyWaiting} or r.status = 'pending_external')
        and ((r.kind = 'hours' and p.hours_visibility <> 'hidden') or (r.kind = 'expense' and p.show_expenses)
          or (r.kind = 'mileage' and p.show_mileage))
    )
    select s.project_id as "projectId", pr.name as "projectName", s.deadline_at as deadline,
      (select count(*)::int from items) as count,
      (select sum(hours)::text from items where kind = 'hours') as "totalHours",
      (select sum(distance_km)::text from items where kind = 'mileage') as "totalKm",
      (select jsonb_agg(jsonb_build_object('currency', currency, 'amount', amount::text) order by currency)
        from (select currency, sum(amount) as amount from items where kind = 'expense' group by currency) a) as amounts,
      (select to_char(min(work_date), 'YYYY-MM-DD') from items) as "firstWorkDate",
      (select to_char(max(work_date), 'YYYY-MM-DD') from items) as "lastWorkDate",
      (select kind from items group by kind order by count(*) desc, kind limit 1) as "firstKind",
      (select array_agg(e.name order by e.name) from (select distinct employee_id from items) i
        join public.employees e on e.id = i.employee_id) as employees
    from public.approval_submissions s join public.projects pr on pr.id = s.project_id
    where s.id = ${String(queued.payload.submission_id)}::uuid`;
  if (!summary || summary.count === 0) return null;
  const link = new URL(`/portals/${portalId}/projects/${summary.projectId}`, baseUrl);
  link.searchParams.set("kind", summary.firstKind ?? "hours");
  link.searchParams.set("status", "pending_external");
  if (summary.firstWorkDate) link.searchParams.set("from", summary.firstWorkDate);
  if (summary.lastWorkDate) link.searchParams.set("to", summary.lastWorkDate);
  const base = {
    portalName: who.portalName,
    projectName: summary.projectName,
    totalHours: summary.totalHours,
    amounts: summary.amounts ?? [],
    totalKm: summary.totalKm,
    firstWorkDate: summary.firstWorkDate,
    lastWorkDate: summary.lastWorkDate,
    employees: summary.employees ?? [],
    deadline: summary.deadline,
    autoApproveAtDeadline: who.autoApprove && summary.deadline !== null,
    link: link.toString(),
  };
  return onlyWaiting ? { ...base, waitingCount: summary.count } : { ...base, registrationCount: summary.count };
}
