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
});
