import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, type Tx } from "../db";
import { ENTITIES, ENTITY_NAMES } from "./entities";
import { receiveHostWebhook } from "./ingest";
import { batches, generateHostDataset, installEvent, type SimulatedEvent } from "./simulator/dataset";
import { signedRequest } from "./simulator/requests";

const OLD_SECRET = `whsec_${Buffer.from("the-old-secret-of-the-test-host-0123").toString("base64")}`;
const SECRET = `whsec_${Buffer.from("the-new-secret-of-the-test-host-4567").toString("base64")}`;

async function send(payload: unknown, options: { secret?: string; timestamp?: Date; webhookId?: string } = {}) {
  const { body, headers } = signedRequest(options.secret ?? SECRET, payload, options);
  return receiveHostWebhook(body, headers);
}

async function install(workspace: string) {
  expect((await send(installEvent(workspace, `Bureau ${workspace}`))).status).toBe(200);
}

const single = (workspace: string, type: string, data: Record<string, unknown>) => ({ type, workspace_id: workspace, data });

/** A tenant's host data with Portaal ids replaced by host ids, deletes as flags: what must converge. */
async function stateOf(workspace: string): Promise<Record<string, unknown[]>> {
  return asService("test: dump a tenant's host data", async (tx: Tx) => {
    const [tenant] = await tx<{ id: string }[]>`select id from public.tenants where host_workspace_id = ${workspace}`;
    const state: Record<string, unknown[]> = {};
    for (const name of ENTITY_NAMES) {
      const definition = ENTITIES[name];
      const references = definition.references
        .map((reference) => `, (select r.host_id from public.${ENTITIES[reference.entity].table} r where r.id = t.${reference.column}) as ${reference.column}`)
        .join("");
      const columns = Object.keys(definition.columns).map((column) => `, t.${column}`).join("");
      const key = definition.naturalKey ? "" : "t.host_id, ";
      const description = name === "registration"
        ? ", (select d.description from public.registration_descriptions d where d.registration_id = t.id) as description"
        : "";
      state[name] = await tx.unsafe(`
        select ${key}t.host_version, t.deleted_at is not null as deleted${columns}${references}${description}
        from public.${definition.table} t where t.tenant_id = $1
        order by 1, 2, 3`, [tenant!.id]);
      if (definition.naturalKey) {
        state[name] = (state[name] as Array<Record<string, unknown>>).sort((a, b) =>
          `${String(a.project_id)}:${String(a.employee_id)}`.localeCompare(`${String(b.project_id)}:${String(b.employee_id)}`));
      }
    }
    return state;
  });
}

describe("inbound host webhooks", () => {
  beforeAll(() => {
    process.env.HOST_WEBHOOK_SECRET = `${SECRET} ${OLD_SECRET}`;
  });
  afterAll(() => {
    delete process.env.HOST_WEBHOOK_SECRET;
  });

  describe("signatures", () => {
    const workspace = "ws-signatures";
    it("accept a valid one, and a request signed with the old secret during a rotation", async () => {
      expect((await send(installEvent(workspace, "Signatures"))).status).toBe(200);
      expect((await send(installEvent(workspace, "Signatures"), { secret: OLD_SECRET })).status).toBe(200);
    });

    it("accept a header with several signatures when one of them matches", async () => {
      const { body, headers } = signedRequest(SECRET, installEvent(workspace, "Signatures"));
      headers.set("webhook-signature", `v1,${Buffer.from("not-it").toString("base64")} ${headers.get("webhook-signature")!}`);
      expect((await receiveHostWebhook(body, headers)).status).toBe(200);
    });

    it("refuse a tampered body, an unknown secret, and timestamps more than 5 minutes off", async () => {
      const { body, headers } = signedRequest(SECRET, installEvent(workspace, "Signatures"));
      expect((await receiveHostWebhook(body.replace("Signatures", "Tampered"), headers)).status).toBe(401);
      const stranger = `whsec_${Buffer.from("somebody-else-entirely-0000000000").toString("base64")}`;
      expect((await send(installEvent(workspace, "x"), { secret: stranger })).status).toBe(401);
      expect((await send(installEvent(workspace, "x"), { timestamp: new Date(Date.now() - 6 * 60_000) })).status).toBe(401);
      expect((await send(installEvent(workspace, "x"), { timestamp: new Date(Date.now() + 6 * 60_000) })).status).toBe(401);
      expect((await send(installEvent(workspace, "x"), { timestamp: new Date(Date.now() - 4 * 60_000) })).status).toBe(200);
      const unsigned = await receiveHostWebhook(JSON.stringify(installEvent(workspace, "x")), new Headers());
      expect(unsigned.status).toBe(401);
    });
  });

  describe("answers", () => {
    const workspace = "ws-answers";
    beforeAll(() => install(workspace));

    it("apply an event once, whatever the number of deliveries", async () => {
      const payload = single(workspace, "customer.created", { id: "c-1", name: "Eenmalig B.V.", version: 1 });
      const webhookId = `msg_${randomUUID()}`;
      expect(await send(payload, { webhookId })).toEqual({ status: 200, body: { received: 1, applied: 1, waiting: 0, failed: [] } });
      expect(await send(payload, { webhookId })).toEqual({ status: 200, body: { duplicate: true, webhook_id: webhookId } });
      const [stored] = await asService("test: count", (tx) => tx<{ count: number }[]>`
        select count(*)::int as count from public.host_webhook_requests where webhook_id = ${webhookId}`);
      expect(stored!.count).toBe(1);
    });

    it("answer 422 with the failing field paths, and keep the event for inspection", async () => {
      const answer = await send(single(workspace, "project.created", { id: "p-bad", name: "", version: 1 }));
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual(expect.arrayContaining([
        expect.objectContaining({ path: "data.customer_id" }),
        expect.objectContaining({ path: "data.name" }),
      ]));
      const [kept] = await asService("test: failures", (tx) => tx<{ reason: string; topic: string }[]>`
        select reason, topic from public.host_event_failures where entity_host_id = 'p-bad'`);
      expect(kept).toEqual({ reason: "invalid", topic: "project.created" });
    });

    it("answer 422 for an unknown topic and an unknown workspace, 413 for a body over 10 MB", async () => {
      expect(await send(single(workspace, "spaceship.created", { id: "x", version: 1 }))).toEqual({
        status: 422, body: { errors: [{ path: "type", message: "unknown topic spaceship.created" }] },
      });
      const unknown = await send(single("ws-never-installed", "customer.created", { id: "x", name: "X", version: 1 }));
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual([{ path: "workspace_id", message: "unknown workspace ws-never-installed: send app.installed first" }]);
      const huge = signedRequest(SECRET, { type: "batch", workspace_id: workspace, events: [], padding: "x".repeat(10 * 1024 * 1024) });
      expect((await receiveHostWebhook(huge.body, huge.headers)).status).toBe(413);
    });

    it("apply the good events of a batch and report and keep the bad one", async () => {
      const answer = await send({
        type: "batch", workspace_id: workspace,
        events: [
          { type: "customer.created", data: { id: "c-2", name: "Goed B.V.", version: 1 } },
          { type: "invoice.created", data: { id: "i-bad", customer_id: "c-2", number: "F-1", status: "sent", total_excl_vat: 1, total_incl_vat: 1, version: 1 } },
          { type: "project.created", data: { id: "p-2", customer_id: "c-2", name: "Goed project", version: 1 } },
        ],
      });
      expect(answer).toEqual({
        status: 200,
        body: {
          received: 3, applied: 2, waiting: 0,
          failed: [{ index: 1, type: "invoice.created", errors: [expect.objectContaining({ path: "events.1.data.status" })] }],
        },
      });
      const [project] = await asService("test: read", (tx) => tx<{ name: string }[]>`select name from public.projects where host_id = 'p-2'`);
      expect(project!.name).toBe("Goed project");
    });

    it("keep a deleted entity deleted when a late update arrives, and never let an older version overwrite a newer one", async () => {
      await send(single(workspace, "customer.created", { id: "c-3", name: "Versie 2", version: 2 }));
      await send(single(workspace, "customer.updated", { id: "c-3", name: "Versie 1", version: 1 }));
      const read = () => asService("test: read", (tx) => tx<{ name: string; deleted: boolean }[]>`
        select name, deleted_at is not null as deleted from public.customers where host_id = 'c-3'`);
      expect(await read()).toEqual([{ name: "Versie 2", deleted: false }]);
      await send(single(workspace, "customer.deleted", { id: "c-3" }));
      await send(single(workspace, "customer.updated", { id: "c-3", name: "Versie 3", version: 3 }));
      expect(await read()).toEqual([{ name: "Versie 3", deleted: true }]);
    });

    it("let an event wait for the entity it refers to, and apply it when that arrives", async () => {
      const early = await send(single(workspace, "contact.created", {
        id: "k-1", customer_id: "c-later", first_name: "Vroeg", last_name: "Bij", email: "vroeg@example.test", version: 1,
      }));
      expect(early).toEqual({ status: 200, body: { received: 1, applied: 0, waiting: 1, failed: [] } });
      await send(single(workspace, "customer.created", { id: "c-later", name: "Later B.V.", version: 1 }));
      const [contact] = await asService("test: read", (tx) => tx<{ first_name: string }[]>`
        select first_name from public.contacts where host_id = 'k-1'`);
      expect(contact!.first_name).toBe("Vroeg");
      const [failure] = await asService("test: read", (tx) => tx<{ resolved: boolean }[]>`
        select resolved_at is not null as resolved from public.host_event_failures where entity_host_id = 'k-1'`);
      expect(failure!.resolved).toBe(true);
    });
  });

  it("end in exactly the state of the ordered stream when 10,000 events arrive shuffled and with duplicates", { timeout: 120_000 }, async () => {
    const events = generateHostDataset({ customers: 25, projectsPerCustomer: 3, employees: 30, registrations: 7000 }, 42);
    expect(events.length).toBeGreaterThanOrEqual(9000);
    await install("ws-ordered");
    await install("ws-shuffled");
    for (const batch of batches("ws-ordered", events)) {
      const answer = await send(batch);
      expect(answer.body.failed).toEqual([]);
    }

    // Shuffle, and send about one in ten events twice.
    let state = 7;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const shuffled: SimulatedEvent[] = [...events, ...events.filter(() => random() < 0.1)];
    for (let i = shuffled.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(shuffled.length).toBeGreaterThanOrEqual(10_000);
    for (const batch of batches("ws-shuffled", shuffled)) await send(batch);

    const ordered = await stateOf("ws-ordered");
    const converged = await stateOf("ws-shuffled");
    expect(ordered.registration!.length).toBe(7000);
    expect((ordered.registration as Array<{ deleted: boolean }>).some((row) => row.deleted)).toBe(true);
    for (const name of ENTITY_NAMES) expect(converged[name], name).toEqual(ordered[name]);
    const [waiting] = await asService("test: waiting", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.host_event_failures f join public.tenants t on t.id = f.tenant_id
      where t.host_workspace_id = 'ws-shuffled' and f.resolved_at is null`);
    expect(waiting!.count).toBe(0);
  });
});
