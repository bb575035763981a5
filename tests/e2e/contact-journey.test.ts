import { mkdirSync, readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { hashInvitationToken } from "../../app/.server/auth/invitations";
import { asService } from "../../app/.server/db";
import { DEMO_ADDRESSES } from "../../app/.server/seed/demo";
import { startApp, type RunningApp } from "./app-server";
import { chromiumAvailable, launchChromium } from "./browser";

const SCREENSHOTS = "tmp/screenshots";

describe.runIf(chromiumAvailable())("a customer contact, on a phone", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    // Earlier tests may have asked codes for this address within the last minute.
    await asService("e2e: start without pending codes or limits", async (tx) => {
      await tx`delete from public.login_codes where login_id = (select id from public.logins where email = ${DEMO_ADDRESSES.anna})`;
      await tx`delete from public.rate_limit_hits`;
    });
    app = await startApp({
      DATABASE_URL: inject("databaseUrl"),
      DEMO_MODE: "true",
      AUTH_SECRET: "e2e-secret-that-is-at-least-32-characters",
    });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("signs in with an e-mailed code, moves between three portals of two tenants, and signs out everywhere", { timeout: 120_000 }, async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 }, locale: "nl-NL", hasTouch: true, isMobile: true, acceptDownloads: true,
    });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(error.message));
    // A Content-Security-Policy violation shows up as a console error.
    page.on("console", (message) => {
      if (message.type() === "error") failures.push(message.text());
    });

    await page.goto(`${app.baseUrl}/login`);
    await page.getByRole("heading", { name: "Inloggen op je klantportaal" }).waitFor({ state: "visible", timeout: 10_000 });
    await page.getByLabel("E-mailadres").fill(DEMO_ADDRESSES.anna);
    await page.getByRole("button", { name: "Code versturen" }).click();
    await page.waitForURL(/\/login\/code\?email=anna%40acme\.example/);

    const code = await waitForCode(app.baseUrl, DEMO_ADDRESSES.anna);
    await page.getByLabel("Eenmalige code (8 cijfers)").fill(`${code.slice(0, 4)} ${code.slice(4)}`);
    await page.getByRole("button", { name: "Inloggen", exact: true }).click();

    // Anna has three portals in two tenants: she chooses, and switches without a new code.
    await page.waitForURL(/\/portals$/);
    await page.getByText("Bureau Zuid", { exact: false }).first().waitFor({ state: "visible", timeout: 10_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/portals.png`, fullPage: true });
    await page.getByText("Acme – Website en app").click();
    await page.waitForURL(/\/portals\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Projecten" }).waitFor({ state: "visible", timeout: 10_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/projects.png`, fullPage: true });
    // What waits for her is the first thing she sees, and one tap away.
    await page.getByText(/\d+ registraties wachten op jouw goedkeuring/).waitFor();
    await page.getByRole("link", { name: "Bekijken" }).click();
    await page.waitForURL(/status=pending_external/);
    await page.getByText(/Totaal: \d+ registraties/).waitFor();
    const statuses = await page.locator(".Polaris-Badge").allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    // A badge's text starts with its tone for screen readers ("Let op").
    expect(statuses.filter((status) => !status.endsWith("Wacht op jouw goedkeuring"))).toEqual([]);
    await page.goBack();
    await page.getByText("Website relaunch").click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}/);
    await page.getByText(/Totaal: \d+ registraties/).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/hours.png`, fullPage: true });

    // The filtered set as CSV, in Dutch, with the descriptions this portal shows.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "CSV exporteren" }).click(),
    ]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.replace("\uFEFF", "").split("\n")[0]).toBe("Datum;Medewerker;Taak;Uren;Status;Omschrijving");
    expect(csv.trim().split("\n").length).toBeGreaterThan(2);

    for (const portal of ["Acme – Huisstijl", "Acme Nederland"]) {
      await page.goto(`${app.baseUrl}/portals?choose`);
      await page.getByText(portal, { exact: true }).click();
      await page.waitForURL(/\/portals\/[0-9a-f-]{36}$/);
      await page.getByRole("heading", { name: portal }).waitFor({ state: "visible", timeout: 10_000 });
    }

    // Her sessions, then out everywhere: the portal is closed to this browser at once.
    await page.getByRole("link", { name: "Waar je bent ingelogd" }).first().click();
    await page.waitForURL(/\/sessions$/);
    await page.getByText("Dit apparaat").waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/sessions.png`, fullPage: true });
    await page.getByRole("button", { name: "Overal uitloggen" }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${app.baseUrl}/portals`);
    await page.waitForURL(/\/login\?next=%2Fportals$/);

    expect(failures).toEqual([]);
    await context.close();
  });
});

describe("the server", () => {
  let app: RunningApp;

  beforeAll(async () => {
    await asService("e2e: start without pending codes", (tx) => tx`
      delete from public.login_codes where login_id = (select id from public.logins where email = ${DEMO_ADDRESSES.bram})`);
    app = await startApp({
      DATABASE_URL: inject("databaseUrl"),
      DEMO_MODE: "true",
      AUTH_SECRET: "e2e-secret-that-is-at-least-32-characters",
    });
  }, 240_000);

  afterAll(async () => {
    await app?.stop();
  });

  // Each test signs in afresh; "send again" waits 60 s, so start every one without limits.
  beforeEach(async () => {
    await asService("e2e: forget limits", (tx) => tx`delete from public.rate_limit_hits`);
  });

  it("answers /healthz with the database's state", async () => {
    const response = await fetch(`${app.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "reachable", databaseKind: inject("databaseKind") });
  });

  it("refuses a cross-site form post", async () => {
    const response = await fetch(`${app.baseUrl}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=bram%40acme.example",
      redirect: "manual",
    });
    expect(response.status).toBe(403);
  });

  it("shows a member only their own portals: another portal, a guessed id or a malformed id is a plain 404", async () => {
    const cookie = await signInOverHttp(app.baseUrl, DEMO_ADDRESSES.bram);
    const portals = await fetch(`${app.baseUrl}/portals`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(portals.status).toBe(302);
    const ownPortal = portals.headers.get("location")!;
    expect(ownPortal).toMatch(/\/portals\/[0-9a-f-]{36}$/);
    expect((await fetch(`${app.baseUrl}${ownPortal}`, { headers: { Cookie: cookie } })).status).toBe(200);

    const [huisstijl] = await asService("e2e: find anna's other portal", (tx) => tx<{ id: string }[]>`
      select id from public.portals where name = 'Acme – Huisstijl'`);
    for (const path of [`/portals/${huisstijl!.id}`, "/portals/00000000-0000-4000-8000-000000000000", "/portals/not-a-uuid"]) {
      const response = await fetch(`${app.baseUrl}${path}`, { headers: { Cookie: cookie } });
      expect(response.status, path).toBe(404);
    }
  });

  it("sends security headers: a CSP with a nonce on every script, no framing of the portal, no HSTS in demo mode", async () => {
    const response = await fetch(`${app.baseUrl}/login`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-powered-by")).toBeNull();
    expect(response.headers.get("strict-transport-security")).toBeNull();
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  });

  it("never redirects off-site after sign-in", async () => {
    for (const next of ["https://evil.example/", "//evil.example/", "/\\evil.example"]) {
      await asService("e2e: forget limits", (tx) => tx`delete from public.rate_limit_hits`);
      const cookie = await signInOverHttp(app.baseUrl, DEMO_ADDRESSES.bram, next);
      expect(cookie).toMatch(/^portaal_session=/);
    }
  });

  it("lets an invitation link alone show no portal data and sign nobody in", async () => {
    const [member] = await asService("e2e: an invitation", (tx) => tx<{ id: string; tenantId: string }[]>`
      select m.id, m.tenant_id as "tenantId" from public.portal_members m join public.logins l on l.id = m.login_id
      join public.portals p on p.id = m.portal_id where l.email = ${DEMO_ADDRESSES.bram} and p.name = 'Acme – Website en app'`);
    const token = "e2e-invitation-token-0123456789abcdefghijklmn";
    await asService("e2e: store the invitation", (tx) => tx`
      insert into public.member_invitations (tenant_id, member_id, token_hash, expires_at)
      values (${member!.tenantId}, ${member!.id}, ${hashInvitationToken(token)}, now() + interval '14 days')`);
    const response = await fetch(`${app.baseUrl}/invite/${token}`, { redirect: "manual" });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBeNull();
    const html = await response.text();
    expect(html).toContain("Acme – Website en app");
    expect(html).toContain(DEMO_ADDRESSES.bram);
    expect(html).not.toContain("Website relaunch");
    expect(html).not.toMatch(/Totaal: \d+ registraties/);
    const invalid = await fetch(`${app.baseUrl}/invite/not-a-real-invitation-token-at-all-000`);
    expect(await invalid.text()).toContain("Deze uitnodigingslink is niet meer geldig");
  });

  it("closes a removed member's open session and a disabled portal on the very next request", async () => {
    await asService("e2e: forget limits", (tx) => tx`delete from public.rate_limit_hits`);
    const cookie = await signInOverHttp(app.baseUrl, DEMO_ADDRESSES.bram);
    const portals = await fetch(`${app.baseUrl}/portals`, { headers: { Cookie: cookie }, redirect: "manual" });
    const ownPortal = portals.headers.get("location")!;
    expect((await fetch(`${app.baseUrl}${ownPortal}`, { headers: { Cookie: cookie } })).status).toBe(200);
    const portalId = ownPortal.split("/").pop()!;
    for (const [revoke, restore] of [
      [
        "update public.portal_members set removed_at = now() where portal_id = $1 and login_id = (select id from public.logins where email = 'bram@acme.example')",
        "update public.portal_members set removed_at = null where portal_id = $1",
      ],
      ["update public.portals set status = 'disabled' where id = $1", "update public.portals set status = 'active' where id = $1"],
    ] as const) {
      await asService("e2e: revoke", (tx) => tx.unsafe(revoke, [portalId]));
      try {
        expect((await fetch(`${app.baseUrl}${ownPortal}`, { headers: { Cookie: cookie } })).status).toBe(404);
      } finally {
        await asService("e2e: restore", (tx) => tx.unsafe(restore, [portalId]));
      }
    }
  });
});

/**
 * Signs in the way a browser without JavaScript would, and returns the session
 * cookie. Whatever `next` asks, the sign-in lands on a path of this app.
 */
async function signInOverHttp(baseUrl: string, email: string, next = "/portals"): Promise<string> {
  const origin = { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" };
  const before = await latestMessageId(baseUrl, email);
  const requested = await fetch(`${baseUrl}/login`, {
    method: "POST", headers: origin, body: new URLSearchParams({ email, next }).toString(), redirect: "manual",
  });
  expect(requested.status).toBe(302);
  const code = await waitForCode(baseUrl, email, before);
  const verified = await fetch(`${baseUrl}${requested.headers.get("location")}`, {
    method: "POST", headers: origin, body: new URLSearchParams({ email, code, next }).toString(), redirect: "manual",
  });
  expect(verified.status).toBe(302);
  expect(verified.headers.get("location")).toMatch(/^\/(?!\/|\\)/);
  const setCookie = verified.headers.get("set-cookie")!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  return setCookie.split(";")[0]!;
}

async function latestMessageId(baseUrl: string, address: string): Promise<number> {
  const response = await fetch(`${baseUrl}/dev/mail.json?to=${encodeURIComponent(address)}`);
  const messages = (await response.json()) as Array<{ id: number }>;
  return messages[0]?.id ?? 0;
}

/** The code of the newest sign-in e-mail to `address` after message `after`. */
async function waitForCode(baseUrl: string, address: string, after = 0): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/dev/mail.json?to=${encodeURIComponent(address)}`);
    const messages = (await response.json()) as Array<{ id: number; text: string; createdAt: string }>;
    const match = messages[0] && messages[0].id > after && /(\d{4}) (\d{4})/.exec(messages[0].text);
    if (match) return match[1]! + match[2]!;
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
  throw new Error(`no code e-mail reached ${address}`);
}
