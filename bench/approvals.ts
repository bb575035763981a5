/**
 * Approvals on the large dataset (docs/benchmarks.md, issue 5):
 *   - a project's hours page as the loader reads it, through RLS: the portal
 *     and project, one page of 50 rows for a quarter, totals, what waits for
 *     approval, the filter's choices and the member's rights, in one
 *     withClaims transaction — the server time of the page minus rendering;
 *   - a bulk decision on 1,000 registrations as the page's action makes it
 *     (decideAsMember with "all matching the filter"): evidence with
 *     canonical content and fingerprint, the status change with history rows
 *     by the database, the audit entry, one e-mail per employee rendered and
 *     queued, and 1,000 host events, in one transaction.
 */
import { performance } from "node:perf_hooks";
import { decideAsMember } from "../app/.server/approvals/decide";
import { asService, withClaims, type ContactClaims } from "../app/.server/db";
import { getPortal, getPortalProject } from "../app/.server/portals/contact-portals";
import { loadRegistrationsPage } from "../app/.server/registrations/page";
import type { RegistrationFilter } from "../app/.server/registrations/list";
import { summarize, type Summary } from "./stats";

export const TARGET_PAGE_MEDIAN_MS = 50;
export const TARGET_DECISION_MEDIAN_MS = 500;
const DECISION_SIZE = 1000;

export type PageSample = { claims: ContactClaims; filter: RegistrationFilter };

const PNG_SIGNATURE = Uint8Array.from(Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));

async function page(sample: PageSample): Promise<number> {
  const { filter } = sample;
  return withClaims(sample.claims, async (tx) => {
    const [portal, project] = await Promise.all([getPortal(tx, filter.portalId), getPortalProject(tx, filter.portalId, filter.projectId)]);
    if (!portal || !project) throw new Error("the sample's page does not exist");
    const data = await loadRegistrationsPage(tx, portal, project.id, {
      kind: "hours", from: filter.from, to: filter.to, page: 1, employeeId: undefined, taskId: undefined, status: undefined,
    });
    return data.rows.length;
  });
}

export async function benchHoursPage(samples: PageSample[], iterations: number, log: (message: string) => void): Promise<Summary> {
  for (let i = 0; i < 50; i++) await page(samples[i % samples.length]!);
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    rows += await page(samples[i % samples.length]!);
    times.push(performance.now() - start);
  }
  log(`hours page: ${iterations} loads, ${(rows / iterations).toFixed(1)} rows per page on average`);
  return summarize(times);
}

/** Lets the sample's member approve in its portal (with signature), and gives its project's employees an address. */
async function prepareDecisions(sample: PageSample): Promise<void> {
  await asService("bench: let the member approve", async (tx) => {
    await tx`update public.portals set can_approve = true, require_signature = true where id = ${sample.filter.portalId}`;
    await tx`update public.portal_members set can_approve = true
      where portal_id = ${sample.filter.portalId} and login_id = ${sample.claims.loginId}`;
    await tx`update public.tenants set approval_workflow = 'internal_external'
      where id = (select tenant_id from public.portals where id = ${sample.filter.portalId})`;
    await tx`update public.employees e set email = coalesce(e.email, 'employee-' || e.host_id || '@bench.example')
      where e.id in (select employee_id from public.project_members where project_id = ${sample.filter.projectId})`;
  });
}

/** 1,000 registrations waiting for the customer, in a month of their own, booked by the project's team. */
async function waitingMonth(sample: PageSample, monthIndex: number): Promise<{ from: string; to: string }> {
  const from = new Date(Date.UTC(2031, monthIndex, 1));
  const to = new Date(Date.UTC(2031, monthIndex + 1, 0));
  await asService("bench: registrations waiting for approval", async (tx) => {
    await tx`
      with team as (
        select employee_id, row_number() over (order by employee_id) - 1 as n, count(*) over () as size
        from public.project_members where project_id = ${sample.filter.projectId}
      ), inserted as (
        insert into public.registrations
          (tenant_id, project_id, employee_id, host_id, kind, work_date, hours, status, submitted_at)
        select p.tenant_id, p.id, team.employee_id, 'bench-decision-' || ${monthIndex} || '-' || g,
               'hours', ${from.toISOString().slice(0, 10)}::date + (g % 28), 0.25 + (g % 32) * 0.25, 'pending_external', now()
        from generate_series(1, ${DECISION_SIZE}) g
        join public.projects p on p.id = ${sample.filter.projectId}
        join team on team.n = g % team.size
        returning id, tenant_id, project_id
      )
      insert into public.registration_descriptions (registration_id, tenant_id, project_id, kind, description)
      select id, tenant_id, project_id, 'hours', 'Werk voor de benchmark' from inserted`;
  });
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

export async function benchBulkDecision(sample: PageSample, repetitions: number, log: (message: string) => void): Promise<Summary> {
  await prepareDecisions(sample);
  const times: number[] = [];
  const warmup = 2;
  for (let i = 0; i < warmup + repetitions; i++) {
    const period = await waitingMonth(sample, i);
    const start = performance.now();
    const result = await decideAsMember(sample.claims, {
      portalId: sample.filter.portalId,
      decision: "approved",
      target: { kind: "filter", projectId: sample.filter.projectId, registrationKind: "hours", ...period },
      comment: "Akkoord, zie PO",
      reference: `PO-${i}`,
      signature: { kind: "drawn", signerName: "Bench Signer", png: PNG_SIGNATURE },
      language: "nl",
      info: { ip: "192.0.2.1", userAgent: "portaal-bench" },
    });
    const elapsed = performance.now() - start;
    if (!result.ok || result.count !== DECISION_SIZE) throw new Error(`the decision did not cover ${DECISION_SIZE} registrations: ${JSON.stringify(result)}`);
    if (i >= warmup) times.push(elapsed);
  }
  const [written] = await asService("bench: what the decisions wrote", (tx) => tx<{ history: number; events: number; emails: number }[]>`
    select (select count(*)::int from public.approval_decision_registrations) as history,
           (select count(*)::int from public.host_outbound_events where event_type = 'registration.approved') as events,
           (select count(*)::int from public.email_outbox where template = 'registration-decision') as emails`);
  log(`bulk decisions: ${warmup + repetitions} decisions of ${DECISION_SIZE} wrote ${written!.history} history rows, ${written!.events} host events, ${written!.emails} e-mails`);
  return summarize(times);
}
