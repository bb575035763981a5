import { asService } from "../db";
import type { DeliveryResult, EmailTransport } from "./transport";

const MAX_ATTEMPTS = 8;
const BATCH_SIZE = 20;

type ClaimedEmail = {
  id: string;
  to_address: string;
  subject: string;
  html: string | null;
  text_body: string | null;
  idempotency_key: string;
  attempts: number;
};

/** Capped exponential backoff: 30 s, 1 min, 2 min … at most 1 h. */
export function backoffSeconds(attempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers what is due, once. Messages are claimed with a lease, so a worker
 * that dies mid-way leaves them to be picked up again when the lease ends.
 */
export async function deliverDueEmail(transport: EmailTransport): Promise<number> {
  const claimed = await asService("claim due e-mail", (tx) => tx<ClaimedEmail[]>`
    update public.email_outbox set status = 'sending', attempts = attempts + 1, locked_until = now() + interval '2 minutes'
    where id in (
      select id from public.email_outbox
      where (status = 'queued' and next_attempt_at <= now())
         or (status = 'sending' and locked_until < now())
      order by next_attempt_at
      limit ${BATCH_SIZE}
      for update skip locked
    )
    returning id, to_address, subject, html, text_body, idempotency_key, attempts`);

  for (const email of claimed) {
    await asService("deliver an e-mail", async (tx) => {
      const result = await transport
        .deliver(
          {
            id: email.id,
            to: email.to_address,
            subject: email.subject,
            html: email.html ?? "",
            text: email.text_body ?? "",
            idempotencyKey: email.idempotency_key,
          },
          tx,
        )
        .catch((error: unknown): DeliveryResult => ({
          ok: false,
          retry: true,
          error: error instanceof Error ? error.message : String(error),
        }));
      if (result.ok) {
        await tx`
          update public.email_outbox
          set status = 'sent', sent_at = now(), locked_until = null, last_error = null,
              provider_message_id = ${result.providerMessageId},
              html = case when sensitive then null else html end,
              text_body = case when sensitive then null else text_body end
          where id = ${email.id}`;
      } else {
        const giveUp = !result.retry || email.attempts >= MAX_ATTEMPTS;
        const delay = result.retryAfterSeconds ?? backoffSeconds(email.attempts);
        await tx`
          update public.email_outbox
          set status = ${giveUp ? "failed" : "queued"}, locked_until = null, last_error = ${result.error},
              next_attempt_at = now() + make_interval(secs => ${delay})
          where id = ${email.id}`;
      }
    });
  }
  return claimed.length;
}

type WorkerState = { timer: NodeJS.Timeout | null; running: boolean; wake: () => void; stop: () => Promise<void> };
const WORKER_KEY = Symbol.for("portaal.email.worker");
const store = globalThis as unknown as { [WORKER_KEY]?: WorkerState };

/** Polls the outbox in this process (npm start). Idempotent: one per process. */
export function startOutboxWorker(transport: EmailTransport, intervalMs = 1000): WorkerState {
  const existing = store[WORKER_KEY];
  if (existing) return existing;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const state: WorkerState = {
    timer: null,
    running: false,
    wake: () => {
      if (stopped || state.running) return;
      state.running = true;
      current = deliverDueEmail(transport)
        .catch((error: unknown) => console.warn(`portaal: e-mail delivery round failed: ${(error as Error).message}`))
        .finally(() => {
          state.running = false;
        });
    },
    stop: async () => {
      stopped = true;
      if (state.timer) clearInterval(state.timer);
      delete store[WORKER_KEY];
      await current;
    },
  };
  state.timer = setInterval(state.wake, intervalMs);
  state.timer.unref();
  store[WORKER_KEY] = state;
  return state;
}

/** Asks the in-process worker (if any) to look now rather than at its next tick. */
export function wakeOutboxWorker(): void {
  store[WORKER_KEY]?.wake();
}
