import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { addSeconds } from "date-fns";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminClaimsOf } from "../../../tests/support/claims";
import { asService } from "../db";
import { DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import { deliverHostEvents, enableHostEvents, queueHostEvent, RETRY_SCHEDULE_SECONDS } from "./outbound";

const SECRET = `whsec_${Buffer.from("events-secret-for-the-outbound-test").toString("base64")}`;

// The host's end: answers from a script, one per request; "hang" never answers.
let script: Array<number | "hang"> = [];
const received: Array<{ body: string; headers: Record<string, string> }> = [];
let server: Server;

async function eventState(id: string) {
  const [row] = await asService("test: read", (tx) => tx<{ status: string; attempts: number; next_attempt_at: Date; last_error: string | null }[]>`
    select status, attempts, next_attempt_at, last_error from public.host_outbound_events where id = ${id}`);
  return row!;
}

describe("outbound events to the host", () => {
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push({ body, headers: request.headers as Record<string, string> });
        const answer = script.shift() ?? 200;
        if (answer === "hang") return;
        response.writeHead(answer, answer === 429 ? { "retry-after": "600" } : {}).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.HOST_EVENTS_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
    process.env.HOST_EVENTS_SECRET = SECRET;
  });
  afterAll(async () => {
    delete process.env.HOST_EVENTS_URL;
    delete process.env.HOST_EVENTS_SECRET;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(async () => {
    received.length = 0;
    await asService("test: clean", async (tx) => {
      await tx`delete from public.host_outbound_events`;
      await tx`update public.tenants set host_events_disabled_at = null, host_events_disabled_reason = null`;
    });
  });

  it("are signed, and retried after 500, 429 and a timeout until the host takes them", async () => {
    const { tenantId } = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const id = await asService("test: queue", (tx) => queueHostEvent(tx, tenantId, "registration.approved", {
      registration_id: "reg-1", signer: "Anna de Vries", comment: "Akkoord", reference: "PO-77", evidence_sha256: "ab".repeat(32),
    }));
    script = [500, 429, "hang", 200];
    let now = new Date();
    const round = async () => deliverHostEvents({ now, timeoutMs: 300 });

    expect(await round()).toBe(1);
    let state = await eventState(id);
    expect(state).toMatchObject({ status: "queued", attempts: 1, last_error: "HTTP 500" });
    expect(state.next_attempt_at.getTime()).toBe(addSeconds(now, RETRY_SCHEDULE_SECONDS[0]!).getTime());
    expect(await round()).toBe(0); // not due yet

    now = addSeconds(now, 5);
    await round();
    state = await eventState(id);
    // 429 with Retry-After: 600 waits longer than the schedule's 5 minutes.
    expect(state).toMatchObject({ status: "queued", attempts: 2, last_error: "HTTP 429" });
    expect(state.next_attempt_at.getTime()).toBe(addSeconds(now, 600).getTime());

    now = addSeconds(now, 600);
    await round();
    expect(await eventState(id)).toMatchObject({ status: "queued", attempts: 3, last_error: "timed out" });

    now = addSeconds(now, RETRY_SCHEDULE_SECONDS[2]!);
    await round();
    expect(await eventState(id)).toMatchObject({ status: "delivered", attempts: 4 });

    const last = received[received.length - 1]!;
    const verified = new Webhook(SECRET).verify(last.body, {
      "webhook-id": last.headers["webhook-id"]!, "webhook-timestamp": last.headers["webhook-timestamp"]!,
      "webhook-signature": last.headers["webhook-signature"]!,
    }) as { type: string; workspace_id: string; data: Record<string, unknown> };
    expect(verified).toMatchObject({ type: "registration.approved", workspace_id: DEMO_TENANT_WORKSPACE, data: { reference: "PO-77" } });
    expect(new Set(received.map((request) => request.headers["webhook-id"])).size).toBe(1);

    const [log] = await asService("test: log", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.host_outbound_attempts where event_id = ${id}`);
    expect(log!.count).toBe(4);
  });

  it("give up after about three days of failures", async () => {
    const { tenantId } = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const id = await asService("test: queue", (tx) => queueHostEvent(tx, tenantId, "quote.accepted", { quote_id: "q-1" }));
    expect(RETRY_SCHEDULE_SECONDS.reduce((sum, seconds) => sum + seconds, 0) / 3600).toBeCloseTo(71.6, 1);
    script = Array.from({ length: 20 }, () => 503);
    let now = new Date();
    for (let attempt = 0; attempt <= RETRY_SCHEDULE_SECONDS.length; attempt += 1) {
      await deliverHostEvents({ now });
      now = addSeconds(now, RETRY_SCHEDULE_SECONDS[attempt] ?? 0);
    }
    expect(await eventState(id)).toMatchObject({ status: "failed", attempts: RETRY_SCHEDULE_SECONDS.length + 1 });
  });

  it("stop for the tenant on 410 Gone until an admin turns delivery on again", async () => {
    const admin = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const first = await asService("test: queue", (tx) => queueHostEvent(tx, admin.tenantId, "quote.declined", { quote_id: "q-2" }));
    const second = await asService("test: queue", (tx) => queueHostEvent(tx, admin.tenantId, "quote.declined", { quote_id: "q-3" }));
    script = [410];
    await deliverHostEvents({ batchSize: 1 });
    expect((await eventState(first)).status).toBe("held");
    expect(await deliverHostEvents()).toBe(0); // the other waits too
    expect((await eventState(second)).status).toBe("queued");

    expect(await enableHostEvents(admin)).toBe(true);
    script = [200, 200];
    expect(await deliverHostEvents()).toBe(2);
    expect((await eventState(first)).status).toBe("delivered");
    expect((await eventState(second)).status).toBe("delivered");
  });

  it("are fair between tenants: one tenant's backlog does not hold back another's event", async () => {
    const busy = (await adminClaimsOf(DEMO_TENANT_WORKSPACE)).tenantId;
    const quiet = (await adminClaimsOf(SECOND_TENANT_WORKSPACE)).tenantId;
    await asService("test: a backlog, then one event of another tenant", async (tx) => {
      for (let index = 0; index < 30; index += 1) {
        await queueHostEvent(tx, busy, "registration.approved", { registration_id: `backlog-${index}` });
      }
      await queueHostEvent(tx, quiet, "registration.approved", { registration_id: "the-quiet-one" });
    });
    script = [];
    await deliverHostEvents({ batchSize: 5 });
    expect(received).toHaveLength(5);
    expect(received.some((request) => request.body.includes("the-quiet-one"))).toBe(true);
  });
});
