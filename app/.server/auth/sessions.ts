import { createHash, randomBytes } from "node:crypto";
import { addDays } from "date-fns";
import { asService, type ContactClaims, type Tx } from "../db";
import type { RequestInfo } from "./request-info";

export const SESSION_LIFETIME_DAYS = 30;

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new opaque session: 256 random bits, stored only as a hash (F-12). */
export async function createSession(
  tx: Tx,
  loginId: string,
  info: RequestInfo,
  now = new Date(),
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  // Absolute lifetime: use never extends it.
  const expiresAt = addDays(now, SESSION_LIFETIME_DAYS);
  const [row] = await tx<{ id: string }[]>`
    insert into public.sessions (login_id, token_hash, created_at, last_used_at, expires_at, ip, user_agent)
    values (${loginId}, ${hashSessionToken(token)}, ${now}, ${now}, ${expiresAt}, ${info.ip}, ${info.userAgent})
    returning id`;
  return { token, sessionId: row!.id, expiresAt };
}

/** The claims a live session token stands for, or null. */
export async function resolveSession(token: string): Promise<ContactClaims | null> {
  const hash = hashSessionToken(token);
  return asService("resolve a session cookie", async (tx) => {
    const [session] = await tx<{ id: string; login_id: string }[]>`
      update public.sessions set last_used_at = now()
      where token_hash = ${hash} and ended_at is null and expires_at > now()
      returning id, login_id`;
    return session ? { kind: "contact", loginId: session.login_id, sessionId: session.id } : null;
  });
}

