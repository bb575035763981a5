// Approval deadlines (F-35): a submission gets the tenant's deadline when it
// is made; members who may decide get a reminder before it; at the deadline,
// where the tenant chose so, what still waits is approved by the system and
// recorded as an automatic decision, with the same evidence, history, e-mail
// to the employees and events for the host as a member's decision.
import { intlFor, isLanguage, type Language } from "../../i18n";
import { asService, type Tx } from "../db";
import { canonicalContent, type DecidedRegistration } from "./canonical";
import { notifyDecision } from "./notify";

export type DeadlineRound = { reminded: number; autoApproved: number; expired: number };

/** One pass over submissions whose reminder or deadline has come. Safe to run from several workers at once. */
export async function runApprovalDeadlines(now = new Date()): Promise<DeadlineRound> {
  const reminded = await asService("approval deadlines: remind members before the deadline", (tx) => queueReminders(tx, now));
  const due = await asService("approval deadlines: find submissions past their deadline", (tx) => tx<{ id: string }[]>`
    select id from public.approval_submissions
    where deadline_at <= ${now} and deadline_handled_at is null
    order by deadline_at limit 100`);
  const round: DeadlineRound = { reminded, autoApproved: 0, expired: 0 };
  for (const { id } of due) {
    const outcome = await asService("approval deadline reached: approve automatically where the tenant chose so", (tx) =>
      handleDeadline(tx, id, now),
    );
    if (outcome === "approved") round.autoApproved += 1;
    else if (outcome === "expired") round.expired += 1;
  }
  return round;
}

/** One reminder per submission and member, when the tenant's reminder time before the deadline has come and something still waits. */
async function queueReminders(tx: Tx, now: Date): Promise<number> {
  const [result] = await tx<{ submissions: number }[]>`
    with due as (
      select s.id, s.tenant_id, s.project_id
      from public.approval_submissions s
      join public.tenants t on t.id = s.tenant_id
      where s.deadline_at is not null and s.deadline_handled_at is null and s.reminded_at is null
        and s.deadline_at > ${now}
        and s.deadline_at - make_interval(hours => t.approval_reminder_hours) <= ${now}
      for update of s skip locked
    ), marked as (
      update public.approval_submissions s set reminded_at = ${now} from due where s.id = due.id returning s.id
    ), waiting as (
      select due.id, due.tenant_id, due.project_id, array_agg(distinct r.kind) as kinds
      from due
      join public.approval_submission_registrations sr on sr.submission_id = due.id
      join public.registrations r on r.id = sr.registration_id
      where r.status = 'pending_external' and r.deleted_at is null
      group by due.id, due.tenant_id, due.project_id
    ), queued as (
      select private.queue_notification_rows(coalesce(jsonb_agg(jsonb_build_object(
        'tenant_id', w.tenant_id,
        'key', 'approval-reminder:' || w.id || ':' || m.member_id,
        'template', 'approval-reminder',
        'language', m.language,
        'to', m.email,
        'payload', jsonb_build_object('submission_id', w.id, 'portal_id', m.portal_id, 'member_id', m.member_id),
        'portal_id', m.portal_id,
        'member_id', m.member_id,
        'subject_type', 'approval_submission',
        'subject_id', w.id)), '[]'::jsonb))
      from waiting w cross join lateral private.members_to_approve(w.tenant_id, w.project_id, w.kinds) m
    )
    select (select count(*)::int from marked) as submissions, (select count(*) from queued) as queued`;
  return result?.submissions ?? 0;
}

type DeadlineOutcome = "approved" | "expired" | "skipped";

async function handleDeadline(tx: Tx, submissionId: string, now: Date): Promise<DeadlineOutcome> {
  const [submission] = await tx<{
    tenantId: string; projectId: string; deadline: Date; autoApprove: boolean; language: string; tenantName: string;
  }[]>`
    select s.tenant_id as "tenantId", s.project_id as "projectId", s.deadline_at as deadline,
      t.auto_approve_at_deadline and t.status = 'active'
        and private.status_after_external_decision(t.approval_workflow, 'approved') is not null as "autoApprove",
      t.default_language as language, t.name as "tenantName"
    from public.approval_submissions s join public.tenants t on t.id = s.tenant_id
    where s.id = ${submissionId} and s.deadline_handled_at is null
    for update of s skip locked`;
  if (!submission) return "skipped";

  const waiting = submission.autoApprove ? await waitingRegistrations(tx, submissionId) : [];
  const portal = waiting.length > 0 ? await decidingPortal(tx, submission.projectId) : null;
  let decisionId: string | null = null;
  if (portal) {
    const language: Language = isLanguage(portal.language) ? portal.language : "nl";
    decisionId = await approveAutomatically(tx, { ...submission, submissionId, portal, language, waiting });
  }
  await tx`
    update public.approval_submissions set deadline_handled_at = ${now}, auto_decision_id = ${decisionId}
    where id = ${submissionId}`;
  return decisionId ? "approved" : "expired";
}

type Waiting = DecidedRegistration & { employeeId: string };

async function waitingRegistrations(tx: Tx, submissionId: string): Promise<Waiting[]> {
  return tx<Waiting[]>`
    select r.id, pr.name as "projectName", r.kind, to_char(r.work_date, 'YYYY-MM-DD') as "workDate",
      e.name as "employeeName", t.name as "taskName", r.hours::text as hours, r.amount::text as amount, r.currency,
      r.distance_km::text as "distanceKm", null::text as description, r.status, r.employee_id as "employeeId"
    from public.approval_submission_registrations sr
    join public.registrations r on r.id = sr.registration_id
    join public.projects pr on pr.id = r.project_id
    join public.employees e on e.id = r.employee_id
    left join public.tasks t on t.id = r.task_id
    where sr.submission_id = ${submissionId} and r.status = 'pending_external' and r.deleted_at is null
    order by r.work_date, r.id
    for update of r`;
}

type DecidingPortal = { id: string; name: string; customerName: string; language: string };

/** The portal in whose name the system decides: an active one of the project that lets customers approve. */
async function decidingPortal(tx: Tx, projectId: string): Promise<DecidingPortal | null> {
  const [portal] = await tx<DecidingPortal[]>`
    select p.id, p.name, c.name as "customerName", p.language
    from public.portal_projects pp
    join public.portals p on p.id = pp.portal_id
    join public.customers c on c.id = p.customer_id
    where pp.project_id = ${projectId} and p.status = 'active' and p.can_approve
    order by p.created_at, p.id limit 1`;
  return portal ?? null;
}

async function approveAutomatically(
  tx: Tx,
  input: {
    tenantId: string; tenantName: string; submissionId: string; deadline: Date; language: Language;
    portal: DecidingPortal; waiting: Waiting[];
  },
): Promise<string> {
  const intl = intlFor(input.language);
  const decided: DecidedRegistration[] = input.waiting.map(({ employeeId: _employeeId, ...registration }) => registration);
  const { content, fingerprint } = canonicalContent(decided);
  const actorName = intl.formatMessage({ id: "approvals.automatic.actor" });
  const statement = intl.formatMessage(
    { id: "approvals.automatic.statement" },
    {
      count: decided.length,
      customer: input.portal.customerName,
      when: intl.formatDate(input.deadline, { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Amsterdam" }),
    },
  );
  const [decision] = await tx<{ id: string; decidedAt: Date }[]>`
    insert into public.approval_decisions
      (tenant_id, portal_id, portal_name, customer_name, member_name, member_email, decision, automatic,
       statement, language, registration_count, canonical_content, fingerprint)
    values (${input.tenantId}, ${input.portal.id}, ${input.portal.name}, ${input.portal.customerName}, ${actorName}, '',
      'approved', true, ${statement}, ${input.language}, ${decided.length}, ${content}, ${fingerprint})
    returning id, decided_at as "decidedAt"`;
  const updated = await tx<{ status: string }[]>`
    update public.registrations set last_decision_id = ${decision!.id}
    where id = any(${decided.map((registration) => registration.id)}::uuid[])
    returning status`;
  await notifyDecision(tx, {
    automatic: true,
    rights: {
      portalId: input.portal.id, tenantId: input.tenantId, portalName: input.portal.name, customerName: input.portal.customerName,
      tenantName: input.tenantName, memberId: "", loginId: "", memberName: actorName, memberEmail: "",
      requireSignature: false, canDecide: true, statusAfterApproval: null,
    },
    decisionId: decision!.id, decidedAt: decision!.decidedAt, decision: "approved", statusAfter: updated[0]!.status,
    comment: null, reference: null, signerName: null, fingerprint, info: { ip: null, userAgent: null },
    registrations: input.waiting,
  });
  return decision!.id;
}
