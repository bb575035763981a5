import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit, type AuditEntry } from "../audit/record";
import type { RequestInfo } from "../auth/request-info";
import { asServiceWithin, withClaims, type AdminClaims, type Tx } from "../db";
import { chooseFileStorage } from "./choose-storage";
import { ALLOWED_EXTENSIONS, checkUpload, MAX_UPLOAD_BYTES, SNIFF_BYTES, type UploadRefusal } from "./limits";
import { newStorageKey, sha256Hex } from "./storage";

/**
 * A tenant's documents as its admins manage them (F-20): the list, uploads,
 * where each file may appear and for whom, and deletion. Everything runs with
 * the admin's claims, so the policies decide: another tenant's customer,
 * document or member is simply not there. Only what the system does — the
 * file's key and fingerprint after the bytes are stored, and the audit entry
 * — runs as the service, in the admin's own transaction (ADR 009).
 */

export const ADMIN_DOCUMENTS_PAGE_SIZE = 50;
const uuid = z.uuid();
export const TITLE_MAX = 200;

/** The list's query string; anything malformed is simply ignored. */
export const adminDocumentQuerySchema = z.object({
  customer: z.uuid().optional().catch(undefined),
  /** Files shared as such, or the PDFs of invoices, quotes and orders (which go with those), or both. */
  kind: z.enum(["all", "files", "pdfs"]).catch("all"),
  q: z.string().trim().max(200).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AdminDocumentQuery = z.infer<typeof adminDocumentQuerySchema>;

export type Channels = { portal: boolean; email: boolean; app: boolean };

export type AdminDocumentRow = {
  id: string;
  title: string;
  fileName: string;
  contentType: string;
  sizeBytes: number | null;
  createdAt: Date;
  customerId: string;
  customerName: string;
  projectId: string | null;
  projectName: string | null;
  /** The invoice, quote, order, asset or subscription it belongs to, as a number or name. */
  parent: { kind: "invoice" | "quote" | "order" | "asset" | "subscription"; label: string } | null;
  isDocumentPdf: boolean;
  /** Uploaded here (host id `portaal:…`) rather than sent by the host platform. */
  uploadedHere: boolean;
  /** Whether the file's bytes are stored (a host's document waits for its file until then). */
  stored: boolean;
  channels: Channels;
  restricted: boolean;
  memberIds: string[];
};

export type AdminDocumentPage = { rows: AdminDocumentRow[]; total: number; page: number; pages: number };

export type DocumentCustomer = { id: string; name: string };
export type DocumentProject = { id: string; customerId: string; name: string; code: string | null };
export type DocumentMember = { id: string; customerId: string; name: string; email: string; portalName: string };

/** LIKE treats %, _ and \ as wildcards or escapes; a search means them literally. */
function containsPattern(text: string): string | null {
  return text ? `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
}

type ListRow = Omit<AdminDocumentRow, "parent" | "channels"> & {
  channelPortal: boolean; channelEmail: boolean; channelApp: boolean;
  invoiceNumber: string | null; quoteNumber: string | null; orderNumber: string | null; assetName: string | null; subscriptionName: string | null;
};

/** One page of the tenant's documents (not deleted), newest first, inside the caller's (admin) transaction. */
export async function listTenantDocuments(tx: Tx, query: Partial<AdminDocumentQuery> = {}): Promise<AdminDocumentPage> {
  const pattern = containsPattern(query.q?.trim() ?? "");
  const customer = query.customer ?? null;
  const kind = query.kind ?? "all";
  const where = tx`
    where d.deleted_at is null
      and (${customer}::uuid is null or d.customer_id = ${customer}::uuid)
      and (${kind} = 'all' or d.is_document_pdf = (${kind} = 'pdfs'))
      and (${pattern}::text is null or d.title ilike ${pattern} or d.file_name ilike ${pattern})`;
  const [counted] = await tx<{ total: number }[]>`select count(*)::int as total from public.documents d ${where}`;
  const total = counted?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / ADMIN_DOCUMENTS_PAGE_SIZE));
  const page = Math.min(query.page ?? 1, pages);
  const rows = await tx<ListRow[]>`
    select d.id, d.title, d.file_name as "fileName", d.content_type as "contentType", d.size_bytes::float8 as "sizeBytes",
      d.created_at as "createdAt", d.customer_id as "customerId", c.name as "customerName",
      d.project_id as "projectId", (select coalesce(pr.code || ' · ', '') || pr.name from public.projects pr where pr.id = d.project_id) as "projectName",
      (select i.number from public.invoices i where i.id = d.invoice_id) as "invoiceNumber",
      (select q.number from public.quotes q where q.id = d.quote_id) as "quoteNumber",
      (select o.number from public.orders o where o.id = d.order_id) as "orderNumber",
      (select a.name from public.assets a where a.id = d.asset_id) as "assetName",
      (select s.name from public.subscriptions s where s.id = d.subscription_id) as "subscriptionName",
      d.is_document_pdf as "isDocumentPdf", d.host_id like 'portaal:%' as "uploadedHere", d.storage_key is not null as stored,
      d.channel_portal as "channelPortal", d.channel_email as "channelEmail", d.channel_app as "channelApp",
      d.restricted_to_members as restricted,
      coalesce((select array_agg(dm.member_id order by dm.member_id) from public.document_members dm where dm.document_id = d.id), '{}') as "memberIds"
    from public.documents d join public.customers c on c.id = d.customer_id
    ${where}
    order by d.created_at desc, d.id desc
    limit ${ADMIN_DOCUMENTS_PAGE_SIZE} offset ${(page - 1) * ADMIN_DOCUMENTS_PAGE_SIZE}`;
  return { rows: rows.map(toAdminRow), total, page, pages };
}

function toAdminRow(row: ListRow): AdminDocumentRow {
  const { channelPortal, channelEmail, channelApp, invoiceNumber, quoteNumber, orderNumber, assetName, subscriptionName, ...rest } = row;
  const parent: AdminDocumentRow["parent"] =
    invoiceNumber ? { kind: "invoice", label: invoiceNumber } :
    quoteNumber ? { kind: "quote", label: quoteNumber } :
    orderNumber ? { kind: "order", label: orderNumber } :
    assetName ? { kind: "asset", label: assetName } :
    subscriptionName ? { kind: "subscription", label: subscriptionName } : null;
  return { ...rest, parent, channels: { portal: channelPortal, email: channelEmail, app: channelApp } };
}

/**
 * What the upload and edit forms offer: the tenant's customers, their active
 * projects, and the members of their portals (a file is shared with
 * memberships, so a contact in two portals appears twice, with the portal).
 */
export async function loadDocumentOptions(tx: Tx): Promise<{
  customers: DocumentCustomer[]; projects: DocumentProject[]; members: DocumentMember[];
}> {
  const customers = await tx<DocumentCustomer[]>`
    select id, name from public.customers where deleted_at is null order by name, id`;
  const projects = await tx<DocumentProject[]>`
    select id, customer_id as "customerId", name, code from public.projects
    where deleted_at is null and status <> 'archived' order by name, id`;
  const members = await tx<DocumentMember[]>`
    select m.id, p.customer_id as "customerId", trim(c.first_name || ' ' || c.last_name) as name, c.email, p.name as "portalName"
    from public.portal_members m
    join public.portals p on p.id = m.portal_id
    join public.contacts c on c.id = m.contact_id
    where m.removed_at is null
    order by c.first_name, c.last_name, p.name, m.id`;
  return { customers, projects, members };
}

// --- Uploads and changes ----------------------------------------------------

/** A field's problem, as an i18n id (with values) the form shows at the field. */
export type FieldError = { id: string; values?: Record<string, string | number> };
export type DocumentFieldErrors = Partial<Record<"customerId" | "projectId" | "title" | "file" | "memberIds" | "form", FieldError>>;

export type UploadedFile = { name: string; browserType: string | null; bytes: Uint8Array };

export type UploadInput = {
  /** As the form sent them: anything but a uuid is a field error. */
  customerId: string;
  projectId: string | null;
  title: string;
  file: UploadedFile | null;
  channels: Channels;
  restricted: boolean;
  memberIds: string[];
};

export type UploadResult = { ok: true; documentId: string; title: string } | { ok: false; errors: DocumentFieldErrors };

/** Thrown inside the transaction, so that nothing of a refused upload or change stays. */
class DocumentRefused extends Error {
  constructor(readonly errors: DocumentFieldErrors) {
    super(`document refused: ${Object.keys(errors).join(", ")}`);
  }
}

/** The field error of a refused file (from checkUpload, or the upload handler's size limit). */
export function fileError(refusal: UploadRefusal): FieldError {
  switch (refusal.reason) {
    case "too-large":
      return { id: "admin.documents.error.tooLarge", values: { max: Math.floor(refusal.maxBytes / 1024 / 1024) } };
    case "type-not-allowed":
      return { id: "admin.documents.error.type", values: { types: typeList(refusal.allowed) } };
    case "empty":
      return { id: "admin.documents.error.empty" };
    case "name":
      return { id: "admin.documents.error.name" };
  }
}

/** "PDF, PNG, JPG, …" for messages and help texts. */
export function typeList(extensions: readonly string[] = ALLOWED_EXTENSIONS): string {
  return extensions.map((extension) => extension.toUpperCase()).join(", ");
}

export const MAX_UPLOAD_MEGABYTES = Math.floor(MAX_UPLOAD_BYTES / 1024 / 1024);

/**
 * Uploads a file for one of the tenant's customers (F-20). The row is
 * inserted with the admin's claims — the policy admits only the admin's own
 * customers, a `portaal:` host id and no storage key — then the bytes are
 * stored under a new random key and the key, fingerprint and size are set by
 * the system in the same transaction. Whatever fails, nothing stays: the
 * transaction rolls back and a stored object is deleted again.
 */
export async function uploadDocument(claims: AdminClaims, input: UploadInput, info: RequestInfo): Promise<UploadResult> {
  const errors: DocumentFieldErrors = {};
  const file = input.file;
  const checked = file
    ? checkUpload({ fileName: file.name, contentType: file.browserType, size: file.bytes.byteLength, firstBytes: file.bytes.subarray(0, SNIFF_BYTES) })
    : null;
  if (!file || !checked) errors.file = { id: "admin.documents.error.fileMissing" };
  else if (!checked.ok) errors.file = fileError(checked);
  // No title: the file's name stands in for it.
  const typedTitle = input.title.trim();
  const title = typedTitle || (file?.name.trim() ?? "").slice(0, TITLE_MAX);
  if (typedTitle.length > TITLE_MAX) errors.title = { id: "admin.documents.error.title", values: { max: TITLE_MAX } };
  const memberIds = [...new Set(input.memberIds)];
  if (input.restricted && memberIds.length === 0) errors.memberIds = { id: "admin.documents.error.members" };
  else if (!memberIds.every((id) => uuid.safeParse(id).success)) errors.memberIds = { id: "admin.documents.error.memberGone" };
  if (!uuid.safeParse(input.customerId).success) errors.customerId = { id: "admin.documents.error.customer" };
  if (input.projectId !== null && !uuid.safeParse(input.projectId).success) errors.projectId = { id: "admin.documents.error.project" };
  if (Object.keys(errors).length > 0 || !file || !checked?.ok) return { ok: false, errors };

  const storage = chooseFileStorage();
  const stored: { key: string | null } = { key: null };
  try {
    return await withClaims(claims, async (tx) => {
      const customer = await readCustomer(tx, input.customerId);
      if (!customer) throw new DocumentRefused({ customerId: { id: "admin.documents.error.customer" } });
      await checkProject(tx, input.customerId, input.projectId);
      await checkMembers(tx, input.customerId, input.restricted ? memberIds : []);

      const documentId = randomUUID();
      // The "document shared" e-mail follows when the stored file is recorded below, and only for a
      // file the portal shows to all its members (private.is_news): not for internal or restricted ones.
      await tx`
        insert into public.documents ${tx({
          id: documentId, tenant_id: claims.tenantId, customer_id: input.customerId, project_id: input.projectId,
          host_id: `portaal:${documentId}`, title, file_name: file.name.trim(), content_type: checked.contentType,
          size_bytes: file.bytes.byteLength, channel_portal: input.channels.portal, channel_email: input.channels.email,
          channel_app: input.channels.app, restricted_to_members: input.restricted, uploaded_by_admin_id: claims.adminId,
        })}`;
      await shareWith(tx, claims.tenantId, documentId, input.restricted ? memberIds : []);

      const key = newStorageKey(claims.tenantId);
      try {
        await storage.put(key, file.bytes, checked.contentType);
      } catch {
        throw new DocumentRefused({ form: { id: "admin.documents.error.storage" } });
      }
      stored.key = key;
      await asServiceWithin(tx, "store an admin's uploaded file", async (system) => {
        await system`
          update public.documents set storage_key = ${key}, sha256 = ${sha256Hex(file.bytes)}, size_bytes = ${file.bytes.byteLength}
          where id = ${documentId} and storage_key is null`;
        await recordAudit(system, entry(claims, info, documentId, "document.uploaded", {
          title, fileName: file.name.trim(), contentType: checked.contentType, sizeBytes: file.bytes.byteLength,
          customerId: input.customerId, projectId: input.projectId, channels: input.channels,
          restricted: input.restricted, memberIds: input.restricted ? memberIds : [],
        }));
      });
      return { ok: true as const, documentId, title };
    });
  } catch (error) {
    // The transaction rolled back: the bytes it stored go too.
    if (stored.key) await storage.delete(stored.key).catch(() => undefined);
    if (error instanceof DocumentRefused) return { ok: false, errors: error.errors };
    throw error;
  }
}

async function readCustomer(tx: Tx, customerId: string): Promise<DocumentCustomer | null> {
  const [customer] = await tx<DocumentCustomer[]>`
    select id, name from public.customers where id = ${customerId}::uuid and deleted_at is null`;
  return customer ?? null;
}

async function checkProject(tx: Tx, customerId: string, projectId: string | null): Promise<void> {
  if (!projectId) return;
  const [project] = await tx<{ id: string }[]>`
    select id from public.projects where id = ${projectId}::uuid and customer_id = ${customerId}::uuid and deleted_at is null`;
  if (!project) throw new DocumentRefused({ projectId: { id: "admin.documents.error.project" } });
}

/** Members must be current members of a portal of the document's customer. */
async function checkMembers(tx: Tx, customerId: string, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  const [found] = await tx<{ count: number }[]>`
    select count(*)::int as count from public.portal_members m join public.portals p on p.id = m.portal_id
    where m.id = any(${memberIds}::uuid[]) and p.customer_id = ${customerId}::uuid and m.removed_at is null`;
  if (found?.count !== memberIds.length) throw new DocumentRefused({ memberIds: { id: "admin.documents.error.memberGone" } });
}

/**
 * Shares a document with members. The caller has read the document and
 * checked the members (checkMembers) with the admin's claims, which proves
 * both are the tenant's and of one customer; the rows themselves are written
 * by the system: document_members has no insert policy, because one would
 * read documents, whose policy reads document_members (a cycle Postgres
 * refuses as infinite recursion).
 */
async function shareWith(tx: Tx, tenantId: string, documentId: string, memberIds: string[]): Promise<void> {
  if (memberIds.length === 0) return;
  await asServiceWithin(tx, "share a document the admin read with members the admin checked", (system) => system`
    insert into public.document_members (document_id, member_id, tenant_id)
    select ${documentId}::uuid, member_id, ${tenantId}::uuid from unnest(${memberIds}::uuid[]) as member_id
    on conflict do nothing`);
}

function entry(claims: AdminClaims, info: RequestInfo, documentId: string, action: string, details: Record<string, unknown>): AuditEntry {
  return {
    tenantId: claims.tenantId, actorKind: "admin", adminId: claims.adminId, action, subjectType: "document", subjectId: documentId,
    ip: info.ip, userAgent: info.userAgent, details,
  };
}

export type UpdateInput = {
  documentId: string;
  /** Ignored for a host's document: its title and channels come from the host platform with every update. */
  title: string | null;
  channels: Channels | null;
  restricted: boolean;
  memberIds: string[];
};

export type UpdateResult = { ok: true; title: string; changed: boolean } | { ok: false; errors: DocumentFieldErrors };

type Current = {
  id: string; customerId: string; title: string; uploadedHere: boolean; channels: Channels; restricted: boolean; memberIds: string[];
};

async function readDocument(tx: Tx, documentId: string): Promise<Current | null> {
  const [row] = await tx<Current[]>`
    select d.id, d.customer_id as "customerId", d.title, d.host_id like 'portaal:%' as "uploadedHere",
      json_build_object('portal', d.channel_portal, 'email', d.channel_email, 'app', d.channel_app) as channels,
      d.restricted_to_members as restricted,
      coalesce((select array_agg(dm.member_id order by dm.member_id) from public.document_members dm where dm.document_id = d.id), '{}') as "memberIds"
    from public.documents d
    where d.id = ${documentId}::uuid and d.deleted_at is null
    for update of d`;
  return row ?? null;
}

/**
 * Changes where a file may appear and for whom (and the title of one uploaded
 * here). Null when the document is not one of the admin's tenant, or deleted.
 * Sharing with members of another customer's portals is refused.
 */
export async function updateDocument(claims: AdminClaims, input: UpdateInput, info: RequestInfo): Promise<UpdateResult | null> {
  const memberIds = [...new Set(input.memberIds)].sort();
  if (input.restricted && memberIds.length === 0) return { ok: false, errors: { memberIds: { id: "admin.documents.error.members" } } };
  if (!memberIds.every((id) => uuid.safeParse(id).success)) return { ok: false, errors: { memberIds: { id: "admin.documents.error.memberGone" } } };
  try {
    return await withClaims(claims, async (tx) => {
      const current = await readDocument(tx, input.documentId);
      if (!current) return null;
      const title = current.uploadedHere && input.title !== null ? input.title.trim() || current.title : current.title;
      if (title.length > TITLE_MAX) throw new DocumentRefused({ title: { id: "admin.documents.error.title", values: { max: TITLE_MAX } } });
      const channels = current.uploadedHere && input.channels ? input.channels : current.channels;
      const shared = input.restricted ? memberIds : [];
      const added = shared.filter((id) => !current.memberIds.includes(id));
      const removed = current.memberIds.filter((id) => !shared.includes(id));
      await checkMembers(tx, current.customerId, added);

      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (title !== current.title) changes.title = { from: current.title, to: title };
      for (const channel of ["portal", "email", "app"] as const) {
        if (channels[channel] !== current.channels[channel]) changes[`channel_${channel}`] = { from: current.channels[channel], to: channels[channel] };
      }
      if (input.restricted !== current.restricted) changes.restricted = { from: current.restricted, to: input.restricted };
      if (Object.keys(changes).length === 0 && added.length === 0 && removed.length === 0) return { ok: true as const, title, changed: false };

      await tx`
        update public.documents set title = ${title}, channel_portal = ${channels.portal}, channel_email = ${channels.email},
          channel_app = ${channels.app}, restricted_to_members = ${input.restricted}, updated_at = now()
        where id = ${current.id}`;
      if (removed.length > 0) {
        await tx`delete from public.document_members where document_id = ${current.id} and member_id = any(${removed}::uuid[])`;
      }
      await shareWith(tx, claims.tenantId, current.id, added);
      await asServiceWithin(tx, "audit a document change", (system) =>
        recordAudit(system, entry(claims, info, current.id, "document.updated", { changes, membersAdded: added, membersRemoved: removed })));
      return { ok: true as const, title, changed: true };
    });
  } catch (error) {
    if (error instanceof DocumentRefused) return { ok: false, errors: error.errors };
    throw error;
  }
}

/**
 * Deletes a document (softly: `deleted_at`): members no longer see it at
 * once, the audit log keeps what happened. Null when it is not the admin's.
 */
export async function deleteDocument(claims: AdminClaims, documentId: string, info: RequestInfo): Promise<{ title: string } | null> {
  return withClaims(claims, async (tx) => {
    const current = await readDocument(tx, documentId);
    if (!current) return null;
    await tx`update public.documents set deleted_at = now(), updated_at = now() where id = ${current.id}`;
    await asServiceWithin(tx, "audit a document deletion", (system) =>
      recordAudit(system, entry(claims, info, current.id, "document.deleted", { title: current.title })));
    return { title: current.title };
  });
}
