import type { LoaderFunctionArgs } from "@remix-run/node";
import { evidencePdfResponse } from "~/.server/approvals/evidence-download";
import { requestInfo } from "~/.server/auth/request-info";
import { notFound, uuidParam } from "~/.server/http/params";
import { requirePortalViewer } from "~/.server/portals/viewer";

/** The evidence PDF of a decision (F-32); opens in the browser, `?download` saves it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const portalId = uuidParam(params.portalId);
  const decisionId = uuidParam(params.decisionId);
  const { claims } = await requirePortalViewer(request, portalId);
  const response = await evidencePdfResponse(claims, {
    decisionId, portalId, info: requestInfo(request), download: new URL(request.url).searchParams.has("download"),
  });
  if (!response) throw notFound();
  return response;
}
