import type { Params } from "@remix-run/react";
import { registrationFilterSchema } from "../../shared/registration-filter";
import { withClaims, type Tx } from "../db";
import { notFound, uuidParam } from "../http/params";
import { getPortal, getPortalProject, type PortalSummary } from "./contact-portals";
import { requirePortalViewer, type PortalPreview } from "./viewer";

/**
 * What every page and file of one project of a portal starts with: the
 * signed-in member (or an admin's preview), the ids from the URL, the filter from the query string,
 * and the portal and project as the member may see them (404 otherwise).
 * `fn` runs in the same transaction.
 */
export async function withPortalProject<T>(
  request: Request,
  params: Params,
  fn: (tx: Tx, scope: { portal: PortalSummary; project: { id: string; name: string; code: string | null } }) => Promise<T>,
) {
  const portalId = uuidParam(params.portalId);
  const { claims, preview } = await requirePortalViewer(request, portalId);
  const projectId = uuidParam(params.projectId);
  const filter = registrationFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const data = await withClaims(claims, async (tx) => {
    const [portal, project] = await Promise.all([getPortal(tx, portalId), getPortalProject(tx, portalId, projectId)]);
    if (!portal || !project) return null;
    return { portal, project, ...(await fn(tx, { portal, project })) };
  });
  if (!data) throw notFound();
  return { ...data, filter, portalId, projectId, preview: preview satisfies PortalPreview | null };
}
