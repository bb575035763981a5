import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { addMinutes, differenceInSeconds } from "date-fns";
import { createElement } from "react";
import { SignInCodeEmail } from "../../../emails/sign-in-code";
import { intlFor, type Language } from "../../i18n";
import { recordAudit } from "../audit/record";
import { asService, type Tx } from "../db";
import { enqueueEmail } from "../email/outbox";
import { renderEmail } from "../email/render";
import { CODE_DIGITS, RESEND_AFTER_SECONDS } from "../../shared/sign-in";
import type { RequestInfo } from "./request-info";
import { authSecret } from "./secret";
import { createSession } from "./sessions";

export const MAX_FAILED_ATTEMPTS = 5;
export const DEFAULT_CODE_MINUTES = 10;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function generateCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, "0");
}

/** Keyed hash: a leaked table of hashes cannot be brute-forced without the server secret. */
export function hashCode(loginId: string, code: string): string {
  return createHmac("sha256", authSecret()).update(`${loginId}:${code}`).digest("hex");
}

export type CodeRequestResult = { status: "sent"; minutes: number } | { status: "wait"; seconds: number };

/**
 * Sends a code to an address that has a portal. An unknown address gets the
 * same answer, so the form cannot be used to probe who is a customer.
 */
export async function requestSignInCode(input: {
  email: string;
  language: Language;
  baseUrl: string;
  info: RequestInfo;
}): Promise<CodeRequestResult> {
  const email = normalizeEmail(input.email);
  const code = generateCode();
  return asService("issue a sign-in code", async (tx) => {
    const [login] = await tx<{ id: string; minutes: number | null; last_code_at: Date | null }[]>`
      select l.id,
        (select min(t.code_lifetime_minutes) from public.portal_members m
           join public.portals p on p.id = m.portal_id
           join public.tenants t on t.id = p.tenant_id
         where m.login_id = l.id and m.removed_at is null and p.status = 'active' and t.status = 'active') as minutes,
        (select max(c.created_at) from public.login_codes c where c.login_id = l.id) as last_code_at
      from public.logins l where l.email = ${email}`;
    if (!login || login.minutes === null) {
      await recordAudit(tx, { actorKind: "contact", action: "sign_in.code_requested_unknown", ip: input.info.ip, userAgent: input.info.userAgent });
      return { status: "sent", minutes: DEFAULT_CODE_MINUTES };
    }
    if (login.last_code_at) {
      const waited = differenceInSeconds(new Date(), login.last_code_at);
      if (waited < RESEND_AFTER_SECONDS) return { status: "wait", seconds: RESEND_AFTER_SECONDS - waited };
    }
    const minutes = login.minutes;
    const expiresAt = addMinutes(new Date(), minutes);
    // A new code replaces any earlier one.
    await tx`update public.login_codes set consumed_at = now() where login_id = ${login.id} and consumed_at is null`;
    const [row] = await tx<{ id: string }[]>`
      insert into public.login_codes (login_id, code_hash, expires_at, requested_ip)
      values (${login.id}, ${hashCode(login.id, code)}, ${expiresAt}, ${input.info.ip})
      returning id`;
    await queueCodeEmail(tx, { email, code, minutes, expiresAt, language: input.language, baseUrl: input.baseUrl, codeId: row!.id });
    await recordAudit(tx, {
      actorKind: "contact", loginId: login.id, action: "sign_in.code_requested", ip: input.info.ip, userAgent: input.info.userAgent,
    });
    return { status: "sent", minutes };
  });
}

async function queueCodeEmail(
  tx: Tx,
  input: { email: string; code: string; minutes: number; expiresAt: Date; language: Language; baseUrl: string; codeId: string },
) {
  const codePageUrl = new URL(`/login/code?email=${encodeURIComponent(input.email)}`, input.baseUrl).toString();
  const { html, text } = await renderEmail(
    createElement(SignInCodeEmail, {
      language: input.language, code: input.code, minutes: input.minutes, expiresAt: input.expiresAt, codePageUrl,
    }),
  );
  await enqueueEmail(tx, {
    tenantId: null,
    idempotencyKey: `sign-in-code:${input.codeId}`,
    template: "sign-in-code",
    language: input.language,
    to: input.email,
    subject: intlFor(input.language).formatMessage({ id: "email.signInCode.subject" }),
    html,
    text,
    sensitive: true,
  });
}

export type CodeVerification =
  | { status: "signed-in"; token: string; expiresAt: Date; loginId: string }
  | { status: "wrong"; attemptsLeft: number }
  | { status: "expired" }
  | { status: "locked" };

/** Checks a code; on success the code is spent and a new session begins. */
export async function verifySignInCode(input: { email: string; code: string; info: RequestInfo }): Promise<CodeVerification> {
  const email = normalizeEmail(input.email);
  const code = input.code.replace(/\D/g, "");
  return asService("verify a sign-in code", async (tx) => {
    const [candidate] = await tx<{ id: string; login_id: string; code_hash: string; failed_attempts: number }[]>`
      select c.id, c.login_id, c.code_hash, c.failed_attempts
      from public.login_codes c join public.logins l on l.id = c.login_id
      where l.email = ${email} and c.consumed_at is null and c.expires_at > now()
      order by c.created_at desc limit 1
      for update of c`;
    if (!candidate) return { status: "expired" };
    if (candidate.failed_attempts >= MAX_FAILED_ATTEMPTS) return { status: "locked" };

    const expected = Buffer.from(candidate.code_hash, "hex");
    const actual = Buffer.from(hashCode(candidate.login_id, code), "hex");
    if (!timingSafeEqual(expected, actual)) {
      const failed = candidate.failed_attempts + 1;
      await tx`update public.login_codes set failed_attempts = ${failed} where id = ${candidate.id}`;
      await recordAudit(tx, {
        actorKind: "contact", loginId: candidate.login_id,
        action: failed >= MAX_FAILED_ATTEMPTS ? "sign_in.code_locked" : "sign_in.code_failed",
        ip: input.info.ip, userAgent: input.info.userAgent,
      });
      return failed >= MAX_FAILED_ATTEMPTS ? { status: "locked" } : { status: "wrong", attemptsLeft: MAX_FAILED_ATTEMPTS - failed };
    }

    await tx`update public.login_codes set consumed_at = now() where id = ${candidate.id}`;
    await tx`update public.logins set last_sign_in_at = now() where id = ${candidate.login_id}`;
    await tx`update public.portal_members set last_sign_in_at = now(), accepted_at = coalesce(accepted_at, now())
      where login_id = ${candidate.login_id} and removed_at is null`;
    const session = await createSession(tx, candidate.login_id, input.info);
    await recordAudit(tx, {
      actorKind: "contact", loginId: candidate.login_id, action: "sign_in.succeeded",
      subjectType: "session", subjectId: session.sessionId, ip: input.info.ip, userAgent: input.info.userAgent,
    });
    return { status: "signed-in", token: session.token, expiresAt: session.expiresAt, loginId: candidate.login_id };
  });
}
