import type { Params } from "@remix-run/react";
import { registrationFilterSchema } from "../../shared/registration-filter";
import { withClaims, type Tx } from "../db";
import { notFound, uuidParam } from "../http/params";
import { getPortal, getPortalProject, type PortalSummary } from "./contact-portals";
import { getPortalBranding } from "./portal-branding";
import { requirePortalViewer } from "./viewer";

/**
 * What every page of a portal starts with: the signed-in member (or an
 * admin's preview), the portal as they may see it and the tenant's brand,
 * then `fn` in the same transaction. No portal, or `fn` answering null, is a
 * plain 404.
 */
export async function withPortalPage<T extends object>(
  request: Request,
  params: Params,
  fn: (tx: Tx, portal: PortalSummary) => Promise<T | null>,
) {
  const portalId = uuidParam(params.portalId);
  const { claims, preview } = await requirePortalViewer(request, portalId);
  const data = await withClaims(claims, async (tx) => {
    const portal = await getPortal(tx, portalId);
    const result = portal ? await fn(tx, portal) : null;
    if (!portal || !result) return null;
    return { portal, branding: await getPortalBranding(tx, portalId), ...result };
  });
  if (!data) throw notFound();
  return { ...data, preview };
}

/**
 * The same for one project of a portal (its pages and files): also the
 * project as the member may see it and the filter from the query string.
 */
export async function withPortalProject<T extends object>(
  request: Request,
  params: Params,
  fn: (tx: Tx, scope: { portal: PortalSummary; project: { id: string; name: string; code: string | null } }) => Promise<T>,
) {
  const projectId = uuidParam(params.projectId);
  const filter = registrationFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const data = await withPortalPage(request, params, async (tx, portal) => {
    const project = await getPortalProject(tx, portal.id, projectId);
    return project ? { project, ...(await fn(tx, { portal, project })) } : null;
  });
  return { ...data, filter, portalId: data.portal.id, projectId };
}
