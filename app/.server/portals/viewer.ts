import { createCookie } from "@remix-run/node";
import { requireContact, optionalAdmin } from "../auth/guards";
import { isSecureRequest } from "../auth/cookies";
import { authSecret } from "../auth/secret";
import type { AdminClaims, ContactClaims } from "../db";

/** An admin looking at a portal as one of its members would (F-8): read-only, with the admin's own claims. */
export type PortalPreview = { portalId: string; memberId: string; memberName: string; adminId: string };

export type PortalViewer =
  | { claims: ContactClaims; preview: null }
  | { claims: AdminClaims; preview: PortalPreview };

function previewCookie(request: Request) {
  return createCookie("portaal_preview", {
    httpOnly: true,
    secure: isSecureRequest(request),
    sameSite: "lax",
    path: "/portals",
    maxAge: 60 * 60,
    secrets: [authSecret()],
  });
}

export async function previewCookieHeader(request: Request, preview: PortalPreview): Promise<string> {
  return previewCookie(request).serialize(preview);
}

export async function clearPreviewCookieHeader(request: Request): Promise<string> {
  return previewCookie(request).serialize("", { maxAge: 0 });
}

async function readPreview(request: Request, portalId: string, admin: AdminClaims | null): Promise<PortalPreview | null> {
  if (!admin) return null;
  const value = (await previewCookie(request).parse(request.headers.get("Cookie"))) as PortalPreview | null;
  if (!value || value.portalId !== portalId || value.adminId !== admin.adminId) return null;
  return value;
}

/**
 * Who looks at a portal page: an admin who chose to preview this portal as a
 * member, or else the signed-in member (a redirect to sign in otherwise).
 * What either sees is decided by the policies for their own claims; the
 * portal views mask exactly as they do for the member.
 */
export async function requirePortalViewer(request: Request, portalId: string): Promise<PortalViewer> {
  const admin = await optionalAdmin(request);
  const preview = await readPreview(request, portalId, admin);
  if (admin && preview) return { claims: admin, preview };
  return { claims: await requireContact(request), preview: null };
}

/**
 * For actions: is this an admin's preview? Then nothing is written, even when
 * the same browser also has a member signed in — the page says "preview".
 */
export async function isPreviewRequest(request: Request, portalId: string): Promise<boolean> {
  const admin = await optionalAdmin(request);
  return (await readPreview(request, portalId, admin)) !== null;
}
