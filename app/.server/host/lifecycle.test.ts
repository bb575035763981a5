import { randomBytes } from "node:crypto";
import { addHours } from "date-fns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, withClaims, type ContactClaims } from "../db";
import { listLoginPortals } from "../portals/contact-portals";
import { receiveHostWebhook } from "./ingest";
import { deleteDueTenants } from "./lifecycle";
import { installEvent } from "./simulator/dataset";
import { signedRequest } from "./simulator/requests";

const SECRET = `whsec_${Buffer.from("lifecycle-test-secret-0123456789").toString("base64")}`;
const WORKSPACE = "ws-lifecycle";

async function send(payload: unknown) {
  const { body, headers } = signedRequest(SECRET, payload);
  return receiveHostWebhook(body, headers);
}

/** A tenant from the host with one portal and one member who is signed in. */
async function installWithMember(): Promise<ContactClaims> {
  expect((await send(installEvent(WORKSPACE, "Levensloop B.V."))).status).toBe(200);
  await send({
    type: "batch", workspace_id: WORKSPACE, events: [
      { type: "customer.created", data: { id: "lc-cust", name: "Klant van Levensloop", version: 1 } },
      { type: "contact.created", data: { id: "lc-contact", customer_id: "lc-cust", first_name: "Lea", last_name: "Loop", email: "lea@levensloop.example", version: 1 } },
      { type: "project.created", data: { id: "lc-proj", customer_id: "lc-cust", name: "Levensproject", version: 1 } },
    ],
  });
  return asService("test: a portal and a signed-in member", async (tx) => {
    const [ids] = await tx<{ tenantId: string; customerId: string; contactId: string; projectId: string }[]>`
      select t.id as "tenantId", c.id as "customerId", k.id as "contactId", p.id as "projectId"
      from public.tenants t join public.customers c on c.tenant_id = t.id join public.contacts k on k.customer_id = c.id
      join public.projects p on p.customer_id = c.id where t.host_workspace_id = ${WORKSPACE}`;
    const [portal] = await tx<{ id: string }[]>`
      insert into public.portals (tenant_id, customer_id, name) values (${ids!.tenantId}, ${ids!.customerId}, 'Levensportaal') returning id`;
    await tx`insert into public.portal_projects (portal_id, project_id, tenant_id) values (${portal!.id}, ${ids!.projectId}, ${ids!.tenantId})`;
    const [login] = await tx<{ id: string }[]>`insert into public.logins (email) values ('lea@levensloop.example') returning id`;
    await tx`insert into public.portal_members (tenant_id, portal_id, contact_id, login_id)
      values (${ids!.tenantId}, ${portal!.id}, ${ids!.contactId}, ${login!.id})`;
    const [session] = await tx<{ id: string }[]>`
      insert into public.sessions (login_id, token_hash, expires_at) values (${login!.id}, ${randomBytes(32).toString("hex")}, now() + interval '1 day')
      returning id`;
    return { kind: "contact", loginId: login!.id, sessionId: session!.id };
  });
}

describe("the install lifecycle", () => {
  beforeAll(() => {
    process.env.HOST_WEBHOOK_SECRET = SECRET;
  });
  afterAll(() => {
    delete process.env.HOST_WEBHOOK_SECRET;
  });

  it("disabling ends access and keeps data; enabling brings both back", async () => {
    const lea = await installWithMember();
    expect(await withClaims(lea, listLoginPortals)).toHaveLength(1);
    await send({ type: "app.disabled", workspace_id: WORKSPACE, data: {} });
    expect(await withClaims(lea, listLoginPortals)).toHaveLength(0);
    await send({ type: "app.enabled", workspace_id: WORKSPACE, data: {} });
    expect(await withClaims(lea, listLoginPortals)).toHaveLength(1);
  });

  it("uninstalling ends access at once, and the data is deleted after the grace period", async () => {
    const lea = (await asService("test: session", async (tx) => {
      const [login] = await tx<{ id: string }[]>`select id from public.logins where email = 'lea@levensloop.example'`;
      const [session] = await tx<{ id: string }[]>`
        insert into public.sessions (login_id, token_hash, expires_at) values (${login!.id}, ${randomBytes(32).toString("hex")}, now() + interval '1 day')
        returning id`;
      return { kind: "contact" as const, loginId: login!.id, sessionId: session!.id };
    }));
    expect(await withClaims(lea, listLoginPortals)).toHaveLength(1);
    const uninstalledAt = new Date();
    expect((await send({ type: "app.uninstalled", workspace_id: WORKSPACE, data: {} })).status).toBe(200);
    expect(await withClaims(lea, listLoginPortals)).toHaveLength(0);
    const late = await send({ type: "customer.updated", workspace_id: WORKSPACE, data: { id: "lc-cust", name: "Te laat", version: 2 } });
    expect(late.status).toBe(422);

    // Within the grace period (48 h) nothing is deleted.
    expect(await asService("test: sweep", (tx) => deleteDueTenants(tx, addHours(uninstalledAt, 47)))).toEqual([]);
    expect(await asService("test: sweep", (tx) => deleteDueTenants(tx, addHours(uninstalledAt, 49)))).toEqual([WORKSPACE]);

    const left = await asService("test: what is left", (tx) => tx<{ tenants: number; customers: number; logins: number; audit: number }[]>`
      select (select count(*)::int from public.tenants where host_workspace_id = ${WORKSPACE}) as tenants,
             (select count(*)::int from public.customers where host_id = 'lc-cust') as customers,
             (select count(*)::int from public.logins where email = 'lea@levensloop.example') as logins,
             (select count(*)::int from public.audit_log where action = 'tenant.deleted' and details ->> 'workspaceId' = ${WORKSPACE}) as audit`);
    expect(left).toEqual([{ tenants: 0, customers: 0, logins: 0, audit: 1 }]);
    // The entries the tenant had in the audit log stay, detached from it.
    const [kept] = await asService("test: audit", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.audit_log where action = 'tenant.uninstalled' and tenant_id is null`);
    expect(kept!.count).toBeGreaterThanOrEqual(1);
  });
});
