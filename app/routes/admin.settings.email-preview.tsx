import type { ActionFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "~/.server/auth/guards";
import { withClaims } from "~/.server/db";
import { notFound } from "~/.server/http/params";
import { parseInvitationDraft, renderInvitationPreview } from "~/.server/portals/portal-branding";

/**
 * The invitation e-mail with the settings page's unsaved text and branding,
 * as HTML for the page's sandboxed preview frame. POST, because the texts can
 * be long; it changes nothing.
 */
export async function action({ request }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const draft = parseInvitationDraft(await request.formData());
  const html = await withClaims(claims, (tx) => renderInvitationPreview(tx, draft));
  if (html === null) throw notFound();
  return new Response(html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export function loader() {
  return new Response(null, { status: 405, headers: { Allow: "POST" } });
}
