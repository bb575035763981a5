import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { asService } from "../db";
import { listDevMailbox } from "./dev-mailbox";
import { enqueueEmail } from "./outbox";
import { demoMailboxTransport, type EmailTransport } from "./transport";
import { backoffSeconds, deliverDueEmail } from "./worker";

async function queue(to: string, sensitive = false) {
  const key = `test:${randomUUID()}`;
  await asService("test: queue", (tx) =>
    enqueueEmail(tx, {
      tenantId: null, idempotencyKey: key, template: "test", language: "en", to,
      subject: "Hello", html: "<p>Secret 1234</p>", text: "Secret 1234", sensitive,
    }),
  );
  return key;
}

async function outboxRow(key: string) {
  const [row] = await asService("test: read", (tx) => tx<{
    status: string; attempts: number; html: string | null; text_body: string | null; last_error: string | null; next_attempt_at: Date;
  }[]>`select status, attempts, html, text_body, last_error, next_attempt_at from public.email_outbox where idempotency_key = ${key}`);
  return row!;
}

describe("the e-mail outbox", () => {
  // Other test files leave e-mail queued; each test here starts with an empty queue.
  beforeEach(async () => {
    while ((await deliverDueEmail(demoMailboxTransport)) > 0);
  });

  it("delivers queued e-mail to the demo mailbox and erases sensitive bodies once sent", async () => {
    const to = `${randomUUID()}@example.test`;
    const key = await queue(to, true);
    await deliverDueEmail(demoMailboxTransport);
    const row = await outboxRow(key);
    expect(row.status).toBe("sent");
    expect(row.html).toBeNull();
    expect(row.text_body).toBeNull();
    const mailbox = await listDevMailbox(to);
    expect(mailbox).toHaveLength(1);
    expect(mailbox[0]).toMatchObject({ to, subject: "Hello", text: "Secret 1234" });
    expect(new Date(mailbox[0]!.createdAt).toISOString()).toBe(mailbox[0]!.createdAt);
  });

  it("queues the same message only once per idempotency key", async () => {
    const to = `${randomUUID()}@example.test`;
    const key = `test:${randomUUID()}`;
    for (let i = 0; i < 2; i += 1) {
      await asService("test: queue twice", (tx) => enqueueEmail(tx, {
        tenantId: null, idempotencyKey: key, template: "test", language: "nl", to, subject: "Once", html: "x", text: "x",
      }));
    }
    await deliverDueEmail(demoMailboxTransport);
    expect(await listDevMailbox(to)).toHaveLength(1);
  });

  it("retries a transient failure later with backoff, and gives up at once on a permanent one", async () => {
    const transient = await queue(`${randomUUID()}@example.test`);
    const failing: EmailTransport = { name: "failing", deliver: async () => ({ ok: false, retry: true, error: "503 from provider" }) };
    await deliverDueEmail(failing);
    const retried = await outboxRow(transient);
    expect(retried).toMatchObject({ status: "queued", attempts: 1, last_error: "503 from provider" });
    expect(retried.next_attempt_at.getTime()).toBeGreaterThan(Date.now() + 20_000);

    const permanent = await queue(`${randomUUID()}@example.test`);
    const refusing: EmailTransport = { name: "refusing", deliver: async () => ({ ok: false, retry: false, error: "400 bad address" }) };
    await deliverDueEmail(refusing);
    expect(await outboxRow(permanent)).toMatchObject({ status: "failed", attempts: 1, last_error: "400 bad address" });
  });

  it("picks up a message a crashed worker left in 'sending'", async () => {
    const key = await queue(`${randomUUID()}@example.test`);
    await asService("test: simulate a crash", (tx) => tx`
      update public.email_outbox set status = 'sending', locked_until = now() - interval '1 second' where idempotency_key = ${key}`);
    await deliverDueEmail(demoMailboxTransport);
    expect((await outboxRow(key)).status).toBe("sent");
  });

  it("backs off exponentially up to an hour", () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([30, 60, 120, 240]);
    expect(backoffSeconds(20)).toBe(3600);
  });
});
