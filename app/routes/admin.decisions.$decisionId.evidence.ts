import type { LoaderFunctionArgs } from "@remix-run/node";
import { evidencePdfResponse } from "~/.server/approvals/evidence-download";
import { requireAdmin } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { notFound, uuidParam } from "~/.server/http/params";

/** Any decision's evidence PDF of the admin's own tenant (F-32); another tenant's is simply not found. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const decisionId = uuidParam(params.decisionId);
  const response = await evidencePdfResponse(claims, {
    decisionId, info: requestInfo(request), download: new URL(request.url).searchParams.has("download"),
  });
  if (!response) throw notFound();
  return response;
}
