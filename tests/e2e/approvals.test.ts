import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sessionCookieHeader } from "../../app/.server/auth/cookies";
import { asService } from "../../app/.server/db";
import { DEMO_ADDRESSES } from "../../app/.server/seed/demo";
import { signedInContact } from "../support/claims";
import { startApp, type RunningApp } from "./app-server";
import { chromiumAvailable, launchChromium } from "./browser";

const SCREENSHOTS = "tmp/screenshots";

/** Texts per language, so that one journey runs on a Dutch desktop and an English phone. */
const TEXTS = {
  nl: {
    approve: "Goedkeuren", reject: "Afkeuren", history: "Geschiedenis", type: "Typen", comment: "Opmerking",
    rowMenu: /Acties voor de registratie van/, commentRequired: "Schrijf een opmerking", approvedOne: "1 registratie goedgekeurd.",
    approvedThree: "3 registraties goedgekeurd.", rejectedOne: "1 registratie afgekeurd.", evidence: "Bewijs downloaden (pdf)",
    approvedLabel: "Goedgekeurd", by: "door Anna de Vries",
  },
  en: {
    approve: "Approve", reject: "Reject", history: "History", type: "Type", comment: "Comment",
    rowMenu: /Actions for the registration of/, commentRequired: "Write a comment", approvedOne: "1 registration approved.",
    approvedThree: "3 registrations approved.", rejectedOne: "1 registration rejected.", evidence: "Download the evidence (PDF)",
    approvedLabel: "Approved", by: "by Anna de Vries",
  },
} as const;

const VIEWPORTS = [
  { name: "desktop", width: 1280, height: 900, language: "nl" as const, mobile: false },
  { name: "phone", width: 360, height: 780, language: "en" as const, mobile: true },
];

describe.runIf(chromiumAvailable())("a customer contact decides on registrations", () => {
  let app: RunningApp;
  let browser: Browser;
  let pendingUrl: string;
  let projectUrl: string;

  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: inject("databaseUrl"), DEMO_MODE: "true", AUTH_SECRET: "e2e-secret-that-is-at-least-32-characters" });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    const [target] = await asService("e2e: a project with registrations waiting", (tx) => tx<{ portalId: string; projectId: string }[]>`
      select p.id as "portalId", pr.id as "projectId"
      from public.portals p join public.portal_projects pp on pp.portal_id = p.id join public.projects pr on pr.id = pp.project_id
      where p.name = 'Acme – Website en app' and pr.name = 'Website relaunch'`);
    projectUrl = `${app.baseUrl}/portals/${target!.portalId}/projects/${target!.projectId}`;
    pendingUrl = `${projectUrl}?status=pending_external`;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Anna, signed in (the code journey itself is the contact-journey test's), in a browser of the given shape. */
  async function annaIn(viewport: (typeof VIEWPORTS)[number]) {
    const { token } = await signedInContact(DEMO_ADDRESSES.anna, `e2e ${viewport.name}`);
    const header = await sessionCookieHeader(new Request(app.baseUrl), token, new Date(Date.now() + 3600_000));
    const [name, value] = header.split(";")[0]!.split(/=(.*)/s);
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height }, locale: viewport.language === "nl" ? "nl-NL" : "en-GB",
      hasTouch: viewport.mobile, isMobile: viewport.mobile,
    });
    await context.addCookies([{ name: name!, value: value!, url: app.baseUrl }]);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") failures.push(message.text());
    });
    return { context, page, failures };
  }

  async function sign(page: Page) {
    const pad = page.getByRole("dialog").locator("canvas");
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
    await page.mouse.down();
    for (let step = 1; step <= 12; step += 1) {
      await page.mouse.move(box.x + 20 + step * ((box.width - 60) / 12), box.y + box.height * (step % 2 ? 0.3 : 0.7), { steps: 3 });
    }
    await page.mouse.up();
  }

  async function waitingCount(): Promise<number> {
    const [row] = await asService("e2e: count waiting", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.registrations r join public.projects pr on pr.id = r.project_id
      where pr.name = 'Website relaunch' and r.status = 'pending_external'`);
    return row!.count;
  }

  /** A cookie header for a fresh session of an address. */
  async function contactCookie(email: string): Promise<string> {
    const { token } = await signedInContact(email, "e2e http");
    return (await sessionCookieHeader(new Request(app.baseUrl), token, new Date(Date.now() + 3600_000))).split(";")[0]!;
  }

  for (const viewport of VIEWPORTS) {
    it(`approves one, refuses a rejection without comment, rejects with one, approves three with a signature and shows the history (${viewport.name}, ${viewport.language})`, { timeout: 120_000 }, async () => {
      const text = TEXTS[viewport.language];
      const { context, page, failures } = await annaIn(viewport);
      const dialog = page.getByRole("dialog");
      const primary = (name: string) => dialog.getByRole("button", { name, exact: true }).last();
      const before = await waitingCount();

      // One, from the row's menu, with a drawn signature.
      await page.goto(pendingUrl, { waitUntil: "networkidle" });
      await page.getByRole("button", { name: text.rowMenu }).first().click();
      await page.getByRole("menuitem", { name: text.approve }).click();
      await sign(page);
      await page.screenshot({ path: `${SCREENSHOTS}/approve-one-${viewport.name}.png` });
      await primary(text.approve).click();
      await page.getByText(text.approvedOne).waitFor({ timeout: 15_000 });
      expect(await waitingCount()).toBe(before - 1);

      // Rejecting needs a comment: said at once, at the field, and nothing changes.
      await page.getByRole("button", { name: text.rowMenu }).first().click();
      await page.getByRole("menuitem", { name: text.reject }).click();
      await primary(text.reject).click();
      await dialog.getByText(text.commentRequired).waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}/reject-without-comment-${viewport.name}.png` });
      expect(await waitingCount()).toBe(before - 1);
      await dialog.getByLabel(text.comment).fill("Dubbel geboekt met 12 november");
      await dialog.getByRole("button", { name: text.type, exact: true }).click();
      await primary(text.reject).click();
      await page.getByText(text.rejectedOne).waitFor({ timeout: 15_000 });
      expect(await waitingCount()).toBe(before - 2);

      // Three at once: select, Actions → approve, sign.
      const boxes = page.locator(".Polaris-IndexTable__TableRow input[type=checkbox]");
      for (let index = 0; index < 3; index += 1) {
        // Mid-screen, clear of the phone's selection bar fixed to the bottom.
        await boxes.nth(index).evaluate((box) => box.scrollIntoView({ block: "center" }));
        await boxes.nth(index).check({ force: true });
      }
      await page.getByRole("button", { name: text.approve, exact: true }).first().click();
      await sign(page);
      await primary(text.approve).click();
      await page.getByText(text.approvedThree).waitFor({ timeout: 15_000 });
      await page.screenshot({ path: `${SCREENSHOTS}/approved-three-${viewport.name}.png`, fullPage: true });
      expect(await waitingCount()).toBe(before - 5);

      // The evidence, as the member downloads it.
      const evidenceUrl = await page.getByRole("link", { name: text.evidence }).getAttribute("href");
      const pdf = await page.request.get(`${app.baseUrl}${evidenceUrl}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()["content-type"]).toBe("application/pdf");
      expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

      // And the history of a decided registration.
      await page.goto(`${projectUrl}?status=approved`, { waitUntil: "networkidle" });
      await page.getByRole("button", { name: text.rowMenu }).first().click();
      await page.getByRole("menuitem", { name: text.history }).click();
      await dialog.getByText(text.by, { exact: false }).first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: `${SCREENSHOTS}/history-${viewport.name}.png` });

      expect(failures).toEqual([]);
      await context.close();
    });
  }

  it("keeps evidence to the member who decided and the tenant's admin: another member, another customer and a guessed id get 404", async () => {
    const [decision] = await asService("e2e: a decision of anna", (tx) => tx<{ id: string; portalId: string }[]>`
      select d.id, d.portal_id as "portalId" from public.approval_decisions d join public.logins l on l.id = d.login_id
      where l.email = ${DEMO_ADDRESSES.anna} order by d.decided_at desc limit 1`);
    if (!decision) throw new Error("the browser journeys above make decisions first");
    const path = `/portals/${decision.portalId}/decisions/${decision.id}/evidence`;
    expect((await fetch(`${app.baseUrl}${path}`, { headers: { Cookie: await contactCookie(DEMO_ADDRESSES.anna) } })).status).toBe(200);
    for (const [who, url] of [
      [DEMO_ADDRESSES.bram, path],
      [DEMO_ADDRESSES.carla, path],
      [DEMO_ADDRESSES.anna, `/portals/${decision.portalId}/decisions/00000000-0000-4000-8000-000000000000/evidence`],
    ] as const) {
      const response = await fetch(`${app.baseUrl}${url}`, { headers: { Cookie: await contactCookie(who) } });
      expect(response.status, `${who} ${url}`).toBe(404);
    }
    const admin = await fetch(`${app.baseUrl}/admin/demo-sign-in`, { method: "POST", headers: { Origin: app.baseUrl }, redirect: "manual" });
    const adminCookie = admin.headers.get("set-cookie")!.split(";")[0]!;
    const evidence = await fetch(`${app.baseUrl}/admin/decisions/${decision.id}/evidence?download`, { headers: { Cookie: adminCookie } });
    expect(evidence.status).toBe(200);
    expect(evidence.headers.get("content-disposition")).toMatch(/^attachment; filename="(bewijs|evidence)-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.pdf"$/);
  });

  it("lets an admin open the portal as a member: read-only, marked as a preview, and in the audit log", async () => {
    const admin = await fetch(`${app.baseUrl}/admin/demo-sign-in`, { method: "POST", headers: { Origin: app.baseUrl }, redirect: "manual" });
    const adminCookie = admin.headers.get("set-cookie")!.split(";")[0]!;
    const [member] = await asService("e2e: anna's membership", (tx) => tx<{ id: string; portalId: string }[]>`
      select m.id, m.portal_id as "portalId" from public.portal_members m join public.logins l on l.id = m.login_id
      join public.portals p on p.id = m.portal_id where l.email = ${DEMO_ADDRESSES.anna} and p.name = 'Acme – Website en app'`);
    const opened = await fetch(`${app.baseUrl}/admin/portals/${member!.portalId}/members`, {
      method: "POST", redirect: "manual",
      headers: { Origin: app.baseUrl, Cookie: adminCookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: `intent=preview&memberId=${member!.id}`,
    });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe(`/portals/${member!.portalId}`);
    const cookies = `${adminCookie}; ${opened.headers.get("set-cookie")!.split(";")[0]}`;
    const portal = await fetch(`${app.baseUrl}${pendingUrl.slice(app.baseUrl.length)}`, { headers: { Cookie: cookies } });
    expect(portal.status).toBe(200);
    const html = await portal.text();
    expect(html).toContain("Anna de Vries");
    expect(html).toMatch(/Voorbeeld: je ziet dit portaal zoals Anna de Vries het ziet|Preview: you see this portal as Anna de Vries sees it/);
    const [ids] = await asService("e2e: a registration waiting", (tx) => tx<{ id: string }[]>`
      select r.id from public.registrations r join public.projects pr on pr.id = r.project_id
      where pr.name = 'Website relaunch' and r.status = 'pending_external' limit 1`);
    const decided = await fetch(pendingUrl, {
      method: "POST",
      headers: { Origin: app.baseUrl, Cookie: cookies, "Content-Type": "application/x-www-form-urlencoded" },
      body: `decision=approved&scope=ids&ids=${ids!.id}&signatureKind=typed&signerName=Admin`,
    });
    expect(decided.status).toBe(403);
    const [audit] = await asService("e2e: the audit entry", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.audit_log where action = 'portal.previewed' and member_id = ${member!.id}`);
    expect(audit!.count).toBe(1);
    const [still] = await asService("e2e: unchanged", (tx) => tx<{ status: string }[]>`select status from public.registrations where id = ${ids!.id}`);
    expect(still!.status).toBe("pending_external");
  });
});
