import { createCookie, createCookieSessionStorage } from "@remix-run/node";
import { authSecret } from "./secret";

/**
 * Over https the cookie is `__Host-` prefixed and Secure. Demo mode on plain
 * http (localhost) falls back to an unprefixed, non-Secure cookie — browsers
 * refuse Secure cookies there — and is documented as demo-only.
 */
export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

function sessionCookie(secure: boolean, maxAgeSeconds?: number) {
  return createCookie(secure ? "__Host-portaal_session" : "portaal_session", {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: "/",
    maxAge: maxAgeSeconds,
  });
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const header = request.headers.get("Cookie");
  const value = await sessionCookie(isSecureRequest(request)).parse(header);
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function sessionCookieHeader(request: Request, token: string, expiresAt: Date): Promise<string> {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
  return sessionCookie(isSecureRequest(request), maxAge).serialize(token);
}

export async function clearSessionCookieHeader(request: Request): Promise<string> {
  return sessionCookie(isSecureRequest(request), 0).serialize("", { maxAge: 0 });
}

/**
 * Admin sessions: a signed cookie naming tenant and admin, made from the
 * host's token (or the demo sign-in). Over https it is SameSite=None, because
 * the host shows the admin pages in a frame on its own site; writes are still
 * refused unless they come from this origin (the Origin check in the HTTP front).
 */
export function adminSessionStorage(request: Request) {
  const secure = isSecureRequest(request);
  return createCookieSessionStorage<{ tenantId: string; adminId: string }>({
    cookie: {
      name: secure ? "__Host-portaal_admin" : "portaal_admin",
      httpOnly: true,
      secure,
      sameSite: secure ? "none" : "lax",
      path: "/",
      maxAge: 8 * 60 * 60,
      secrets: [authSecret()],
    },
  });
}

export const languageCookie = createCookie("portaal_language", { path: "/", sameSite: "lax", maxAge: 365 * 24 * 3600 });
