import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService } from "../db";
import { DEMO_ADDRESSES } from "../seed/demo";
import { listDevMailbox } from "./dev-mailbox";
import { demoMailboxTransport } from "./transport";
import { deliverDueRound } from "./delivery";
import { deliveryContext } from "./worker";

type Scope = { tenantId: string; customerId: string; portalId: string; projectId: string; annaMemberId: string; bramMemberId: string };
let scope: Scope;
const created: { invoices: string[]; registrations: string[] } = { invoices: [], registrations: [] };

type QueuedRow = { template: string; to: string; memberId: string; subjectId: string; status: string; subject: string | null; text: string | null };

async function outboxFor(subjectId: string): Promise<QueuedRow[]> {
  return asService("test: read the outbox", (tx) => tx<QueuedRow[]>`
    select template, to_address as "to", member_id as "memberId", subject_id as "subjectId", status, subject, text_body as text
    from public.email_outbox where subject_id = ${subjectId} order by to_address`);
}

async function newInvoice(status: string, issuedOn = new Date().toISOString().slice(0, 10)): Promise<string> {
  const id = randomUUID();
  created.invoices.push(id);
  await asService("test: an invoice arrives", (tx) => tx`
    insert into public.invoices (id, tenant_id, customer_id, project_id, host_id, number, subject, status, issued_on, due_on,
      total_excl_vat, total_incl_vat)
    values (${id}, ${scope.tenantId}, ${scope.customerId}, ${scope.projectId}, ${`test-${id}`}, ${`T-${id.slice(0, 6)}`},
      'Onderhoud oktober', ${status}, ${issuedOn}, ${issuedOn}::date + 30, 1000, 1210)`);
  return id;
}

async function submitHours(count: number): Promise<string[]> {
  return asService("test: hours submitted for approval", async (tx) => {
    const [employee] = await tx<{ id: string }[]>`
      select employee_id as id from public.project_members where project_id = ${scope.projectId} order by employee_id limit 1`;
    const rows = Array.from({ length: count }, (_, index) => ({
      id: randomUUID(), tenant_id: scope.tenantId, project_id: scope.projectId, employee_id: employee!.id,
      host_id: `test-${randomUUID()}`, kind: "hours", work_date: `2026-11-${String(index + 2).padStart(2, "0")}`,
      hours: 2.25, status: "open",
    }));
    await tx`insert into public.registrations ${tx(rows)}`;
    created.registrations.push(...rows.map((row) => row.id));
    // As the host does it: a later update puts them up for approval, in one batch.
    await tx`update public.registrations set status = 'pending_external', submitted_at = now()
      where id = any(${rows.map((row) => row.id)}::uuid[])`;
    return rows.map((row) => row.id);
  });
}

async function submissionOf(registrationId: string): Promise<string> {
  const [row] = await asService("test: find the submission", (tx) => tx<{ id: string }[]>`
    select submission_id as id from public.approval_submission_registrations where registration_id = ${registrationId}`);
  return row!.id;
}

describe("notifications queued by the change that causes them", () => {
  beforeAll(async () => {
    const [row] = await asService("test: anna's portal", (tx) => tx<Scope[]>`
      select p.tenant_id as "tenantId", p.customer_id as "customerId", p.id as "portalId", pp.project_id as "projectId",
        (select m.id from public.portal_members m join public.logins l on l.id = m.login_id
          where m.portal_id = p.id and l.email = ${DEMO_ADDRESSES.anna}) as "annaMemberId",
        (select m.id from public.portal_members m join public.logins l on l.id = m.login_id
          where m.portal_id = p.id and l.email = ${DEMO_ADDRESSES.bram}) as "bramMemberId"
      from public.portals p join public.portal_projects pp on pp.portal_id = p.id join public.projects pr on pr.id = pp.project_id
      where p.name = 'Acme – Website en app' and pr.name = 'Website relaunch'`);
    scope = row!;
  });

  afterAll(async () => {
    await asService("test: clean up", async (tx) => {
      const subjects = [...created.invoices];
      const submissions = await tx<{ id: string }[]>`
        select distinct submission_id as id from public.approval_submission_registrations
        where registration_id = any(${created.registrations}::uuid[])`;
      subjects.push(...submissions.map((row) => row.id));
      await tx`delete from public.email_outbox where subject_id = any(${subjects}::uuid[])`;
      await tx`delete from public.approval_submissions where id = any(${submissions.map((row) => row.id)}::uuid[])`;
      await tx`delete from public.registrations where id = any(${created.registrations}::uuid[])`;
      await tx`delete from public.invoices where id = any(${created.invoices}::uuid[])`;
      await tx`update public.portal_members set notify_invoices = true where portal_id = ${scope.portalId}`;
    });
  });

  it("tells each member who may see invoices and wants to hear of them, once, when an invoice is sent", async () => {
    await asService("test: bram does not want invoice e-mail", (tx) => tx`
      update public.portal_members set notify_invoices = false where id = ${scope.bramMemberId}`);
    const invoiceId = await newInvoice("draft");
    expect(await outboxFor(invoiceId)).toEqual([]); // a draft is nobody's news

    await asService("test: the invoice is sent", (tx) => tx`update public.invoices set status = 'open' where id = ${invoiceId}`);
    const queued = await outboxFor(invoiceId);
    expect(queued).toEqual([expect.objectContaining({ template: "new-invoice", to: DEMO_ADDRESSES.anna, memberId: scope.annaMemberId, status: "queued" })]);

    // The host sends the same invoice again (a new version): no second e-mail.
    await asService("test: a new version", (tx) => tx`update public.invoices set host_version = host_version + 1 where id = ${invoiceId}`);
    expect(await outboxFor(invoiceId)).toHaveLength(1);
  });

  it("sends nothing for an old invoice arriving late, or for the demo seed's history", async () => {
    const old = await newInvoice("open", "2025-01-15");
    expect(await outboxFor(old)).toEqual([]);
    const [seeded] = await asService("test: seeded invoice e-mail", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.email_outbox where template = 'new-invoice'
        and subject_id in (select id from public.invoices where host_id like 'inv-%')`);
    expect(seeded!.count).toBe(0);
  });

  it("makes registrations submitted together one submission, and asks each approving member once", async () => {
    const ids = await submitHours(3);
    const submissionId = await submissionOf(ids[0]!);
    for (const id of ids) expect(await submissionOf(id)).toBe(submissionId);
    const queued = await outboxFor(submissionId);
    expect(queued.map((row) => [row.template, row.to])).toEqual([
      ["approval-request", DEMO_ADDRESSES.anna],
      ["approval-request", DEMO_ADDRESSES.bram],
    ]);
  });

  it("renders the approval request when its turn comes, with a link straight to those hours", async () => {
    const ids = await submitHours(2);
    const submissionId = await submissionOf(ids[0]!);
    const [outboxRow] = await asService("test: the request to anna", (tx) => tx<{ id: string }[]>`
      select id from public.email_outbox where subject_id = ${submissionId} and member_id = ${scope.annaMemberId}`);
    const round = await deliverDueRound(deliveryContext(demoMailboxTransport), { limit: 1, ids: [outboxRow!.id] });
    expect(round).toMatchObject({ claimed: 1, sent: 1 });

    const [mail] = await listDevMailbox(DEMO_ADDRESSES.anna, 1);
    expect(mail!.subject).toMatch(/Website relaunch|goedkeuring|approv/i);
    expect(mail!.text).toContain(`/portals/${scope.portalId}/projects/${scope.projectId}?kind=hours&status=pending_external&from=2026-11-02&to=2026-11-03`);
    expect(mail!.text).toContain("4,50"); // 2 × 2.25 hours, written the Dutch way (the portal speaks Dutch)
  });

  it("cancels, rather than sends, a notification whose member was removed in the meantime", async () => {
    const ids = await submitHours(1);
    const submissionId = await submissionOf(ids[0]!);
    const [outboxRow] = await asService("test: the request to bram", (tx) => tx<{ id: string }[]>`
      select id from public.email_outbox where subject_id = ${submissionId} and member_id = ${scope.bramMemberId}`);
    await asService("test: bram removed", (tx) => tx`update public.portal_members set removed_at = now() where id = ${scope.bramMemberId}`);
    try {
      const round = await deliverDueRound(deliveryContext(demoMailboxTransport), { limit: 1, ids: [outboxRow!.id] });
      expect(round).toMatchObject({ claimed: 1, cancelled: 1, sent: 0 });
      const [row] = (await outboxFor(submissionId)).filter((queued) => queued.memberId === scope.bramMemberId);
      expect(row!.status).toBe("cancelled");
    } finally {
      await asService("test: bram back", (tx) => tx`update public.portal_members set removed_at = null where id = ${scope.bramMemberId}`);
    }
  });
});
