import { redirect } from "@remix-run/node";
import type { AdminClaims, ContactClaims } from "../db";
import { adminSessionStorage, readSessionToken } from "./cookies";
import { resolveSession } from "./sessions";

/** The signed-in contact, or a redirect to sign in that comes back here. */
export async function requireContact(request: Request): Promise<ContactClaims> {
  const token = await readSessionToken(request);
  const claims = token ? await resolveSession(token) : null;
  if (!claims) {
    const url = new URL(request.url);
    throw redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return claims;
}

export async function optionalContact(request: Request): Promise<ContactClaims | null> {
  const token = await readSessionToken(request);
  return token ? resolveSession(token) : null;
}

export async function optionalAdmin(request: Request): Promise<AdminClaims | null> {
  const session = await adminSessionStorage(request).getSession(request.headers.get("Cookie"));
  const tenantId = session.get("tenantId");
  const adminId = session.get("adminId");
  return tenantId && adminId ? { kind: "admin", tenantId, adminId } : null;
}

export async function requireAdmin(request: Request): Promise<AdminClaims> {
  const claims = await optionalAdmin(request);
  if (!claims) throw redirect("/admin");
  return claims;
}

/** Only paths of this app: never an open redirect to another site. */
export function safeNextPath(next: string | null | undefined, fallback = "/portals"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}
