import { recordAudit } from "../audit/record";
import type { RequestInfo } from "../auth/request-info";
import { asService, withClaims, type AdminClaims, type Tx } from "../db";
import type { PortalViewer } from "../portals/viewer";
import { chooseFileStorage } from "./choose-storage";
import { isPreviewable } from "./limits";
import { portalDocuments } from "./portal-scope";

/**
 * Serving a document's file (F-20, F-31): the policies decide whether the
 * caller may have it, the bytes come from the storage behind its random key,
 * and every download and every preview is in the audit log — not only the
 * first. Whatever the reason a file cannot be had (no such id, someone
 * else's, not shared, deleted, bytes missing), the answer is the same plain
 * 404, never a 403 that would confirm it exists.
 */

export type Disposition = "inline" | "attachment";

type FileRow = {
  id: string;
  tenantId: string;
  fileName: string;
  contentType: string;
  storageKey: string;
  memberId: string | null;
};

export type FileRequest = { documentId: string; download: boolean; info: RequestInfo };

/** A document file of one portal, for its member or an admin's preview of that member; null when not found. */
export async function portalFileResponse(
  viewer: PortalViewer,
  input: FileRequest & { portalId: string },
): Promise<Response | null> {
  const scopeViewer = viewer.preview ? { kind: "preview" as const, memberId: viewer.preview.memberId } : { kind: "member" as const };
  const file = await withClaims(viewer.claims, async (tx) => {
    const [row] = await tx<FileRow[]>`
      select d.id, d.tenant_id as "tenantId", d.file_name as "fileName", d.content_type as "contentType",
        d.storage_key as "storageKey", m.id as "memberId"
      ${portalDocuments(tx, input.portalId, scopeViewer)}
        and d.id = ${input.documentId}::uuid
      limit 1`;
    return row ?? null;
  });
  if (!file) return null;
  return serve(file, input, (tx, disposition) =>
    recordAudit(tx, {
      tenantId: file.tenantId,
      actorKind: viewer.preview ? "admin" : "contact",
      loginId: viewer.preview ? null : viewer.claims.loginId,
      adminId: viewer.preview ? viewer.claims.adminId : null,
      portalId: input.portalId,
      memberId: file.memberId,
      action: disposition === "inline" ? "document.previewed" : "document.downloaded",
      subjectType: "document",
      subjectId: file.id,
      ip: input.info.ip,
      userAgent: input.info.userAgent,
      details: { fileName: file.fileName, ...(viewer.preview ? { preview: true } : {}) },
    }),
  );
}

/** Any of the tenant's stored, not deleted files, for its admins (whatever the channels); null when not found. */
export async function adminFileResponse(claims: AdminClaims, input: FileRequest): Promise<Response | null> {
  const file = await withClaims(claims, async (tx) => {
    const [row] = await tx<FileRow[]>`
      select d.id, d.tenant_id as "tenantId", d.file_name as "fileName", d.content_type as "contentType",
        d.storage_key as "storageKey", null::uuid as "memberId"
      from public.documents d
      where d.id = ${input.documentId}::uuid and d.deleted_at is null and d.storage_key is not null`;
    return row ?? null;
  });
  if (!file) return null;
  return serve(file, input, (tx, disposition) =>
    recordAudit(tx, {
      tenantId: file.tenantId,
      actorKind: "admin",
      adminId: claims.adminId,
      action: disposition === "inline" ? "document.previewed" : "document.downloaded",
      subjectType: "document",
      subjectId: file.id,
      ip: input.info.ip,
      userAgent: input.info.userAgent,
      details: { fileName: file.fileName },
    }),
  );
}

async function serve(
  file: FileRow,
  input: FileRequest,
  audit: (tx: Tx, disposition: Disposition) => Promise<void>,
): Promise<Response | null> {
  const storage = chooseFileStorage();
  const object = await storage.get(file.storageKey);
  if (!object) return null;
  const contentType = safeContentType(file.contentType);
  // Only what a browser shows harmlessly opens in it; everything else is always saved.
  const disposition: Disposition = !input.download && isPreviewable(contentType) ? "inline" : "attachment";
  // Recorded before a byte leaves: no entry, no file.
  await asService(disposition === "inline" ? "audit a document preview" : "audit a document download", (tx) => audit(tx, disposition));
  return new Response(Buffer.from(object.body), {
    status: 200,
    headers: fileHeaders({ fileName: file.fileName, contentType, size: object.body.byteLength }, disposition),
  });
}

/** A stored type as a header value; anything unexpected is served as plain bytes. */
export function safeContentType(value: string): string {
  const base = (value.split(";")[0] ?? "").trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(base) ? base : "application/octet-stream";
}

/**
 * The headers of a file response: its real name (RFC 6266 with an RFC 5987
 * `filename*` for names beyond ASCII), its type and never a sniffed one, never
 * cached by anyone but this browser, and shown in a sandbox: an image opened
 * inline runs no script and shares nothing with the app's origin. PDFs are
 * the exception to the sandbox — Chromium refuses to start its PDF viewer in
 * a sandboxed document, whatever tokens allow — and keep the app's own
 * content security policy instead; their type was checked on upload.
 */
export function fileHeaders(file: { fileName: string; contentType: string; size: number }, disposition: Disposition): Headers {
  const headers = new Headers({
    "Content-Type": file.contentType,
    "Content-Length": String(file.size),
    "Content-Disposition": contentDisposition(disposition, file.fileName),
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
  });
  if (disposition === "attachment" || file.contentType !== "application/pdf") {
    headers.set("Content-Security-Policy", "sandbox");
  }
  return headers;
}

// Control characters and the bidirectional overrides that make "invoice‮fdp.exe" read as "invoiceexe.pdf".
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g;

/** `attachment; filename="Offerte_2026.pdf"; filename*=UTF-8''Offerte%E2%80%932026.pdf` (RFC 6266, RFC 5987). */
export function contentDisposition(disposition: Disposition, fileName: string): string {
  const name = fileName.replace(UNSAFE_IN_NAME, "").replace(/[/\\]/g, "_").trim() || "file";
  const fallback = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^\x20-\x7e]/g, "_").replace(/["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
