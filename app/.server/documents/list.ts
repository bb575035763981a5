import type { Params } from "@remix-run/react";
import { z } from "zod";
import { withClaims, type Tx } from "../db";
import { notFound, uuidParam } from "../http/params";
import { getPortal } from "../portals/contact-portals";
import { getPortalBranding } from "../portals/portal-branding";
import { requirePortalViewer } from "../portals/viewer";
import { isPreviewable } from "./limits";
import { portalDocuments, type DocumentViewer } from "./portal-scope";

/**
 * The documents tab of a portal (F-20): the files shared with the member in
 * this portal — not the PDFs of invoices, quotes and orders, which are on
 * their own tabs — with what each belongs to.
 */

export const DOCUMENTS_PAGE_SIZE = 50;

/** The tab's query string; anything malformed is simply ignored. */
export const documentListQuerySchema = z.object({
  q: z.string().trim().max(200).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type DocumentListQuery = z.infer<typeof documentListQuerySchema>;

export const ATTACHMENT_KINDS = ["project", "invoice", "quote", "order", "asset", "subscription"] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export type PortalDocumentRow = {
  id: string;
  title: string;
  fileName: string;
  contentType: string;
  sizeBytes: number | null;
  createdAt: Date;
  /** PDFs and images open in the browser; everything else only downloads. */
  previewable: boolean;
  /** The project, and the invoice, quote, order, asset or subscription, the file belongs to. */
  attachedTo: Array<{ kind: AttachmentKind; label: string }>;
};

export type PortalDocumentPage = { rows: PortalDocumentRow[]; total: number; page: number; pages: number };

type Row = Omit<PortalDocumentRow, "previewable" | "attachedTo"> & {
  projectName: string | null;
  invoiceNumber: string | null;
  quoteNumber: string | null;
  orderNumber: string | null;
  assetName: string | null;
  subscriptionName: string | null;
};

/** LIKE treats %, _ and \ as wildcards or escapes; a search means them literally. */
function containsPattern(text: string): string | null {
  return text ? `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null;
}

/** Whether this portal has a documents tab for the member (or the previewed member) at all. */
export async function portalShowsDocuments(tx: Tx, portalId: string, viewer: DocumentViewer): Promise<boolean> {
  const memberId = viewer.kind === "preview" ? viewer.memberId : null;
  const [row] = await tx<{ shows: boolean }[]>`
    select exists (
      select 1 from public.portals p
      join public.portal_members m on m.portal_id = p.id and m.removed_at is null
        and (${memberId}::uuid is null or m.id = ${memberId}::uuid)
      where p.id = ${portalId}::uuid and p.show_documents and m.can_view_documents
    ) as shows`;
  return row?.shows ?? false;
}

/** One page of the files the portal shows the member, newest first, inside the caller's transaction. */
export async function listPortalDocuments(
  tx: Tx,
  portalId: string,
  viewer: DocumentViewer,
  query: Partial<DocumentListQuery> = {},
): Promise<PortalDocumentPage> {
  const pattern = containsPattern(query.q?.trim() ?? "");
  const filter = tx`
    and not d.is_document_pdf
    and (${pattern}::text is null or d.title ilike ${pattern} or d.file_name ilike ${pattern})`;
  const [counted] = await tx<{ total: number }[]>`
    select count(distinct d.id)::int as total ${portalDocuments(tx, portalId, viewer)} ${filter}`;
  const total = counted?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / DOCUMENTS_PAGE_SIZE));
  const page = Math.min(query.page ?? 1, pages);
  const rows = await tx<Row[]>`
    select distinct on (d.created_at, d.id) d.id, d.title, d.file_name as "fileName", d.content_type as "contentType",
      d.size_bytes::float8 as "sizeBytes", d.created_at as "createdAt",
      (select coalesce(pr.code || ' · ', '') || pr.name from public.projects pr where pr.id = d.project_id) as "projectName",
      (select i.number from public.invoices i where i.id = d.invoice_id) as "invoiceNumber",
      (select q.number from public.quotes q where q.id = d.quote_id) as "quoteNumber",
      (select o.number from public.orders o where o.id = d.order_id) as "orderNumber",
      (select a.name from public.assets a where a.id = d.asset_id) as "assetName",
      (select s.name from public.subscriptions s where s.id = d.subscription_id) as "subscriptionName"
    ${portalDocuments(tx, portalId, viewer)} ${filter}
    order by d.created_at desc, d.id desc
    limit ${DOCUMENTS_PAGE_SIZE} offset ${(page - 1) * DOCUMENTS_PAGE_SIZE}`;
  return { rows: rows.map(toDocumentRow), total, page, pages };
}

function toDocumentRow(row: Row): PortalDocumentRow {
  const attachedTo: PortalDocumentRow["attachedTo"] = [];
  if (row.projectName) attachedTo.push({ kind: "project", label: row.projectName });
  if (row.invoiceNumber) attachedTo.push({ kind: "invoice", label: row.invoiceNumber });
  if (row.quoteNumber) attachedTo.push({ kind: "quote", label: row.quoteNumber });
  if (row.orderNumber) attachedTo.push({ kind: "order", label: row.orderNumber });
  if (row.assetName) attachedTo.push({ kind: "asset", label: row.assetName });
  if (row.subscriptionName) attachedTo.push({ kind: "subscription", label: row.subscriptionName });
  return {
    id: row.id, title: row.title, fileName: row.fileName, contentType: row.contentType, sizeBytes: row.sizeBytes,
    createdAt: row.createdAt, previewable: isPreviewable(row.contentType), attachedTo,
  };
}

/**
 * What the documents tab starts with, like every portal page: the member (or
 * an admin's preview), the portal, its brand and one page of files; a plain
 * 404 when the portal has no documents tab for them.
 */
export async function loadDocumentsTab(request: Request, params: Params) {
  const portalId = uuidParam(params.portalId);
  const query = documentListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { claims, preview } = await requirePortalViewer(request, portalId);
  const viewer: DocumentViewer = preview ? { kind: "preview", memberId: preview.memberId } : { kind: "member" };
  const data = await withClaims(claims, async (tx) => {
    const portal = await getPortal(tx, portalId);
    if (!portal || !(await portalShowsDocuments(tx, portalId, viewer))) return null;
    const list = await listPortalDocuments(tx, portalId, viewer, query);
    return { portal, branding: await getPortalBranding(tx, portalId), ...list };
  });
  if (!data) throw notFound();
  return { ...data, query, preview };
}
