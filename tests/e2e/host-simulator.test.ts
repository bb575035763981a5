import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { asService } from "../../app/.server/db";
import { queueHostEvent } from "../../app/.server/host/outbound";
import { listenForPortaalEvents, simulateHost, submitHoursForApproval, type ReceivedEvent } from "../../app/.server/host/simulator/simulate";
import { startApp, type RunningApp } from "./app-server";

const SECRET = `whsec_${Buffer.from("e2e-host-simulator-secret-0123456789").toString("base64")}`;
const JWT_SECRET = "e2e-host-jwt-secret-that-is-long-enough-0123";
const SIZE = { customers: 3, projectsPerCustomer: 2, employees: 6, registrations: 300 };

describe("the host simulator against a running Portaal", () => {
  let app: RunningApp;
  let listener: Awaited<ReturnType<typeof listenForPortaalEvents>>;
  const received: ReceivedEvent[] = [];

  beforeAll(async () => {
    listener = await listenForPortaalEvents({ port: 0, secret: SECRET, onEvent: (event) => received.push(event) });
    app = await startApp({
      DATABASE_URL: inject("databaseUrl"),
      DEMO_MODE: "true",
      AUTH_SECRET: "e2e-secret-that-is-at-least-32-characters",
      HOST_WEBHOOK_SECRET: SECRET,
      HOST_EVENTS_URL: listener.url,
      HOST_JWT_SECRET: JWT_SECRET,
    });
  }, 240_000);

  afterAll(async () => {
    await app?.stop();
    await listener?.close();
  });

  it("installs a workspace, pushes its data through the real endpoint, and receives Portaal's events", { timeout: 60_000 }, async () => {
    const totals = await simulateHost({
      url: app.baseUrl, secret: SECRET, workspace: "ws-e2e-host", name: "E2E Bureau",
      size: SIZE,
    });
    expect(totals).toMatchObject({ applied: totals.events, waiting: 0, failed: 0 });
    const [state] = await asService("e2e: what arrived", (tx) => tx<{ tenantId: string; registrations: number; pending: number }[]>`
      select t.id as "tenantId",
        (select count(*)::int from public.registrations r where r.tenant_id = t.id) as registrations,
        (select count(*)::int from public.registrations r where r.tenant_id = t.id and r.status = 'pending_external') as pending
      from public.tenants t where t.host_workspace_id = 'ws-e2e-host'`);
    expect(state!.registrations).toBe(300);
    expect(state!.pending).toBeGreaterThan(0);

    await asService("e2e: a decision to report", (tx) => queueHostEvent(tx, state!.tenantId, "registration.approved", {
      registration_id: "reg-1", decision: "approved", signer_name: "Anna", signer_email: "anna@example.test",
      comment: null, reference: null, evidence_sha256: "0".repeat(64), decided_at: new Date().toISOString(),
    }));
    // Other tests' tenants may have events of their own queued (decisions in the demo); only this workspace's count here.
    const ours = () => received.filter((event) => event.workspace_id === "ws-e2e-host");
    const deadline = Date.now() + 20_000;
    while (ours().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(ours()).toEqual([expect.objectContaining({ type: "registration.approved", workspace_id: "ws-e2e-host" })]);
  });

  it("signs the host's admin in with a token and shows the connection page", async () => {
    const token = await new SignJWT({ workspace_id: "ws-e2e-host", email: "beheer@e2e.example", name: "Beheer" })
      .setProtectedHeader({ alg: "HS256" }).setSubject("e2e-admin").setAudience("portaal").setIssuedAt()
      .setJti(randomUUID()).setExpirationTime("2m").sign(new TextEncoder().encode(JWT_SECRET));
    const signIn = await fetch(`${app.baseUrl}/admin?token=${token}`, { redirect: "manual" });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/admin");
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const page = await fetch(`${app.baseUrl}/admin/integration`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("registration.approved");
    const replayed = await fetch(`${app.baseUrl}/admin?token=${token}`, { redirect: "manual" });
    expect(replayed.status).toBe(401);
  });

  it("opens the portals of one customer from the host's \"Open portal\" action", async () => {
    const token = await new SignJWT({ workspace_id: "ws-e2e-host", email: "beheer@e2e.example" })
      .setProtectedHeader({ alg: "HS256" }).setSubject("e2e-admin").setAudience("portaal").setIssuedAt()
      .setJti(randomUUID()).setExpirationTime("2m").sign(new TextEncoder().encode(JWT_SECRET));
    const signIn = await fetch(`${app.baseUrl}/admin?token=${token}&customer=cust-1`, { redirect: "manual" });
    expect(signIn.headers.get("location")).toBe("/admin?customer=cust-1");
    const cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
    const page = await fetch(`${app.baseUrl}/admin?customer=cust-1`, { headers: { Cookie: cookie } });
    expect(await page.text()).toContain("Deze klant heeft nog geen portaal");
  });

  it("asks the customer's contact, in the demo mailbox, to approve the hours the host submits — one e-mail per submission", { timeout: 60_000 }, async () => {
    // The tenant's admin gives customer 2 a portal that approves, with one invited member.
    const contactEmail = "contact1@cust2.example";
    const { portalId, projectId } = await asService("e2e: a portal for customer 2", async (tx) => {
      const [scope] = await tx<{ tenantId: string; customerId: string; projectId: string; contactId: string }[]>`
        select t.id as "tenantId", c.id as "customerId", p.id as "projectId", ct.id as "contactId"
        from public.tenants t
        join public.customers c on c.tenant_id = t.id and c.host_id = 'cust-2'
        join public.projects p on p.customer_id = c.id and p.host_id = 'proj-2-1'
        join public.contacts ct on ct.customer_id = c.id and ct.email = ${contactEmail}
        where t.host_workspace_id = 'ws-e2e-host'`;
      const [login] = await tx<{ id: string }[]>`
        insert into public.logins (email) values (${contactEmail}) on conflict (email) do update set email = excluded.email returning id`;
      const [portal] = await tx<{ id: string }[]>`
        insert into public.portals (tenant_id, customer_id, name, language, hours_visibility, can_approve)
        values (${scope!.tenantId}, ${scope!.customerId}, 'Klant 2', 'nl', 'full', true) returning id`;
      await tx`insert into public.portal_projects (portal_id, project_id, tenant_id) values (${portal!.id}, ${scope!.projectId}, ${scope!.tenantId})`;
      await tx`
        insert into public.portal_members (tenant_id, portal_id, contact_id, login_id, can_approve, invited_at)
        values (${scope!.tenantId}, ${portal!.id}, ${scope!.contactId}, ${login!.id}, true, now())`;
      return { portalId: portal!.id, projectId: scope!.projectId };
    });

    const submitted = await submitHoursForApproval({ url: app.baseUrl, secret: SECRET, workspace: "ws-e2e-host", size: SIZE, project: "proj-2-1", count: 3 });
    expect(submitted).toHaveLength(3);

    type Mail = { subject: string; text: string };
    const mailbox = async () => (await (await fetch(`${app.baseUrl}/dev/mail.json?to=${encodeURIComponent(contactEmail)}`)).json()) as Mail[];
    const deadline = Date.now() + 30_000;
    let messages: Mail[] = [];
    while (messages.length === 0 && Date.now() < deadline) {
      messages = await mailbox();
      if (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toContain(`/portals/${portalId}/projects/${projectId}?kind=hours&status=pending_external`);
    expect(messages[0]!.text).toMatch(/3 registraties/);
  });
});
