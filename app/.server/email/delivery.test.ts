import { randomUUID } from "node:crypto";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSendGridStandIn, STAND_IN_API_KEY } from "../../../tests/msw/sendgrid";
import { asService } from "../db";
import { documentPdfAttachments } from "./attachments";
import { deliverDueRound, type DeliveryContext } from "./delivery";
import { enqueueEmail } from "./outbox";
import { createSendGridTransport } from "./sendgrid";
import type { EmailTransport } from "./transport";

const standIn = createSendGridStandIn({ rateLimitResetSeconds: 120 });
const server = setupServer(...standIn.handlers);
const sendGrid = createSendGridTransport({ apiKey: STAND_IN_API_KEY, fromEmail: "portaal@studionoord.example", timeoutMs: 300 });
const mine: string[] = [];

function context(transport: EmailTransport = sendGrid): DeliveryContext {
  return { run: (fn) => asService("test: deliver e-mail", fn), transport, baseUrl: "http://localhost:3000" };
}

async function queue(subject = "Factuur 2026-0042"): Promise<{ id: string; key: string }> {
  const key = `test:${randomUUID()}`;
  const [row] = await asService("test: queue an e-mail", async (tx) => {
    const [tenant] = await tx<{ id: string }[]>`select id from public.tenants where name = 'Studio Noord'`;
    await enqueueEmail(tx, {
      tenantId: tenant!.id, idempotencyKey: key, template: "test", language: "nl", to: `${randomUUID()}@acme.example`,
      subject, html: `<p>${subject}</p>`, text: subject,
    });
    return tx<{ id: string }[]>`select id from public.email_outbox where idempotency_key = ${key}`;
  });
  mine.push(row!.id);
  return { id: row!.id, key };
}

type Row = { status: string; attempts: number; lastError: string | null; providerStatus: number | null; providerMessageId: string | null; waitSeconds: number };
async function row(id: string): Promise<Row> {
  const [found] = await asService("test: read the outbox row", (tx) => tx<Row[]>`
    select status, attempts, last_error as "lastError", provider_status as "providerStatus", provider_message_id as "providerMessageId",
      round(extract(epoch from next_attempt_at - now()))::int as "waitSeconds"
    from public.email_outbox where id = ${id}`);
  return found!;
}

/** Time passes: the message's next attempt (or its lease) is due now. */
async function timePasses(id: string) {
  await asService("test: time passes", (tx) => tx`
    update public.email_outbox set next_attempt_at = now() - interval '1 second',
      locked_until = case when status = 'sending' then now() - interval '1 second' else locked_until end
    where id = ${id}`);
}

describe("delivery through SendGrid", () => {
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    standIn.reset();
    standIn.activityApi = true;
  });
  afterAll(async () => {
    server.close();
    await asService("test: clean up", (tx) => tx`delete from public.email_outbox where id = any(${mine}::uuid[])`);
  });

  it("loses nothing when SendGrid fails three times and then accepts", async () => {
    const { id, key } = await queue();
    standIn.failNext("503");
    standIn.failNext("network");
    standIn.failNext("timeout");
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect(await deliverDueRound(context(), { limit: 5, ids: [id] })).toMatchObject({ claimed: 1, retry: 1 });
      const after = await row(id);
      expect(after).toMatchObject({ status: "queued", attempts: attempt });
      waits.push(after.waitSeconds);
      await timePasses(id);
    }
    expect(waits).toEqual([30, 60, 120]); // capped exponential backoff
    expect(await deliverDueRound(context(), { limit: 5, ids: [id] })).toMatchObject({ claimed: 1, sent: 1 });

    expect(await row(id)).toMatchObject({ status: "sent", attempts: 4, lastError: null, providerStatus: 202 });
    expect(standIn.requests).toBe(4);
    expect(standIn.accepted).toHaveLength(1);
    expect(standIn.accepted[0]!.customArgs).toMatchObject({ portaal_key: key, portaal_outbox_id: id });
    expect(standIn.accepted[0]!.from).toEqual({ email: "portaal@studionoord.example", name: "Studio Noord" });
  });

  it("sends no duplicate when the worker dies after the send and before recording it", async () => {
    const { id } = await queue();
    const dyingAfterSend: EmailTransport = {
      ...sendGrid,
      deliver: async (email, tx) => {
        await sendGrid.deliver(email, tx);
        throw new Error("worker killed before it could record the outcome");
      },
    };
    expect(await deliverDueRound(context(dyingAfterSend), { limit: 5, ids: [id] })).toMatchObject({ claimed: 1, crashed: 1 });
    expect((await row(id)).status).toBe("sending"); // left for the lease to end
    expect(await deliverDueRound(context(), { limit: 5, ids: [id] })).toMatchObject({ claimed: 0 }); // not before

    await timePasses(id);
    expect(await deliverDueRound(context(), { limit: 5, ids: [id] })).toMatchObject({ claimed: 1, sent: 1 });
    const after = await row(id);
    expect(after.status).toBe("sent");
    expect(after.providerMessageId).toBe(standIn.accepted[0]!.messageId);
    expect(standIn.requests).toBe(1);
    expect(standIn.accepted).toHaveLength(1);
  });

  it("sends again (at least once) when SendGrid cannot say whether it took the lost attempt", async () => {
    standIn.activityApi = false;
    const { id } = await queue();
    const dyingBeforeSend: EmailTransport = {
      ...sendGrid,
      deliver: async () => {
        throw new Error("worker killed before the send");
      },
    };
    await deliverDueRound(context(dyingBeforeSend), { limit: 5, ids: [id] });
    await timePasses(id);
    expect(await deliverDueRound(context(), { limit: 5, ids: [id] })).toMatchObject({ sent: 1 });
    expect(standIn.accepted).toHaveLength(1);
  });

  it("waits for the rate limit's reset on 429, and holds back the rest of the round too", async () => {
    const first = await queue("Eerste");
    const second = await queue("Tweede");
    standIn.failNext("429");
    // One at a time, so that the second is still untried when the first meets the limit.
    const round = await deliverDueRound({ ...context(), }, { limit: 1, ids: [first.id] });
    expect(round).toMatchObject({ claimed: 1, retry: 1 });
    expect(round.pausedForSeconds).toBeGreaterThanOrEqual(118);
    const limited = await row(first.id);
    expect(limited).toMatchObject({ status: "queued", attempts: 1, providerStatus: 429 });
    expect(limited.waitSeconds).toBeGreaterThanOrEqual(118);
    expect(limited.waitSeconds).toBeLessThanOrEqual(121);

    // Before the reset nothing of it goes out; the other message is untouched.
    expect(await deliverDueRound(context(), { limit: 5, ids: [first.id] })).toMatchObject({ claimed: 0 });
    await timePasses(first.id);
    expect(await deliverDueRound(context(), { limit: 5, ids: [first.id, second.id] })).toMatchObject({ claimed: 2, sent: 2 });
    expect(standIn.accepted.map((message) => message.subject).sort()).toEqual(["Eerste", "Tweede"]);
  });

  it("gives the untried rest of a round back to wait for the reset when the limit is hit mid-round", async () => {
    const messages = [];
    for (let index = 0; index < 12; index += 1) messages.push(await queue(`Bericht ${index}`));
    standIn.failNext("429", 12);
    const round = await deliverDueRound(context(), { limit: 12, ids: messages.map((message) => message.id) });
    expect(round.pausedForSeconds).not.toBeNull();
    for (const message of messages) {
      const after = await row(message.id);
      expect(after.status).toBe("queued");
      expect(after.waitSeconds).toBeGreaterThanOrEqual(100);
    }
    expect(standIn.requests).toBeLessThanOrEqual(8); // only the sends already under way; the rest waits untried
    expect(standIn.requests).toBeLessThan(messages.length);
  });

  it("does not retry what SendGrid refuses (400), and keeps its answer for the admin", async () => {
    const { id } = await queue();
    standIn.failNext("400");
    expect(await deliverDueRound(context(), { limit: 5, ids: [id] })).toMatchObject({ failed: 1 });
    const after = await row(id);
    expect(after).toMatchObject({ status: "failed", attempts: 1, providerStatus: 400 });
    expect(after.lastError).toMatch(/^400/);
  });

  it("attaches a new invoice's PDF, named by the tenant's file-name template, when it is marked for e-mail", async () => {
    const [row] = await asService("test: a new-invoice notification for anna", (tx) => tx<{ id: string }[]>`
      insert into public.email_outbox (tenant_id, idempotency_key, template, language, to_address, payload, portal_id, member_id)
      select p.tenant_id, ${`test:${randomUUID()}`}, 'new-invoice', 'nl', l.email,
        jsonb_build_object('item_id', i.id, 'portal_id', p.id, 'member_id', m.id), p.id, m.id
      from public.portals p join public.portal_members m on m.portal_id = p.id join public.logins l on l.id = m.login_id
      join public.invoices i on i.customer_id = p.customer_id and i.number = '2026-0004'
      where p.name = 'Acme – Website en app' and l.email = 'anna@acme.example'
      returning id`);
    mine.push(row!.id);
    await asService("test: the tenant's file name", (tx) => tx`
      update public.tenants set attachment_file_name = '{number} - {company}' where name = 'Studio Noord'`);
    try {
      const round = await deliverDueRound({ ...context(), attachmentsFor: documentPdfAttachments }, { limit: 1, ids: [row!.id] });
      expect(round).toMatchObject({ sent: 1 });
    } finally {
      await asService("test: back to the default", (tx) => tx`
        update public.tenants set attachment_file_name = '{type} {number}' where name = 'Studio Noord'`);
    }
    const [attachment] = standIn.accepted[0]!.attachments;
    expect(attachment!.filename).toBe("2026-0004 - Acme B.V.pdf");
    expect(Buffer.from(attachment!.content, "base64").subarray(0, 5).toString()).toBe("%PDF-");
  });
});
