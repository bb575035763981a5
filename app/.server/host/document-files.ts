import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { asService } from "../db";
import { chooseFileStorage } from "../documents/choose-storage";
import { checkUpload, MAX_UPLOAD_BYTES, SNIFF_BYTES } from "../documents/limits";
import { newStorageKey, sha256Hex } from "../documents/storage";
import { hostConfig } from "./config";
import type { WebhookAnswer } from "./ingest";
import type { Verification } from "./signatures";

/**
 * Files from the host platform (F-20, F-29): `PUT /webhooks/host/files/<the
 * document's host id>` with the file itself as the body, signed like every
 * webhook (Standard Webhooks, over the raw bytes), the workspace in the
 * `x-portaal-workspace` header. The document's metadata must have arrived
 * first (`document.created`); until then the answer is 404 and the host
 * retries. The type is decided from the name and the bytes, never taken from
 * the request. See docs/host-integration.md, "Files".
 */

export const FILE_WORKSPACE_HEADER = "x-portaal-workspace";

const TOLERANCE_SECONDS = 5 * 60;

const hostIdSchema = z.string().trim().min(1).max(200);
const workspaceSchema = z.string().trim().min(1).max(200);

function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
}

function signatureOf(key: Buffer, webhookId: string, timestamp: number, body: Uint8Array): string {
  return createHmac("sha256", key).update(`${webhookId}.${timestamp}.`).update(body).digest("base64");
}

/**
 * Standard Webhooks verification over a binary body: the HMAC-SHA256 of
 * `webhook-id.webhook-timestamp.` followed by the body's bytes, with any of
 * the secrets (rotation), any of the `v1,` signatures in the header, and a
 * timestamp within 5 minutes — what verifyHostWebhook checks for JSON, which
 * its library can only do for text.
 */
export function verifyHostFile(body: Uint8Array, headers: Headers, secrets: string[], now = new Date()): Verification {
  const webhookId = headers.get("webhook-id") ?? "";
  const timestampHeader = headers.get("webhook-timestamp") ?? "";
  const signatures = headers.get("webhook-signature") ?? "";
  if (!webhookId || !timestampHeader || !signatures) {
    return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature header" };
  }
  if (secrets.length === 0) return { ok: false, reason: "no HOST_WEBHOOK_SECRET is configured" };
  const timestamp = /^\d{1,12}$/.test(timestampHeader) ? Number(timestampHeader) : Number.NaN;
  if (Number.isNaN(timestamp)) return { ok: false, reason: "Invalid Signature Headers" };
  const seconds = Math.floor(now.getTime() / 1000);
  if (seconds - timestamp > TOLERANCE_SECONDS) return { ok: false, reason: "Message timestamp too old" };
  if (timestamp > seconds + TOLERANCE_SECONDS) return { ok: false, reason: "Message timestamp too new" };
  const passed = signatures.split(" ").flatMap((versioned) => {
    const [version, signature] = versioned.split(",");
    return version === "v1" && signature ? [Buffer.from(signature)] : [];
  });
  for (const secret of secrets) {
    const expected = Buffer.from(signatureOf(secretKey(secret), webhookId, timestamp, body));
    if (passed.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))) {
      return { ok: true, webhookId };
    }
  }
  return { ok: false, reason: "No matching signature found" };
}

/** Headers for a file signed the way verifyHostFile checks (the host simulator and the tests use it). */
export function signedFileHeaders(secret: string, webhookId: string, body: Uint8Array, workspaceId: string, timestamp = new Date()): Headers {
  const seconds = Math.floor(timestamp.getTime() / 1000);
  return new Headers({
    "content-type": "application/octet-stream",
    "webhook-id": webhookId,
    "webhook-timestamp": String(seconds),
    "webhook-signature": `v1,${signatureOf(secretKey(secret), webhookId, seconds, body)}`,
    [FILE_WORKSPACE_HEADER]: workspaceId,
  });
}

type StoredDocument = {
  id: string;
  fileName: string;
  storageKey: string | null;
  sha256: string | null;
  deleted: boolean;
};

const error = (status: number, message: string): WebhookAnswer => ({ status, body: { error: message } });

/**
 * Receives one document's file: verified, for an installed workspace's
 * document that has arrived and is not deleted, within the upload limits.
 * Stored under a new random key; the document then points at it in one
 * transaction that also remembers the webhook id, so a redelivery changes
 * nothing. A file that replaces an earlier one removes that one afterwards;
 * a failed transaction removes what it stored.
 */
export async function receiveHostFile(input: {
  hostDocumentId: string;
  workspaceId: string | null;
  body: Uint8Array;
  headers: Headers;
}): Promise<WebhookAnswer> {
  const verified = verifyHostFile(input.body, input.headers, hostConfig().webhookSecrets);
  if (!verified.ok) return error(401, `signature refused: ${verified.reason}`);
  const hostId = hostIdSchema.safeParse(input.hostDocumentId);
  if (!hostId.success) return { status: 422, body: { errors: [{ path: "document_id", message: "the document id in the path is empty or longer than 200 characters" }] } };
  const workspace = workspaceSchema.safeParse(input.workspaceId ?? "");
  if (!workspace.success) return { status: 422, body: { errors: [{ path: FILE_WORKSPACE_HEADER, message: `the ${FILE_WORKSPACE_HEADER} header names the workspace` }] } };

  const found = await asService("find the document a host file is for", async (tx) => {
    const [tenant] = await tx<{ id: string; status: string }[]>`
      select id, status from public.tenants where host_workspace_id = ${workspace.data}`;
    if (!tenant || tenant.status === "uninstalled") return { tenant: null, document: null, tombstoned: false, duplicate: false };
    const [duplicate] = await tx`select 1 from public.host_webhook_requests where webhook_id = ${verified.webhookId}`;
    const [document] = await tx<StoredDocument[]>`
      select id, file_name as "fileName", storage_key as "storageKey", sha256, deleted_at is not null as deleted
      from public.documents where tenant_id = ${tenant.id} and host_id = ${hostId.data}`;
    const [tombstone] = await tx`
      select 1 from public.host_tombstones where tenant_id = ${tenant.id} and entity = 'document' and host_id = ${hostId.data}`;
    return { tenant, document: document ?? null, tombstoned: Boolean(tombstone), duplicate: Boolean(duplicate) };
  });
  if (!found.tenant) {
    return { status: 422, body: { errors: [{ path: FILE_WORKSPACE_HEADER, message: `unknown or uninstalled workspace ${workspace.data}` }] } };
  }
  if (found.duplicate) return { status: 200, body: { duplicate: true, webhook_id: verified.webhookId } };
  if (found.tombstoned || found.document?.deleted) return error(410, `document ${hostId.data} was deleted`);
  if (!found.document) {
    return error(404, `document ${hostId.data} has not arrived yet: send document.created first, then retry the file`);
  }

  const document = found.document;
  const checked = checkUpload({
    fileName: document.fileName, contentType: input.headers.get("content-type"), size: input.body.byteLength,
    firstBytes: input.body.subarray(0, SNIFF_BYTES),
  });
  if (!checked.ok) {
    switch (checked.reason) {
      case "too-large":
        return error(413, `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
      case "type-not-allowed":
        return error(415, `the file's name (${document.fileName}) and bytes are not one of the allowed types: ${checked.allowed.join(", ")}`);
      case "empty":
        return error(422, "the file is empty");
      case "name":
        return error(422, `the document's file_name cannot be used as a file name: ${JSON.stringify(document.fileName)}`);
    }
  }

  const tenantId = found.tenant.id;
  const sha256 = sha256Hex(input.body);
  const summary = JSON.stringify({
    type: "document.file", workspace_id: workspace.data, document_id: hostId.data, sha256, size_bytes: input.body.byteLength,
  });
  const answer = { document_id: hostId.data, sha256, size_bytes: input.body.byteLength, content_type: checked.contentType };
  if (document.storageKey && document.sha256 === sha256) {
    // The same bytes again (a retry after a lost answer): nothing to store.
    await asService("remember a host file's webhook", (tx) => tx`
      insert into public.host_webhook_requests (webhook_id, workspace_id, body, tenant_id, event_count, applied_count, status)
      values (${verified.webhookId}, ${workspace.data}, ${summary}, ${tenantId}, 1, 1, 'applied')
      on conflict (webhook_id) do nothing`);
    return { status: 200, body: { ...answer, unchanged: true } };
  }

  const storage = chooseFileStorage();
  const key = newStorageKey(tenantId);
  await storage.put(key, input.body, checked.contentType);
  let outcome: { replaced: string | null } | "gone" | "duplicate";
  try {
    outcome = await asService("point a host document at its stored file", async (tx) => {
      const [current] = await tx<{ storageKey: string | null }[]>`
        select storage_key as "storageKey" from public.documents
        where id = ${document.id} and deleted_at is null
        for update`;
      if (!current) return "gone" as const;
      const [request] = await tx`
        insert into public.host_webhook_requests (webhook_id, workspace_id, body, tenant_id, event_count, applied_count, status)
        values (${verified.webhookId}, ${workspace.data}, ${summary}, ${tenantId}, 1, 1, 'applied')
        on conflict (webhook_id) do nothing
        returning id`;
      if (!request) return "duplicate" as const;
      await tx`
        update public.documents
        set storage_key = ${key}, sha256 = ${sha256}, size_bytes = ${input.body.byteLength}, content_type = ${checked.contentType},
          updated_at = now()
        where id = ${document.id}`;
      return { replaced: current.storageKey };
    });
  } catch (failure) {
    await storage.delete(key).catch(() => undefined);
    throw failure;
  }
  if (outcome === "gone" || outcome === "duplicate") {
    await storage.delete(key).catch(() => undefined);
    return outcome === "gone"
      ? error(410, `document ${hostId.data} was deleted`)
      : { status: 200, body: { duplicate: true, webhook_id: verified.webhookId } };
  }
  // The earlier file of this document is no longer referenced by anything.
  if (outcome.replaced && outcome.replaced !== key) await storage.delete(outcome.replaced).catch(() => undefined);
  return { status: 200, body: answer };
}

/**
 * Reads a request body of at most `limit` bytes; null when it is larger (the
 * rest is not read). A declared Content-Length is not trusted for this.
 */
export async function readBodyWithin(request: Request, limit = MAX_UPLOAD_BYTES): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks, size));
}
