import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestLanguage } from "~/.server/http/language";
import { withPortalProject } from "~/.server/portals/project-scope";
import { registrationsCsv } from "~/.server/registrations/csv";
import { exportPortalRegistrations } from "~/.server/registrations/list";
import { registrationFilterSchema } from "~/shared/registration-filter";

/** CSV of the filtered registrations of a project (F-17); visibility comes from the database, as on the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const filter = registrationFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const data = await withPortalProject(request, params, async (tx, { portal, project }) => ({
    rows: await exportPortalRegistrations(tx, { ...filter, portalId: portal.id, projectId: project.id }),
  }));
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
