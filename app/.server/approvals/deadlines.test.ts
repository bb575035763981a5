import { randomUUID } from "node:crypto";
import { addDays, addHours } from "date-fns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService } from "../db";
import { DEMO_ADDRESSES } from "../seed/demo";
import { fingerprintMatches } from "./canonical";
import { runApprovalDeadlines } from "./deadlines";

let tenantId: string;
let projectId: string;

async function tenantSettings(days: number | null, autoApprove: boolean) {
  await asService("test: deadline settings", (tx) => tx`
    update public.tenants set approval_deadline_days = ${days}, auto_approve_at_deadline = ${autoApprove}, approval_reminder_hours = 24
    where id = ${tenantId}`);
}

/** Hours submitted now; returns the submission and its deadline. */
async function submit(count: number): Promise<{ submissionId: string; deadline: Date; ids: string[] }> {
  return asService("test: hours submitted", async (tx) => {
    const [employee] = await tx<{ id: string }[]>`
      select employee_id as id from public.project_members where project_id = ${projectId} order by employee_id limit 1`;
    const rows = Array.from({ length: count }, (_, index) => ({
      id: randomUUID(), tenant_id: tenantId, project_id: projectId, employee_id: employee!.id, host_id: `test-${randomUUID()}`,
      kind: "hours", work_date: `2026-11-${String(index + 10).padStart(2, "0")}`, hours: 3, status: "pending_external",
    }));
    await tx`insert into public.registrations ${tx(rows)}`;
    const [submission] = await tx<{ id: string; deadline: Date }[]>`
      select s.id, s.deadline_at as deadline from public.approval_submissions s
      join public.approval_submission_registrations sr on sr.submission_id = s.id where sr.registration_id = ${rows[0]!.id}`;
    return { submissionId: submission!.id, deadline: submission!.deadline, ids: rows.map((row) => row.id) };
  });
}

async function outboxOf(submissionId: string, template: string) {
  return asService("test: outbox", (tx) => tx<{ to: string }[]>`
    select to_address as "to" from public.email_outbox where subject_id = ${submissionId} and template = ${template} order by to_address`);
}

describe("approval deadlines (F-35)", () => {
  beforeAll(async () => {
    const [row] = await asService("test: the demo project", (tx) => tx<{ tenantId: string; projectId: string }[]>`
      select p.tenant_id as "tenantId", pp.project_id as "projectId"
      from public.portals p join public.portal_projects pp on pp.portal_id = p.id join public.projects pr on pr.id = pp.project_id
      where p.name = 'Acme – Website en app' and pr.name = 'Website relaunch'`);
    ({ tenantId, projectId } = row!);
  });
  afterAll(() => tenantSettings(null, false));

  it("gives a submission the tenant's deadline, or none", async () => {
    await tenantSettings(null, false);
    expect((await submit(1)).deadline).toBeNull();
    await tenantSettings(5, false);
    const { deadline } = await submit(1);
    expect(Math.abs(deadline.getTime() - addDays(new Date(), 5).getTime())).toBeLessThan(60_000);
  });

  it("reminds the members who may decide, once, when the reminder time before the deadline has come", async () => {
    await tenantSettings(3, false);
    const { submissionId, deadline } = await submit(2);
    await runApprovalDeadlines(addHours(deadline, -30));
    expect(await outboxOf(submissionId, "approval-reminder")).toEqual([]); // not yet: 24 hours before

    await runApprovalDeadlines(addHours(deadline, -20));
    expect((await outboxOf(submissionId, "approval-reminder")).map((row) => row.to)).toEqual([DEMO_ADDRESSES.anna, DEMO_ADDRESSES.bram]);
    await runApprovalDeadlines(addHours(deadline, -10));
    expect(await outboxOf(submissionId, "approval-reminder")).toHaveLength(2);
  });

  it("leaves what waits alone at the deadline unless the tenant chose automatic approval", async () => {
    await tenantSettings(3, false);
    const { ids, deadline } = await submit(1);
    const round = await runApprovalDeadlines(addHours(deadline, 1));
    expect(round.expired).toBeGreaterThanOrEqual(1);
    const [row] = await asService("test: status", (tx) => tx<{ status: string }[]>`select status from public.registrations where id = ${ids[0]!}`);
    expect(row!.status).toBe("pending_external");
  });

  it("approves what still waits at the deadline, recorded as an automatic decision with its evidence", async () => {
    await tenantSettings(2, true);
    const { submissionId, ids, deadline } = await submit(3);
    const round = await runApprovalDeadlines(addHours(deadline, 1));
    expect(round.autoApproved).toBeGreaterThanOrEqual(1);

    const result = await asService("test: what the deadline did", async (tx) => {
      const statuses = await tx<{ status: string }[]>`select distinct status from public.registrations where id = any(${ids}::uuid[])`;
      const [decision] = await tx<{
        automatic: boolean; loginId: string | null; memberName: string; count: number; statement: string; canonicalContent: string; fingerprint: string;
      }[]>`
        select d.automatic, d.login_id as "loginId", d.member_name as "memberName", d.registration_count as count, d.statement,
          d.canonical_content as "canonicalContent", d.fingerprint
        from public.approval_submissions s join public.approval_decisions d on d.id = s.auto_decision_id where s.id = ${submissionId}`;
      const [events] = await tx<{ count: number; automatic: boolean; signerEmail: string | null }[]>`
        select count(*)::int as count, bool_and((payload ->> 'automatic')::boolean) as automatic,
          max(payload ->> 'signer_email') as "signerEmail"
        from public.host_outbound_events
        where event_type = 'registration.approved' and payload ->> 'decision_id' = (
          select auto_decision_id::text from public.approval_submissions where id = ${submissionId})`;
      const [audit] = await tx<{ actorKind: string }[]>`
        select actor_kind as "actorKind" from public.audit_log where action = 'registrations.approved'
          and subject_id::text = (select auto_decision_id::text from public.approval_submissions where id = ${submissionId})`;
      const [history] = await tx<{ count: number }[]>`
        select count(*)::int as count from public.approval_decision_registrations
        where decision_id = (select auto_decision_id from public.approval_submissions where id = ${submissionId})`;
      return { statuses, decision, events, audit, history };
    });
    expect(result.statuses).toEqual([{ status: "approved" }]);
    expect(result.decision).toMatchObject({ automatic: true, loginId: null, memberName: "Automatisch goedgekeurd bij de termijn", count: 3 });
    expect(result.decision!.statement).toContain("3 registraties");
    expect(fingerprintMatches(result.decision!)).toBe(true);
    expect(result.events).toEqual({ count: 3, automatic: true, signerEmail: null });
    expect(result.audit!.actorKind).toBe("system");
    expect(result.history!.count).toBe(3);

    // Handled once: a later pass does nothing more with it.
    const again = await runApprovalDeadlines(addHours(deadline, 2));
    expect(again.autoApproved).toBe(0);
  });
});
