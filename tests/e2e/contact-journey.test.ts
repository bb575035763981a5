import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
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
    await asService("e2e: start without pending codes", (tx) => tx`
      delete from public.login_codes where login_id = (select id from public.logins where email = ${DEMO_ADDRESSES.anna})`);
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

  it("signs in with an e-mailed code, picks a portal and reads a project's hours", { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: "nl-NL", hasTouch: true, isMobile: true });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(error.message));

    await page.goto(`${app.baseUrl}/login`);
    await page.getByRole("heading", { name: "Inloggen op je klantportaal" }).waitFor({ state: "visible", timeout: 10_000 });
    await page.getByLabel("E-mailadres").fill(DEMO_ADDRESSES.anna);
    await page.getByRole("button", { name: "Code versturen" }).click();
    await page.waitForURL(/\/login\/code\?email=anna%40acme\.example/);

    const code = await waitForCode(app.baseUrl, DEMO_ADDRESSES.anna);
    await page.getByLabel("Eenmalige code (8 cijfers)").fill(`${code.slice(0, 4)} ${code.slice(4)}`);
    await page.getByRole("button", { name: "Inloggen", exact: true }).click();

    // Anna has three portals in two tenants: she chooses.
    await page.waitForURL(/\/portals$/);
    await page.getByText("Bureau Zuid", { exact: false }).first().waitFor({ state: "visible", timeout: 10_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/portals.png`, fullPage: true });
    await page.getByText("Acme – Website en app").click();

    await page.waitForURL(/\/portals\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Projecten" }).waitFor({ state: "visible", timeout: 10_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/projects.png`, fullPage: true });
    await page.getByText("Website relaunch").click();

    await page.waitForURL(/\/projects\/[0-9a-f-]{36}/);
    await page.getByText(/Totaal: \d+ registraties/).waitFor();
    const rows = await page.locator("tbody tr").count();
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(50);
    await page.getByText("Wacht op jouw goedkeuring").first().waitFor({ state: "visible", timeout: 10_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/hours.png`, fullPage: true });

    // Nothing on the page is wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(failures).toEqual([]);
    await context.close();
  });

  it("sends a visitor without a session to sign-in, remembering where they were going", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: "nl-NL" });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/portals`);
    await page.waitForURL(/\/login\?next=%2Fportals/);
    await context.close();
  });

  it("lets the demo admin see the tenant's portals and one portal's members", { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nl-NL" });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/admin`);
    await page.getByRole("button", { name: "Inloggen als beheerder van Studio Noord" }).click();
    await page.getByText("Acme – Website en app").waitFor();
    expect(await page.locator("tbody tr").count()).toBe(3); // Studio Noord's portals only, not Bureau Zuid's
    await page.screenshot({ path: `${SCREENSHOTS}/admin-portals.png`, fullPage: true });
    await page.getByText("Acme – Website en app").click();
    await page.waitForURL(/\/admin\/portals\/[0-9a-f-]{36}$/);
    await page.getByText(DEMO_ADDRESSES.bram).waitFor();
    await page.getByText("Website relaunch").waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/admin-portal.png`, fullPage: true });
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

  it("answers /healthz with the database's state", async () => {
    const response = await fetch(`${app.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "reachable", databaseKind: "server" });
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

  it("sends security headers", async () => {
    const response = await fetch(`${app.baseUrl}/login`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});

/** Signs in the way a browser without JavaScript would, and returns the session cookie. */
async function signInOverHttp(baseUrl: string, email: string): Promise<string> {
  const origin = { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" };
  const requested = await fetch(`${baseUrl}/login`, {
    method: "POST", headers: origin, body: new URLSearchParams({ email }).toString(), redirect: "manual",
  });
  expect(requested.status).toBe(302);
  const code = await waitForCode(baseUrl, email);
  const verified = await fetch(`${baseUrl}${requested.headers.get("location")}`, {
    method: "POST", headers: origin, body: new URLSearchParams({ email, code }).toString(), redirect: "manual",
  });
  expect(verified.status).toBe(302);
  const setCookie = verified.headers.get("set-cookie")!;
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  return setCookie.split(";")[0]!;
}

async function waitForCode(baseUrl: string, address: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/dev/mail.json?to=${encodeURIComponent(address)}`);
    const messages = (await response.json()) as Array<{ text: string; createdAt: string }>;
    const match = messages[0] && /(\d{4}) (\d{4})/.exec(messages[0].text);
    if (match) return match[1]! + match[2]!;
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
  throw new Error(`no code e-mail reached ${address}`);
}
