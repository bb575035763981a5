// Who delivers the outbox and keeps approval deadlines: graphile-worker on a
// Postgres server (jobs scheduled by the outbox's trigger, a sweep every
// minute for anything a crash or a missing worker left behind), simple
// pollers on the embedded database. The same delivery code either way.
import { runApprovalDeadlines } from "../approvals/deadlines";
import { jobQueueAvailable, startJobQueue } from "../db/job-queue";
import { deliverDueRound } from "../email/delivery";
import type { EmailTransport } from "../email/transport";
import { deliveryContext, drainOutbox, startOutboxWorker } from "../email/worker";

export type EmailDelivery = { kind: "job-queue" | "poller"; stop: () => Promise<void> };

const CRONTAB = ["* * * * * sweep_outbox", "* * * * * approval_deadlines"].join("\n");

function warn(what: string) {
  return (error: unknown) => console.warn(`portaal: ${what} failed: ${(error as Error).message}`);
}

export async function startEmailDelivery(transport: EmailTransport, options: { pollIntervalMs?: number } = {}): Promise<EmailDelivery> {
  if (process.env.PORTAAL_JOB_QUEUE !== "off" && (await jobQueueAvailable())) {
    const queue = await startJobQueue(
      {
        deliver_email: async (payload) => {
          const { id } = payload as { id: string };
          await deliverDueRound(deliveryContext(transport), { limit: 1, ids: [id] });
        },
        sweep_outbox: async () => {
          await drainOutbox(transport);
        },
        approval_deadlines: async () => {
          await runApprovalDeadlines();
        },
      },
      CRONTAB,
    );
    // What was queued before the job queue's schema existed has no job yet.
    void drainOutbox(transport).catch(warn("first outbox sweep"));
    return { kind: "job-queue", stop: queue.stop };
  }

  const poller = startOutboxWorker(transport, options.pollIntervalMs);
  let deadlines: Promise<unknown> = Promise.resolve();
  const keepDeadlines = () => {
    deadlines = runApprovalDeadlines().catch(warn("approval deadline pass"));
  };
  const timer = setInterval(keepDeadlines, 60_000);
  timer.unref();
  keepDeadlines();
  return {
    kind: "poller",
    stop: async () => {
      clearInterval(timer);
      await Promise.all([poller.stop(), deadlines]);
    },
  };
}
