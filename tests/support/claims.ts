import { adminSessionStorage } from "../../app/.server/auth/cookies";
import { createSession } from "../../app/.server/auth/sessions";
import { asService, type AdminClaims, type ContactClaims } from "../../app/.server/db";

/** The claims of the (first) admin of a workspace's tenant. */
export async function adminClaimsOf(workspace: string): Promise<AdminClaims> {
  const [row] = await asService("test: find the admin", (tx) => tx<{ tenantId: string; adminId: string }[]>`
    select t.id as "tenantId", a.id as "adminId" from public.tenants t
    join public.tenant_admins a on a.tenant_id = t.id where t.host_workspace_id = ${workspace}
    order by a.created_at limit 1`);
  if (!row) throw new Error(`no admin for workspace ${workspace}`);
  return { kind: "admin", ...row };
}

/** A new live session for an address, the way a sign-in makes one: its claims and cookie token. */
export async function signedInContact(email: string, userAgent = "vitest"): Promise<{ claims: ContactClaims; token: string }> {
  return asService("test: sign a contact in", async (tx) => {
    const [login] = await tx<{ id: string }[]>`select id from public.logins where email = ${email}`;
    if (!login) throw new Error(`no login for ${email}`);
    const session = await createSession(tx, login.id, { ip: "192.0.2.50", userAgent });
    return { claims: { kind: "contact", loginId: login.id, sessionId: session.sessionId }, token: session.token };
  });
}

/** A Cookie header value for an admin session of a workspace's (first) admin, as the admin pages expect it. */
export async function adminCookieOf(workspace: string, url = "http://localhost:3000/admin"): Promise<string> {
  const claims = await adminClaimsOf(workspace);
  const storage = adminSessionStorage(new Request(url));
  const session = await storage.getSession();
  session.set("tenantId", claims.tenantId);
  session.set("adminId", claims.adminId);
  return (await storage.commitSession(session)).split(";")[0]!;
}
