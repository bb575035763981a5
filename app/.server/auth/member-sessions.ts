import UAParser from "ua-parser-js";
import { recordAudit } from "../audit/record";
import { asService, withClaims, type ContactClaims } from "../db";
import type { RequestInfo } from "./request-info";

export type MemberSession = {
  id: string;
  device: string;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  current: boolean;
};

/** "Firefox 128 on Windows 10"; an unreadable user agent becomes null. */
export function describeDevice(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const { browser, os, device } = new UAParser(userAgent).getResult();
  const browserName = [browser.name, browser.major].filter(Boolean).join(" ");
  const system = [os.name, os.version].filter(Boolean).join(" ") || [device.vendor, device.model].filter(Boolean).join(" ");
  if (!browserName && !system) return null;
  return browserName && system ? `${browserName} · ${system}` : browserName || system;
}

/** The login's live sessions (F-37), newest use first; RLS limits them to the caller's own. */
export async function listMemberSessions(claims: ContactClaims): Promise<Array<Omit<MemberSession, "device"> & { userAgent: string | null }>> {
  const rows = await withClaims(claims, (tx) => tx<{ id: string; ip: string | null; userAgent: string | null; createdAt: Date; lastUsedAt: Date; expiresAt: Date }[]>`
    select id, ip, user_agent as "userAgent", created_at as "createdAt", last_used_at as "lastUsedAt", expires_at as "expiresAt"
    from public.sessions
    where ended_at is null and expires_at > now()
    order by last_used_at desc`);
  return rows.map((row) => ({ ...row, current: row.id === claims.sessionId }));
}

/**
 * Ends one of the caller's sessions, or all of them (`"all"`). The update runs
 * with the member's claims, so RLS keeps it to their own sessions. Returns how
 * many ended and whether the caller's own session was among them.
 */
export async function endMemberSessions(
  claims: ContactClaims,
  which: string | "all",
  info: RequestInfo,
): Promise<{ ended: number; includesCurrent: boolean }> {
  const reason = which === "all" ? "signed_out_everywhere" : "ended_by_member";
  const ended = await withClaims(claims, (tx) => tx<{ id: string }[]>`
    update public.sessions set ended_at = now(), ended_reason = ${reason}
    where ended_at is null ${which === "all" ? tx`` : tx`and id = ${which}`}
    returning id`);
  if (ended.length > 0) {
    await asService("audit: a member ended sessions", (tx) => recordAudit(tx, {
      actorKind: "contact", loginId: claims.loginId, action: which === "all" ? "sessions.ended_everywhere" : "sessions.ended",
      subjectType: "session", subjectId: which === "all" ? claims.sessionId : which,
      ip: info.ip, userAgent: info.userAgent, details: { sessions: ended.map((row) => row.id) },
    }));
  }
  return { ended: ended.length, includesCurrent: ended.some((row) => row.id === claims.sessionId) };
}
