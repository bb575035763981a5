/**
 * E-mail delivery (`npm run bench`, docs/benchmarks.md): messages per second
 * sustained, rendered from their queued template input and delivered through
 * the SendGrid transport (@sendgrid/mail) to a local SendGrid stand-in over
 * HTTP, by the same delivery rounds the worker runs. On a fresh database on
 * the Postgres server with the demo data; half approval requests (a
 * submission of 20 registrations), half new-invoice notifications.
 * Target: at least 50 e-mails per second.
 */
import { performance } from "node:perf_hooks";
import { asService } from "../app/.server/db";
import { createSendGridTransport } from "../app/.server/email/sendgrid";
import { drainOutbox } from "../app/.server/email/worker";
import { DEMO_ADDRESSES, seedDemo } from "../app/.server/seed/demo";
import { withFreshDatabase } from "./fresh-database";
import { startSendGridStandIn } from "./sendgrid-stand-in";
import { summarize } from "./stats";

const TARGET_PER_SECOND = 50;
const MESSAGES = 1000;
const RUNS = 3;
const API_KEY = "SG.bench-stand-in-key";

export async function benchEmail(): Promise<boolean> {
  return withFreshDatabase(async () => {
    await asService("bench: seed the demo", (tx) => seedDemo(tx));
    const results: Array<{ latencyMs: number; perSecond: number[] }> = [];
    for (const latencyMs of [0, 50]) {
      const standIn = await startSendGridStandIn({ apiKey: API_KEY, latencyMs });
      const transport = createSendGridTransport({ apiKey: API_KEY, fromEmail: "portaal@bench.example", baseUrl: standIn.baseUrl });
      const perSecond: number[] = [];
      try {
        for (let run = 0; run < RUNS; run += 1) {
          await queueNotifications(`${latencyMs}-${run}`);
          const before = standIn.accepted();
          const started = performance.now();
          let sent = 0;
          while (sent < MESSAGES) {
            const rounds = await drainOutbox(transport);
            sent += rounds.reduce((total, round) => total + round.sent, 0);
            if (rounds.every((round) => round.claimed === 0)) throw new Error(`only ${sent} of ${MESSAGES} e-mails were delivered`);
          }
          const seconds = (performance.now() - started) / 1000;
          if (standIn.accepted() - before !== MESSAGES) throw new Error("the stand-in did not receive every e-mail exactly once");
          perSecond.push(MESSAGES / seconds);
        }
      } finally {
        await standIn.stop();
      }
      results.push({ latencyMs, perSecond });
    }

    console.log(`\nE-mail delivery: ${MESSAGES} e-mails per run (half approval requests, half new invoices), rendered and sent, ${RUNS} runs`);
    console.log("| SendGrid stand-in answers after | e-mails/s (median) | min | max |");
    console.log("|---|---|---|---|");
    for (const { latencyMs, perSecond } of results) {
      const summary = summarize(perSecond);
      console.log(`| ${latencyMs} ms | ${summary.median.toFixed(0)} | ${Math.min(...perSecond).toFixed(0)} | ${Math.max(...perSecond).toFixed(0)} |`);
    }
    const worst = Math.min(...results.map(({ perSecond }) => summarize(perSecond).median));
    const met = worst >= TARGET_PER_SECOND;
    console.log(`target ≥ ${TARGET_PER_SECOND} e-mails/s: ${met ? "met" : "NOT met"} (slowest median ${worst.toFixed(0)}/s)`);
    return met;
  });
}

/** MESSAGES queued notifications as the triggers write them: ids only, rendered at delivery. */
async function queueNotifications(run: string): Promise<void> {
  await asService("bench: queue notifications", async (tx) => {
    const [scope] = await tx<{ tenantId: string; portalId: string; projectId: string; memberId: string; invoiceId: string; employeeId: string }[]>`
      select p.tenant_id as "tenantId", p.id as "portalId", pp.project_id as "projectId", m.id as "memberId",
        (select i.id from public.invoices i where i.customer_id = p.customer_id and i.status = 'open' limit 1) as "invoiceId",
        (select employee_id from public.project_members where project_id = pp.project_id limit 1) as "employeeId"
      from public.portals p join public.portal_projects pp on pp.portal_id = p.id
      join public.portal_members m on m.portal_id = p.id join public.logins l on l.id = m.login_id
      where p.name = 'Acme – Website en app' and l.email = ${DEMO_ADDRESSES.anna} limit 1`;
    const [submission] = await tx<{ id: string }[]>`
      insert into public.approval_submissions (tenant_id, project_id) values (${scope!.tenantId}, ${scope!.projectId}) returning id`;
    await tx`
      with registrations as (
        insert into public.registrations (tenant_id, project_id, employee_id, host_id, kind, work_date, hours, status)
        select ${scope!.tenantId}, ${scope!.projectId}, ${scope!.employeeId}, 'bench-' || ${run} || '-' || n, 'hours',
          date '2026-11-01' + (n % 20), 1 + (n % 7), 'pending_external'
        from generate_series(1, 20) as n
        returning id
      )
      insert into public.approval_submission_registrations (submission_id, registration_id, tenant_id)
      select ${submission!.id}, id, ${scope!.tenantId} from registrations`;
    // The submission's own e-mails (from the trigger) are not part of the measured set.
    await tx`delete from public.email_outbox where status = 'queued'`;
    await tx`
      insert into public.email_outbox (tenant_id, idempotency_key, template, language, to_address, payload, portal_id, member_id)
      select ${scope!.tenantId}, 'bench:' || ${run} || ':' || n,
        case when n % 2 = 0 then 'approval-request' else 'new-invoice' end, case when n % 4 < 2 then 'nl' else 'en' end,
        'anna+' || n || '@acme.example',
        case when n % 2 = 0
          then jsonb_build_object('submission_id', ${submission!.id}::uuid, 'portal_id', ${scope!.portalId}::uuid, 'member_id', ${scope!.memberId}::uuid)
          else jsonb_build_object('item_id', ${scope!.invoiceId}::uuid, 'portal_id', ${scope!.portalId}::uuid, 'member_id', ${scope!.memberId}::uuid)
        end,
        ${scope!.portalId}, ${scope!.memberId}
      from generate_series(1, ${MESSAGES}) as n`;
  });
}
