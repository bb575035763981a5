import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestInfo } from "~/.server/auth/request-info";
import { portalFileResponse } from "~/.server/documents/download";
import { notFound, uuidParam } from "~/.server/http/params";
import { requirePortalViewer } from "~/.server/portals/viewer";

/**
 * A document's file in a portal (F-20): PDFs and images open in the browser,
 * `?download=1` (and every other type) saves it. Missing, not shared, deleted
 * or someone else's: the same plain 404.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const portalId = uuidParam(params.portalId);
  const documentId = uuidParam(params.documentId);
  const viewer = await requirePortalViewer(request, portalId);
  const download = new URL(request.url).searchParams.get("download");
  const response = await portalFileResponse(viewer, {
    portalId, documentId, info: requestInfo(request), download: download !== null && download !== "0",
  });
  if (!response) throw notFound();
  return response;
}
