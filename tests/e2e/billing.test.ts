import { mkdirSync, readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sessionCookieHeader } from "../../app/.server/auth/cookies";
import { asService } from "../../app/.server/db";
import { DEMO_ADDRESSES } from "../../app/.server/seed/demo";
import { signedInContact } from "../support/claims";
import { startApp, type RunningApp } from "./app-server";
import { chromiumAvailable, launchChromium } from "./browser";

describe.runIf(chromiumAvailable())("a customer contact with invoices and quotes, on a phone", () => {
  let app: RunningApp;
  let browser: Browser;
  let portalId: string;

  beforeAll(async () => {
    app = await startApp({ DATABASE_URL: inject("databaseUrl"), DEMO_MODE: "true", AUTH_SECRET: "e2e-secret-that-is-at-least-32-characters" });
    browser = await launchChromium();
    mkdirSync("tmp/screenshots", { recursive: true });
    const [portal] = await asService("e2e: anna's portal", (tx) => tx<{ id: string }[]>`
      select id from public.portals where name = 'Acme – Website en app'`);
    portalId = portal!.id;
  }, 240_000);

  afterAll(async () => {
    await asService("e2e: the quote waits again for other tests", (tx) => tx`
      select set_config('portaal.notifications', 'off', true);
      update public.quotes set status = 'open' where number = 'OFF-0007'`.simple());
    await browser?.close();
    await app?.stop();
  });

  it("downloads the overdue invoice's PDF and accepts the open quote with a drawn signature", { timeout: 120_000 }, async () => {
    const { token } = await signedInContact(DEMO_ADDRESSES.anna, "e2e billing phone");
    const header = await sessionCookieHeader(new Request(app.baseUrl), token, new Date(Date.now() + 3600_000));
    const [name, value] = header.split(";")[0]!.split(/=(.*)/s);
    const context = await browser.newContext({
      viewport: { width: 360, height: 780 }, locale: "en-GB", hasTouch: true, isMobile: true, acceptDownloads: true,
    });
    await context.addCookies([{ name: name!, value: value!, url: app.baseUrl }]);
    const page = await context.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(error.message));

    // The overdue invoice, found by its status, downloaded with its real name.
    await page.goto(`${app.baseUrl}/portals/${portalId}/invoices?status=overdue`, { waitUntil: "networkidle" });
    await expect.poll(() => page.getByText("Overdue").first().isVisible()).toBe(true);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download the PDF of 2026-0003" }).first().click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/2026-0003.*\.pdf$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");

    // The open quote, accepted with a signature drawn by touch.
    await page.goto(`${app.baseUrl}/portals/${portalId}/quotes`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Accept quote", exact: true }).first().click();
    const pad = page.locator("canvas").first();
    await pad.waitFor();
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + box.height * 0.6);
    await page.mouse.down();
    for (let step = 1; step <= 12; step += 1) {
      await page.mouse.move(box.x + 20 + step * ((box.width - 60) / 12), box.y + box.height * (step % 2 ? 0.3 : 0.7), { steps: 3 });
    }
    await page.mouse.up();
    const signerName = page.getByLabel("Your name");
    if ((await signerName.inputValue()) === "") await signerName.fill("Anna de Vries");
    await page.getByRole("button", { name: "Sign and accept" }).click();
    await page.getByText(/Quote OFF-0007 accepted/).waitFor();
    await page.screenshot({ path: "tmp/screenshots/quote-accepted-phone.png", fullPage: true });

    const [evidence] = await asService("e2e: the evidence", (tx) => tx<{ status: string; signatureKind: string; signerName: string; fingerprint: string }[]>`
      select q.status, d.signature_kind as "signatureKind", d.signer_name as "signerName", d.fingerprint
      from public.quotes q join public.quote_decisions d on d.quote_id = q.id
      where q.number = 'OFF-0007' order by d.decided_at desc limit 1`);
    expect(evidence).toMatchObject({ status: "accepted", signatureKind: "drawn", signerName: "Anna de Vries" });
    expect(evidence!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const [audit] = await asService("e2e: the download in the audit log", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.audit_log where action = 'document.downloaded' and occurred_at > now() - interval '5 minutes'`);
    expect(audit!.count).toBeGreaterThanOrEqual(1);
    expect(failures).toEqual([]);
    await context.close();
  });
});
