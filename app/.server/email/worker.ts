import { asService } from "../db";
import { documentPdfAttachments } from "./attachments";
import { deliverDueRound, type DeliveryContext, type RoundResult } from "./delivery";
import type { EmailTransport } from "./transport";

export { backoffSeconds } from "./delivery";

/** Where the portal is reached, for links in e-mail composed by the worker. */
export function publicBaseUrl(): string {
  return process.env.PUBLIC_URL ?? process.env.PORTAAL_LISTENING_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
}

/** The worker's delivery context: the system's transactions, the chosen transport. */
export function deliveryContext(transport: EmailTransport): DeliveryContext {
  return {
    run: (fn) => asService("deliver e-mail from the outbox", fn), transport, baseUrl: publicBaseUrl(),
    attachmentsFor: documentPdfAttachments,
  };
}

const BATCH_SIZE = 40;

/** Delivers what is due, one round. Returns how many messages it claimed. */
export async function deliverDueEmail(transport: EmailTransport, limit = BATCH_SIZE): Promise<number> {
  return (await deliverDueRound(deliveryContext(transport), { limit })).claimed;
}

/** Rounds until nothing is due (or a rate limit says wait). */
export async function drainOutbox(transport: EmailTransport): Promise<RoundResult[]> {
  const rounds: RoundResult[] = [];
  for (;;) {
    const round = await deliverDueRound(deliveryContext(transport), { limit: BATCH_SIZE });
    rounds.push(round);
    if (round.claimed < BATCH_SIZE || round.pausedForSeconds !== null || round.crashed === round.claimed) return rounds;
  }
}

type WorkerState = { wake: () => void; stop: () => Promise<void> };
const WORKER_KEY = Symbol.for("portaal.email.worker");
const store = globalThis as unknown as { [WORKER_KEY]?: WorkerState };

/**
 * The simple poller over the outbox: the embedded database's worker, and the
 * fallback wherever the job queue does not run. One per process.
 */
export function startOutboxWorker(transport: EmailTransport, intervalMs = 1000): WorkerState {
  const existing = store[WORKER_KEY];
  if (existing) return existing;
  let stopped = false;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();
  const wake = () => {
    if (stopped || running) return;
    running = true;
    current = drainOutbox(transport)
      .catch((error: unknown) => console.warn(`portaal: e-mail delivery round failed: ${(error as Error).message}`))
      .finally(() => (running = false));
  };
  const timer = setInterval(wake, intervalMs);
  timer.unref();
  const state: WorkerState = {
    wake,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      delete store[WORKER_KEY];
      await current;
    },
  };
  store[WORKER_KEY] = state;
  return state;
}

/** Asks the in-process worker (if any) to look now rather than at its next tick. */
export function wakeOutboxWorker(): void {
  store[WORKER_KEY]?.wake();
}
