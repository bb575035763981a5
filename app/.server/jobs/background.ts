import { subDays } from "date-fns";
import { asService } from "../db";
import { deleteDueTenants } from "../host/lifecycle";
import { deliverHostEvents } from "../host/outbound";

/** How long raw host webhooks are kept: at least the 7 days in which a redelivery is still recognised. */
export const WEBHOOK_RETENTION_DAYS = 8;

/**
 * Housekeeping: tenants past their grace period are deleted, old raw
 * webhooks, rate-limit windows and used host tokens are purged. Returns what
 * it did, for the log.
 */
export async function runMaintenance(now = new Date()): Promise<{ deletedWorkspaces: string[]; purgedRequests: number }> {
  const deletedWorkspaces = await asService("delete tenants past their grace period", (tx) => deleteDueTenants(tx, now));
  const purgedRequests = await asService("purge old host webhooks and expired counters", async (tx) => {
    const requests = await tx`delete from public.host_webhook_requests where received_at < ${subDays(now, WEBHOOK_RETENTION_DAYS)}`;
    await tx`delete from public.rate_limit_hits where window_started_at < ${subDays(now, 1)}`;
    await tx`delete from public.host_admin_token_uses where expires_at < ${subDays(now, 1)}`;
    return requests.count;
  });
  return { deletedWorkspaces, purgedRequests };
}

type Background = { stop: () => Promise<void> };

const HOST_EVENT_BATCH = 50;

/** Rounds of host event delivery while full batches come back (a backlog), at most 20 per tick. */
async function drainHostEvents(): Promise<void> {
  for (let round = 0; round < 20; round += 1) {
    if ((await deliverHostEvents({ batchSize: HOST_EVENT_BATCH })) < HOST_EVENT_BATCH) return;
  }
}

/** The server's background work: host event delivery every 5 s, maintenance every 10 minutes. */
export function startBackgroundWork(): Background {
  let stopped = false;
  let delivering: Promise<unknown> = Promise.resolve();
  let maintaining: Promise<unknown> = Promise.resolve();
  let busyDelivering = false;
  const deliver = () => {
    if (stopped || busyDelivering) return;
    busyDelivering = true;
    delivering = drainHostEvents()
      .catch((error: unknown) => console.warn(`portaal: host event delivery round failed: ${(error as Error).message}`))
      .finally(() => (busyDelivering = false));
  };
  const maintain = () => {
    if (stopped) return;
    maintaining = runMaintenance()
      .then(({ deletedWorkspaces }) => {
        for (const workspace of deletedWorkspaces) console.log(`portaal: deleted the data of workspace ${workspace} (uninstalled, grace period over)`);
      })
      .catch((error: unknown) => console.warn(`portaal: maintenance failed: ${(error as Error).message}`));
  };
  const deliveryTimer = setInterval(deliver, 5_000);
  const maintenanceTimer = setInterval(maintain, 10 * 60_000);
  deliveryTimer.unref();
  maintenanceTimer.unref();
  maintain();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(deliveryTimer);
      clearInterval(maintenanceTimer);
      await Promise.all([delivering, maintaining]);
    },
  };
}
