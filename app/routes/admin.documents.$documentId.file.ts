import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { adminFileResponse } from "~/.server/documents/download";
import { notFound, uuidParam } from "~/.server/http/params";

/** A document's file for the tenant's admins, whatever its channels; audited like a member's download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const documentId = uuidParam(params.documentId);
  const download = new URL(request.url).searchParams.get("download");
  const response = await adminFileResponse(claims, {
    documentId, info: requestInfo(request), download: download !== null && download !== "0",
  });
  if (!response) throw notFound();
  return response;
}
