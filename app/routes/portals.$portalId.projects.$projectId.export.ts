import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireContact } from "~/.server/auth/guards";
import { withClaims } from "~/.server/db";
import { requestLanguage } from "~/.server/http/language";
import { notFound, uuidParam } from "~/.server/http/params";
import { getPortal, getPortalProject } from "~/.server/portals/contact-portals";
import { registrationsCsv } from "~/.server/registrations/csv";
import { exportPortalRegistrations } from "~/.server/registrations/list";
import { registrationFilterSchema } from "~/shared/registration-filter";

/** CSV of the filtered registrations of a project (F-17); visibility comes from the database, as on the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const claims = await requireContact(request);
  const portalId = uuidParam(params.portalId);
  const projectId = uuidParam(params.projectId);
  const filter = registrationFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const data = await withClaims(claims, async (tx) => {
    const [portal, project] = await Promise.all([getPortal(tx, portalId), getPortalProject(tx, portalId, projectId)]);
    if (!portal || !project) return null;
    return { portal, project, rows: await exportPortalRegistrations(tx, { ...filter, portalId, projectId }) };
  });
  if (!data) throw notFound();
  const showDescription = filter.kind !== "hours" || data.portal.hoursVisibility === "full";
  const csv = registrationsCsv(data.rows, { kind: filter.kind, showDescription, language: await requestLanguage(request) });
  const name = [data.project.code ?? data.project.name, filter.kind, filter.from, filter.to].filter(Boolean).join("-")
    .replace(/[^\p{L}\p{N}._-]+/gu, "_");
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}.csv"; filename*=UTF-8''${encodeURIComponent(`${name}.csv`)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
