import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditExportDay, exportAuditLogCsv } from "~/.server/audit/csv";
import { requireAdmin } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { requestLanguage } from "~/.server/http/language";
import { auditFilterSchema } from "~/shared/audit-filter";

/** CSV of the filtered audit log (F-31), with the same filters as the page; the export is logged too. */
export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const filter = auditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const csv = await exportAuditLogCsv(claims, { filter, language: await requestLanguage(request), info: requestInfo(request) });
  const name = `audit-log-${auditExportDay()}.csv`;
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
