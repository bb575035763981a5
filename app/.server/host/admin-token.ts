import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { recordAudit } from "../audit/record";
import { adminSessionStorage } from "../auth/cookies";
import { requestInfo } from "../auth/request-info";
import { asService } from "../db";
import { hostConfig, type HostConfig } from "./config";

export type HostAdmin = { workspaceId: string; userId: string; email: string; name: string; jti: string; expiresAt: Date };

const jwksCache = new Map<string, JWTVerifyGetKey>();

/**
 * Verifies the short-lived token the host puts on `/admin?token=…` (jose):
 * HS256 with HOST_JWT_SECRET, or the host's keys from HOST_JWKS_URL. It must
 * be meant for Portaal (aud), at most 5 minutes old, and name the workspace
 * and the user.
 */
export async function verifyHostAdminToken(token: string, config: HostConfig = hostConfig(), now = new Date()): Promise<HostAdmin> {
  let key: Uint8Array | JWTVerifyGetKey;
  if (config.jwtSecret) key = new TextEncoder().encode(config.jwtSecret);
  else if (config.jwksUrl) {
    key = jwksCache.get(config.jwksUrl) ?? createRemoteJWKSet(new URL(config.jwksUrl));
    jwksCache.set(config.jwksUrl, key as JWTVerifyGetKey);
  } else throw new Error("no HOST_JWT_SECRET or HOST_JWKS_URL is configured");
  const { payload } = await jwtVerify(token, key as Uint8Array, {
    audience: "portaal",
    issuer: config.jwtIssuer ?? undefined,
    maxTokenAge: "5m",
    clockTolerance: 30,
    currentDate: now,
    requiredClaims: ["exp", "iat", "jti", "sub"],
  });
  const workspaceId = payload.workspace_id;
  const email = payload.email;
  if (typeof workspaceId !== "string" || !workspaceId) throw new Error("the token names no workspace_id");
  if (typeof email !== "string" || !email.includes("@")) throw new Error("the token names no email");
  return {
    workspaceId, userId: payload.sub!, email: email.toLowerCase(),
    name: typeof payload.name === "string" && payload.name ? payload.name : email,
    jti: payload.jti!, expiresAt: new Date(payload.exp! * 1000),
  };
}

export type HostSignIn = { ok: true; cookie: string } | { ok: false; reason: string };

/**
 * Turns a host token into an admin session of that workspace's tenant. Each
 * token works once; the tenant must be installed.
 */
export async function signInHostAdmin(request: Request, token: string, now = new Date()): Promise<HostSignIn> {
  let admin: HostAdmin;
  try {
    admin = await verifyHostAdminToken(token, hostConfig(), now);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const info = requestInfo(request);
  const outcome = await asService("sign in an admin from the host", async (tx) => {
    const [fresh] = await tx`
      insert into public.host_admin_token_uses (jti, expires_at) values (${admin.jti}, ${admin.expiresAt})
      on conflict (jti) do nothing returning jti`;
    if (!fresh) return { reason: "this token was used already" };
    const [tenant] = await tx<{ id: string }[]>`
      select id from public.tenants where host_workspace_id = ${admin.workspaceId} and status <> 'uninstalled'`;
    if (!tenant) return { reason: `workspace ${admin.workspaceId} has not installed Portaal` };
    const [row] = await tx<{ id: string }[]>`
      insert into public.tenant_admins (tenant_id, host_user_id, email, name, last_seen_at)
      values (${tenant.id}, ${admin.userId}, ${admin.email}, ${admin.name}, now())
      on conflict (tenant_id, host_user_id) do update set email = excluded.email, name = excluded.name, last_seen_at = now()
      returning id`;
    await recordAudit(tx, {
      tenantId: tenant.id, actorKind: "admin", adminId: row!.id, action: "admin.signed_in_from_host",
      ip: info.ip, userAgent: info.userAgent,
    });
    return { tenantId: tenant.id, adminId: row!.id };
  });
  if ("reason" in outcome) return { ok: false, reason: outcome.reason! };
  const storage = adminSessionStorage(request);
  const session = await storage.getSession();
  session.set("tenantId", outcome.tenantId);
  session.set("adminId", outcome.adminId);
  return { ok: true, cookie: await storage.commitSession(session) };
}
