import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { registrationHistory } from "~/.server/approvals/history";
import { withClaims } from "~/.server/db";
import { notFound, uuidParam } from "~/.server/http/params";
import { requirePortalViewer } from "~/.server/portals/viewer";

/** One registration's decisions, for the history dialog (F-33). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const portalId = uuidParam(params.portalId);
  const registrationId = uuidParam(params.registrationId);
  const { claims } = await requirePortalViewer(request, portalId);
  const history = await withClaims(claims, (tx) => registrationHistory(tx, portalId, registrationId));
  if (!history) throw notFound();
  return json({ history }, { headers: { "Cache-Control": "private, no-store" } });
}
