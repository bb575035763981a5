import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { asService } from "../../app/.server/db";
import { queueHostEvent } from "../../app/.server/host/outbound";
import { listenForPortaalEvents, simulateHost, type ReceivedEvent } from "../../app/.server/host/simulator/simulate";
import { startApp, type RunningApp } from "./app-server";

const SECRET = `whsec_${Buffer.from("e2e-host-simulator-secret-0123456789").toString("base64")}`;
const JWT_SECRET = "e2e-host-jwt-secret-that-is-long-enough-0123";

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
      size: { customers: 3, projectsPerCustomer: 2, employees: 6, registrations: 300 },
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
});
