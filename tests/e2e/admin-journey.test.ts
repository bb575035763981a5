import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { asService } from "../../app/.server/db";
import { DEMO_ADDRESSES } from "../../app/.server/seed/demo";
import { startApp, type RunningApp } from "./app-server";
import { chromiumAvailable, launchChromium } from "./browser";

const SCREENSHOTS = "tmp/screenshots";
const PORTAL = "Acme – Proefportaal";

/** The newest e-mail to an address in the demo mailbox, once one newer than `after` arrived. */
async function waitForMail(baseUrl: string, address: string, after = 0): Promise<{ id: number; text: string }> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const messages = (await (await fetch(`${baseUrl}/dev/mail.json?to=${encodeURIComponent(address)}`)).json()) as Array<{ id: number; text: string }>;
    if (messages[0] && messages[0].id > after) return messages[0];
    await new Promise((resolveWait) => setTimeout(resolveWait, 250));
  }
  throw new Error(`no e-mail reached ${address}`);
}

async function latestMailId(baseUrl: string, address: string): Promise<number> {
  const messages = (await (await fetch(`${baseUrl}/dev/mail.json?to=${encodeURIComponent(address)}`)).json()) as Array<{ id: number }>;
  return messages[0]?.id ?? 0;
}

/** Page errors and console errors, except the answers the journey expects (Chromium logs every 4xx). */
function collectFailures(page: Page, expectedStatuses: number[] = []): string[] {
  const failures: string[] = [];
  page.on("pageerror", (error) => failures.push(error.message));
  page.on("console", (message) => {
    const expected = expectedStatuses.some((status) => message.text().includes(`status of ${status}`));
    if (message.type() === "error" && !expected) failures.push(message.text());
  });
  return failures;
}

describe.runIf(chromiumAvailable())("a tenant admin sets up a portal", () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    await asService("e2e: start without pending codes or limits", async (tx) => {
      await tx`delete from public.login_codes where login_id = (select id from public.logins where email = ${DEMO_ADDRESSES.bram})`;
      await tx`delete from public.rate_limit_hits`;
    });
    app = await startApp({ DATABASE_URL: inject("databaseUrl"), DEMO_MODE: "true", AUTH_SECRET: "e2e-secret-that-is-at-least-32-characters" });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    // Other test files count the demo's portals; leave the database as the seed made it (the audit entries stay).
    await asService("e2e: remove the portal this journey made", (tx) => tx`delete from public.portals where name = ${PORTAL}`);
  });

  it("creates a portal, invites Bram, who signs in through the invitation; removing him ends his access at once; all of it in the audit log", { timeout: 180_000 }, async () => {
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nl-NL" });
    const page = await admin.newPage();
    const adminFailures = collectFailures(page);

    // Sign in (demo), then create the portal: Acme, two projects, hours without description, approval with signature.
    await page.goto(`${app.baseUrl}/admin`);
    await page.getByRole("button", { name: "Inloggen als beheerder van Studio Noord" }).click();
    await page.getByRole("link", { name: "Auditlog" }).waitFor();
    await page.goto(`${app.baseUrl}/admin/portals/new`, { waitUntil: "networkidle" });
    await page.getByLabel("Klant", { exact: true }).selectOption({ label: "Acme B.V." });
    await page.getByLabel("Website relaunch (ACM-01)").waitFor();
    await page.getByLabel("Naam", { exact: true }).fill(PORTAL);
    await page.getByLabel("Zonder omschrijving").check({ force: true });
    await page.getByLabel("Klant keurt uren goed").check({ force: true });
    await page.getByLabel("Handtekening verplicht").check({ force: true });
    await page.getByLabel("Website relaunch (ACM-01)").check({ force: true });
    await page.getByLabel("Mobiele app (ACM-02)").check({ force: true });
    await page.getByRole("button", { name: "Portaal aanmaken" }).last().click();
    await page.getByText("Portaal aangemaakt — voeg nu de leden toe").first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/admin-portal-created.png`, fullPage: true });
    const portalId = /\/admin\/portals\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    // Add Bram and invite him at once.
    await page.getByRole("link", { name: "Leden beheren" }).first().click();
    await page.waitForURL(/\/members/);
    const before = await latestMailId(app.baseUrl, DEMO_ADDRESSES.bram);
    await page.getByRole("button", { name: "Leden toevoegen" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Bram Jansen").first().click();
    await dialog.getByLabel("Uitnodiging meteen sturen").check({ force: true });
    await dialog.getByRole("button", { name: /contactpersoon toevoegen/ }).click();
    await page.getByText(/toegevoegd en uitgenodigd/).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/admin-members.png`, fullPage: true });
    const invitation = await waitForMail(app.baseUrl, DEMO_ADDRESSES.bram, before);
    const link = /(http\S+\/invite\/[A-Za-z0-9_-]+)/.exec(invitation.text)![1]!.replace("localhost", "127.0.0.1");

    // Bram, on his phone, signs in as he would: the invitation link, then the code sent to his address.
    const bramContext = await browser.newContext({ viewport: { width: 360, height: 780 }, locale: "nl-NL", hasTouch: true, isMobile: true });
    const bram = await bramContext.newPage();
    // After his removal, the portal answers him 404.
    const bramFailures = collectFailures(bram, [404]);
    await bram.goto(link);
    const codeMailBefore = await latestMailId(app.baseUrl, DEMO_ADDRESSES.bram);
    await bram.getByRole("button", { name: "Code versturen" }).click();
    await bram.waitForURL(/\/login\/code/);
    const codeMail = await waitForMail(app.baseUrl, DEMO_ADDRESSES.bram, codeMailBefore);
    const [, first, second] = /(\d{4}) (\d{4})/.exec(codeMail.text)!;
    await bram.getByLabel("Eenmalige code (8 cijfers)").fill(`${first}${second}`);
    await bram.getByRole("button", { name: "Inloggen", exact: true }).click();
    await bram.waitForURL(/\/portals/);
    await bram.goto(`${app.baseUrl}/portals/${portalId}`);
    await bram.getByRole("heading", { name: PORTAL }).waitFor({ timeout: 10_000 });
    await bram.getByText("Website relaunch").first().waitFor();
    await bram.screenshot({ path: `${SCREENSHOTS}/bram-new-portal.png`, fullPage: true });

    // The admin previews the portal as Bram, then removes him.
    await page.getByRole("button", { name: "Acties voor Bram Jansen" }).click();
    await page.getByRole("menuitem", { name: /Portaal openen|Open portal/ }).click();
    await page.waitForURL(new RegExp(`/portals/${portalId}$`));
    await page.getByText("Voorbeeld: je ziet dit portaal zoals Bram Jansen het ziet").first().waitFor();
    await page.goto(`${app.baseUrl}/admin/portals/${portalId}/members`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Acties voor Bram Jansen" }).click();
    await page.getByRole("menuitem", { name: "Uit portaal verwijderen" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Verwijderen", exact: true }).click();
    await page.getByText("Bram Jansen is verwijderd").first().waitFor({ timeout: 15_000 });

    // Bram's open session no longer reaches the portal: the very next request says "not found".
    const response = await bram.goto(`${app.baseUrl}/portals/${portalId}`);
    expect(response!.status()).toBe(404);

    // The audit log has all of it.
    await page.goto(`${app.baseUrl}/admin/audit?portalId=${portalId}`, { waitUntil: "networkidle" });
    await page.screenshot({ path: `${SCREENSHOTS}/admin-audit.png`, fullPage: true });
    const [logged] = await asService("e2e: the portal's audit trail", (tx) => tx<{ actions: string[] }[]>`
      select array_agg(distinct action order by action) as actions from public.audit_log where portal_id = ${portalId}`);
    expect(logged!.actions).toEqual(expect.arrayContaining([
      "invitation.sent", "member.added", "member.removed", "portal.created", "portal.previewed",
    ]));

    expect(adminFailures).toEqual([]);
    expect(bramFailures).toEqual([]);
    await admin.close();
    await bramContext.close();
  });
});
