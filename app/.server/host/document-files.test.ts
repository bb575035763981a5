/**
 * Files from the host platform (F-20, F-29): PUT, signed over the raw bytes,
 * for a document whose metadata has arrived. The workspace is removed again
 * afterwards.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { action } from "../../routes/webhooks.host.files.$documentId";
import { asService } from "../db";
import { chooseFileStorage } from "../documents/choose-storage";
import { sha256Hex } from "../documents/storage";
import { readBodyWithin, receiveHostFile, signedFileHeaders, verifyHostFile } from "./document-files";
import { receiveHostWebhook } from "./ingest";
import { installEvent } from "./simulator/dataset";
import { signedRequest } from "./simulator/requests";

const SECRET = `whsec_${Buffer.from("the-secret-of-the-file-test-host-89").toString("base64")}`;
const OTHER = `whsec_${Buffer.from("somebody-else-entirely-1111111111").toString("base64")}`;
const WORKSPACE = "ws-document-files";
// Binary on purpose: bytes that are not UTF-8 must verify as they are.
const PDF = new Uint8Array([...new TextEncoder().encode("%PDF-1.7\n"), 0xe2, 0xe3, 0xcf, 0xd3, 0xff, 0x00, 0x80, 0x0a]);
const PDF_2 = new Uint8Array([...PDF, ...new TextEncoder().encode("% second version\n")]);

let filesDir: string;
const filesDirBefore = process.env.FILES_DIR;

async function send(payload: unknown) {
  const { body, headers } = signedRequest(SECRET, payload);
  const answer = await receiveHostWebhook(body, headers);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer;
}

function put(hostId: string, body: Uint8Array, options: { secret?: string; webhookId?: string; workspace?: string | null } = {}) {
  const headers = signedFileHeaders(options.secret ?? SECRET, options.webhookId ?? `file_${randomUUID()}`, body, options.workspace ?? WORKSPACE);
  if (options.workspace === null) headers.delete("x-portaal-workspace");
  return { hostDocumentId: hostId, workspaceId: headers.get("x-portaal-workspace"), body, headers };
}

async function documentOf(hostId: string) {
  const [row] = await asService("test: the host's document", (tx) => tx<{
    storageKey: string | null; sha256: string | null; sizeBytes: string | null; contentType: string; isDocumentPdf: boolean; invoiceId: string | null;
  }[]>`
    select d.storage_key as "storageKey", d.sha256, d.size_bytes::text as "sizeBytes", d.content_type as "contentType",
      d.is_document_pdf as "isDocumentPdf", d.invoice_id as "invoiceId"
    from public.documents d join public.tenants t on t.id = d.tenant_id
    where t.host_workspace_id = ${WORKSPACE} and d.host_id = ${hostId}`);
  return row!;
}

const documentEvent = (id: string, extra: Record<string, unknown> = {}) => ({
  type: "document.created",
  data: { id, version: 1, customer_id: "cust-files", title: `Document ${id}`, file_name: `${id}.pdf`, content_type: "application/pdf", ...extra },
});

beforeAll(async () => {
  filesDir = mkdtempSync(join(tmpdir(), "portaal-host-files-"));
  process.env.FILES_DIR = filesDir;
  process.env.HOST_WEBHOOK_SECRET = SECRET;
  await send(installEvent(WORKSPACE, "Bestanden B.V."));
  await send({
    type: "batch", workspace_id: WORKSPACE,
    events: [
      { type: "customer.created", data: { id: "cust-files", version: 1, name: "Klant met bestanden" } },
      { type: "invoice.created", data: { id: "inv-files", version: 1, customer_id: "cust-files", number: "F-1", status: "open", total_excl_vat: 100, total_incl_vat: 121 } },
      documentEvent("doc-1"),
      documentEvent("doc-gone"),
      documentEvent("doc-pdf", { invoice_id: "inv-files", is_document_pdf: true, channel_email: true }),
      { type: "document.created", data: { id: "doc-exe", version: 1, customer_id: "cust-files", title: "Programma", file_name: "tool.pdf", content_type: "application/pdf" } },
    ],
  });
  await send({ type: "document.deleted", workspace_id: WORKSPACE, data: { id: "doc-gone" } });
});

afterAll(async () => {
  await asService("test: remove the workspace", async (tx) => {
    const [tenant] = await tx<{ id: string }[]>`select id from public.tenants where host_workspace_id = ${WORKSPACE}`;
    await tx`select set_config('portaal.audit_purge', 'on', true), set_config('portaal.notifications', 'off', true)`;
    await tx`delete from public.audit_log where tenant_id = ${tenant!.id}`;
    await tx`delete from public.email_outbox where tenant_id = ${tenant!.id}`;
    await tx`delete from public.host_webhook_requests where workspace_id = ${WORKSPACE}`;
    await tx`delete from public.tenants where id = ${tenant!.id}`;
  });
  delete process.env.HOST_WEBHOOK_SECRET;
  if (filesDirBefore === undefined) delete process.env.FILES_DIR;
  else process.env.FILES_DIR = filesDirBefore;
  rmSync(filesDir, { recursive: true, force: true });
});

describe("a file from the host", () => {
  it("is stored when signed, for a document that has arrived, with the type its name and bytes agree on", async () => {
    const request = put("doc-1", PDF);
    request.headers.set("content-type", "text/html");
    const answer = await receiveHostFile(request);
    expect(answer).toEqual({
      status: 200,
      body: { document_id: "doc-1", sha256: sha256Hex(PDF), size_bytes: PDF.byteLength, content_type: "application/pdf" },
    });
    const document = await documentOf("doc-1");
    expect(document).toMatchObject({ sha256: sha256Hex(PDF), sizeBytes: String(PDF.byteLength), contentType: "application/pdf" });
    expect((await chooseFileStorage().get(document.storageKey!))?.body).toEqual(PDF);
  });

  it("answers a redelivery as a duplicate, the same bytes as unchanged, and replaces the file with new bytes", async () => {
    const webhookId = `file_${randomUUID()}`;
    const first = await documentOf("doc-1");
    expect((await receiveHostFile(put("doc-1", PDF_2, { webhookId }))).status).toBe(200);
    const replaced = await documentOf("doc-1");
    expect(replaced.sha256).toBe(sha256Hex(PDF_2));
    expect(replaced.storageKey).not.toBe(first.storageKey);
    expect(await chooseFileStorage().get(first.storageKey!)).toBeNull();
    expect(await receiveHostFile(put("doc-1", PDF_2, { webhookId }))).toEqual({ status: 200, body: { duplicate: true, webhook_id: webhookId } });
    expect((await receiveHostFile(put("doc-1", PDF_2))).body).toMatchObject({ unchanged: true });
    expect((await documentOf("doc-1")).storageKey).toBe(replaced.storageKey);
  });

  it("refuses a bad signature with 401, and stores nothing", async () => {
    const tampered = put("doc-1", PDF);
    tampered.body = new Uint8Array([...PDF.slice(0, -1), 0x0b]);
    expect((await receiveHostFile(tampered)).status).toBe(401);
    expect((await receiveHostFile(put("doc-1", PDF, { secret: OTHER }))).status).toBe(401);
    const unsigned = put("doc-1", PDF);
    unsigned.headers.delete("webhook-signature");
    expect((await receiveHostFile(unsigned)).status).toBe(401);
    const stale = signedFileHeaders(SECRET, "file_stale", PDF, WORKSPACE, new Date(Date.now() - 6 * 60_000));
    expect(verifyHostFile(PDF, stale, [SECRET])).toEqual({ ok: false, reason: "Message timestamp too old" });
    expect((await documentOf("doc-1")).sha256).toBe(sha256Hex(PDF_2));
  });

  it("answers 404 for a document that has not arrived, so that the host retries; 410 for a deleted one", async () => {
    const answer = await receiveHostFile(put("doc-unknown", PDF));
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatch(/document.created/);
    expect((await receiveHostFile(put("doc-gone", PDF))).status).toBe(410);
  });

  it("refuses bytes that are not what the name says (415), an empty file and a missing or unknown workspace (422)", async () => {
    expect((await receiveHostFile(put("doc-exe", new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])))).status).toBe(415);
    expect((await documentOf("doc-exe")).storageKey).toBeNull();
    expect((await receiveHostFile(put("doc-exe", new Uint8Array(0)))).status).toBe(422);
    expect((await receiveHostFile(put("doc-1", PDF, { workspace: null }))).status).toBe(422);
    expect((await receiveHostFile(put("doc-1", PDF, { workspace: "ws-nobody" }))).status).toBe(422);
  });

  it("brings an invoice's own PDF the same way, for a document.created with invoice_id and is_document_pdf", async () => {
    expect((await receiveHostFile(put("doc-pdf", PDF))).status).toBe(200);
    const document = await documentOf("doc-pdf");
    expect(document).toMatchObject({ isDocumentPdf: true, contentType: "application/pdf" });
    expect(document.invoiceId).not.toBeNull();
    expect(document.storageKey).not.toBeNull();
  });

  it("arrives through PUT /webhooks/host/files/:documentId, and nothing else", async () => {
    const { headers, body } = put("doc-1", PDF);
    const request = new Request("http://localhost:3000/webhooks/host/files/doc-1", { method: "PUT", headers, body: Buffer.from(body) });
    const response = (await action({ request, params: { documentId: "doc-1" }, context: {} })) as Response;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ document_id: "doc-1", sha256: sha256Hex(PDF) });
    const post = new Request("http://localhost:3000/webhooks/host/files/doc-1", { method: "POST", headers, body: Buffer.from(body) });
    expect(((await action({ request: post, params: { documentId: "doc-1" }, context: {} })) as Response).status).toBe(405);
    expect(await readBodyWithin(new Request("http://localhost/", { method: "PUT", body: new Uint8Array(20) }), 10)).toBeNull();
  });
});
