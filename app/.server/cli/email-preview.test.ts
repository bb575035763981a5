import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EMAIL_TEMPLATE_NAMES } from "../../../emails/catalog";
import { createPreviewServer, writePreviews } from "./email-preview";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "portaal-email-preview-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("npm run email:preview -- --out <dir>", () => {
  it("writes every template in Dutch and English, as HTML and plain text, and an index linking them", async () => {
    const written = await writePreviews(join(dir, "emails"));
    const files = (await readdir(join(dir, "emails"))).sort();
    expect(written).toHaveLength(37);
    expect(EMAIL_TEMPLATE_NAMES).toHaveLength(9);

    const html = files.filter((file) => file.endsWith(".html") && file !== "index.html");
    const txt = files.filter((file) => file.endsWith(".txt"));
    expect(html).toHaveLength(18);
    expect(txt).toHaveLength(18);
    expect(files).toContain("index.html");

    const index = await readFile(join(dir, "emails", "index.html"), "utf8");
    for (const file of [...html, ...txt]) expect(index).toContain(`href="${file}"`);
    // The subjects are the link texts.
    expect(index).toContain("Nieuwe factuur F2026-0117 van Studio Noord");
    expect(index).toContain("Studio Noord asks you to approve 23 registrations for Website");

    const quote = await readFile(join(dir, "emails", "new-quote.nl.html"), "utf8");
    expect(quote).toContain('lang="nl"');
    const quoteText = await readFile(join(dir, "emails", "new-quote.en.txt"), "utf8");
    expect(quoteText).toContain("€1,801.25");
    expect(quoteText).not.toContain("<");
  });
});

describe("the preview server", () => {
  it("serves the index, each e-mail and its plain text, and 404 for the rest", async () => {
    const server = createPreviewServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const index = await fetch(`${base}/`);
      expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await index.text()).toContain('href="approval-reminder.en.txt"');

      const html = await fetch(`${base}/approval-request.nl.html`);
      expect(await html.text()).toContain('lang="nl"');
      const text = await fetch(`${base}/approval-request.en.txt`);
      expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await text.text()).toContain("and 3 more");

      expect((await fetch(`${base}/no-such.nl.html`)).status).toBe(404);
      expect((await fetch(`${base}/new-quote.de.html`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
