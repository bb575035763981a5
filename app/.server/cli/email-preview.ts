import { mkdir, writeFile } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { EMAIL_TEMPLATE_NAMES, EMAIL_TEMPLATES, renderTemplate, type EmailTemplateName } from "../../../emails/catalog";
import { LANGUAGES, type Language } from "../../i18n";
import { renderEmail } from "../email/render";

/**
 * `npm run email:preview`: every e-mail template in Dutch and English, rendered
 * from its sample in emails/catalog.ts.
 *
 *   npm run email:preview                  serves them (EMAIL_PREVIEW_PORT, default 3100)
 *   npm run email:preview -- --out <dir>   writes index.html and <template>.<language>.html/.txt, and exits
 */

export type PreviewEntry = { name: EmailTemplateName; language: Language; subject: string; html: string; text: string };

export async function renderPreview(name: EmailTemplateName, language: Language): Promise<PreviewEntry> {
  const { subject, element } = renderTemplate(name, EMAIL_TEMPLATES[name].sample(language));
  const { html, text } = await renderEmail(element);
  return { name, language, subject, html, text };
}

/** Every template in every language, in catalog order. */
export async function renderPreviews(): Promise<PreviewEntry[]> {
  const entries: PreviewEntry[] = [];
  for (const name of EMAIL_TEMPLATE_NAMES) for (const language of LANGUAGES) entries.push(await renderPreview(name, language));
  return entries;
}

/** The file names of one entry: relative links that work in a directory and on the server alike. */
export function previewFileName(name: EmailTemplateName, language: Language, kind: "html" | "txt"): string {
  return `${name}.${language}.${kind}`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** The index: one row per template, a column per language with its subject and both versions. */
export function previewIndex(entries: Array<Pick<PreviewEntry, "name" | "language" | "subject">>): string {
  const rows = EMAIL_TEMPLATE_NAMES.map((name) => {
    const cells = LANGUAGES.map((language) => {
      const entry = entries.find((e) => e.name === name && e.language === language);
      if (!entry) return "<td></td>";
      return `<td><a href="${previewFileName(name, language, "html")}">${escapeHtml(entry.subject)}</a><br><small><a href="${previewFileName(name, language, "txt")}">plain text</a></small></td>`;
    });
    return `<tr><th scope="row"><code>${escapeHtml(name)}</code></th>${cells.join("")}</tr>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Portaal e-mail preview</title>
<style>
  body { font-family: Helvetica, Arial, sans-serif; margin: 32px; color: #1f2937; }
  table { border-collapse: collapse; }
  th, td { text-align: left; vertical-align: top; padding: 8px 16px 8px 0; border-bottom: 1px solid #e5e7eb; }
  small a { color: #6b7280; }
</style>
</head>
<body>
<h1>Portaal e-mail preview</h1>
<p>Every template of <code>emails/catalog.ts</code>, rendered from its sample. The link text is the subject.</p>
<table>
<thead><tr><th>template</th>${LANGUAGES.map((language) => `<th>${language}</th>`).join("")}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
</body>
</html>
`;
}

/** Writes index.html and an .html and a .txt per template and language; returns the files written. */
export async function writePreviews(dir: string): Promise<string[]> {
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  const entries = await renderPreviews();
  const files: string[] = [];
  for (const entry of entries) {
    for (const [kind, body] of [["html", entry.html], ["txt", entry.text]] as const) {
      const file = resolve(out, previewFileName(entry.name, entry.language, kind));
      await writeFile(file, body, "utf8");
      files.push(file);
    }
  }
  const index = resolve(out, "index.html");
  await writeFile(index, previewIndex(entries), "utf8");
  files.push(index);
  return files;
}

/** Serves the index and renders each e-mail when asked, so that a restart shows template changes. */
export function createPreviewServer(): Server {
  return createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
      if (path === "/" || path === "/index.html") {
        send(response, 200, "text/html", previewIndex(await renderPreviews()));
        return;
      }
      const match = /^\/([a-z-]+)\.([a-z]+)\.(html|txt)$/.exec(path);
      const [, name = "", language = "", kind] = match ?? [];
      if (!match || !EMAIL_TEMPLATE_NAMES.includes(name as EmailTemplateName) || !LANGUAGES.includes(language as Language)) {
        send(response, 404, "text/plain", "Not found. The index is at /\n");
        return;
      }
      const entry = await renderPreview(name as EmailTemplateName, language as Language);
      send(response, 200, kind === "html" ? "text/html" : "text/plain", kind === "html" ? entry.html : entry.text);
    })().catch((error: unknown) => {
      console.error(error);
      send(response, 500, "text/plain", `The e-mail did not render:\n\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    });
  });
}

function send(response: ServerResponse, status: number, type: string, body: string) {
  if (response.headersSent) return response.end();
  response.writeHead(status, { "Content-Type": `${type}; charset=utf-8`, "Cache-Control": "no-store" });
  response.end(body);
}

async function main(args: string[]) {
  const outAt = args.indexOf("--out");
  if (outAt >= 0) {
    const dir = args[outAt + 1];
    if (!dir || dir.startsWith("--")) {
      console.error("email:preview: --out needs a directory, e.g. npm run email:preview -- --out tmp/emails");
      process.exit(2);
    }
    const files = await writePreviews(dir);
    console.log(`email:preview: wrote ${files.length} files; open ${pathToFileURL(resolve(dir, "index.html")).href}`);
    return;
  }

  const port = Number(process.env.EMAIL_PREVIEW_PORT ?? 3100);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`email:preview: EMAIL_PREVIEW_PORT must be a port number, not "${process.env.EMAIL_PREVIEW_PORT}"`);
    process.exit(2);
  }
  const server = createPreviewServer();
  server.on("error", (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `email:preview: port ${port} is in use; set EMAIL_PREVIEW_PORT to another port`
        : `email:preview: cannot listen on port ${port}: ${error.message}`,
    );
    process.exit(1);
  });
  server.listen(port, () => {
    const address = server.address();
    const actual = typeof address === "object" && address ? address.port : port;
    console.log(`email:preview: http://localhost:${actual}/`);
  });
}

// Run as a script (tsx app/.server/cli/email-preview.ts), not when a test imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
