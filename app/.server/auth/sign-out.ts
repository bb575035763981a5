import { recordAudit } from "../audit/record";
import { asService } from "../db";
import { clearSessionCookieHeader, readSessionToken } from "./cookies";
import { requestInfo } from "./request-info";
import { hashSessionToken } from "./sessions";

/** Ends this browser's session; returns the header that clears its cookie. */
export async function signOut(request: Request): Promise<string> {
  const token = await readSessionToken(request);
  if (token) {
    const info = requestInfo(request);
    await asService("sign out", async (tx) => {
      const [session] = await tx<{ id: string; login_id: string }[]>`
        update public.sessions set ended_at = now(), ended_reason = 'signed_out'
        where token_hash = ${hashSessionToken(token)} and ended_at is null
        returning id, login_id`;
      if (session) {
        await recordAudit(tx, {
          actorKind: "contact", loginId: session.login_id, action: "sign_out",
          subjectType: "session", subjectId: session.id, ip: info.ip, userAgent: info.userAgent,
        });
      }
    });
  }
  return clearSessionCookieHeader(request);
}
