import type { LoaderFunctionArgs } from "@remix-run/node";
import { optionalAdmin, optionalContact, requireContact } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { quoteEvidencePdfResponse } from "~/.server/billing/quote-evidence";
import type { Claims } from "~/.server/db";
import { notFound, uuidParam } from "~/.server/http/params";

/**
 * The evidence PDF of a decision on a quote: for the member who made it and
 * the tenant's admins, a 404 for anyone else. Opens in the browser;
 * `?download` saves it. Every download is audited.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const portalId = uuidParam(params.portalId);
  const decisionId = uuidParam(params.decisionId);
  const callers: Claims[] = [await optionalContact(request), await optionalAdmin(request)].filter((claims) => claims !== null);
  // Nobody signed in: sign in first, then come back here.
  if (callers.length === 0) callers.push(await requireContact(request));
  const response = await quoteEvidencePdfResponse(callers, {
    decisionId, portalId, info: requestInfo(request), download: new URL(request.url).searchParams.has("download"),
  });
  if (!response) throw notFound();
  return response;
}
