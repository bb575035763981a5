import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { addMinutes } from "date-fns";
import { createElement } from "react";
import { SignInCodeEmail } from "../../../emails/sign-in-code";
import { intlFor, type Language } from "../../i18n";
import { recordAudit } from "../audit/record";
import { asService, type Tx } from "../db";
import { enqueueEmail } from "../email/outbox";
import { renderEmail } from "../email/render";
import { CODE_DIGITS } from "../../shared/sign-in";
import { markInvitationAccepted } from "./invitations";
import { hitLimit, peekLimit, SIGN_IN_LIMITS } from "./rate-limits";
import type { RequestInfo } from "./request-info";
import { authSecret } from "./secret";
import { createSession } from "./sessions";

export const MAX_FAILED_ATTEMPTS = 5;
export const DEFAULT_CODE_MINUTES = 10;
/**
 * A code request answers no sooner than this, known address or not: the work
 * differs by a few database writes, well inside it (npm run bench measures).
 */
export const CODE_REQUEST_MIN_MS = 300;

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

/** Rate-limit buckets name addresses by a keyed hash, never in clear. */
function addressBucket(kind: string, email: string): string {
  return `${kind}:address:${createHmac("sha256", authSecret()).update(email).digest("hex").slice(0, 32)}`;
}

function minutesFrom(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

export type CodeRequestResult =
  | { status: "sent"; minutes: number }
  | { status: "wait"; seconds: number }
  | { status: "limited"; minutes: number };

/** Runs `work`, and answers no sooner than `ms` after it started. */
async function atLeast<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const left = ms - (performance.now() - started);
  if (left > 0) await sleep(left);
  return result;
}

/**
 * Sends a code to an address that has a portal. An unknown address gets the
 * same answer after the same work (the e-mail is rendered, then dropped), and
 * the same limits, so the form cannot be used to probe who is a customer.
 */
export async function requestSignInCode(input: {
  email: string;
  language: Language;
  baseUrl: string;
  info: RequestInfo;
  now?: Date;
  minimumMs?: number;
}): Promise<CodeRequestResult> {
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  return atLeast(input.minimumMs ?? CODE_REQUEST_MIN_MS, () => asService("issue a sign-in code", async (tx) => {
    const resend = await hitLimit(tx, addressBucket("resend", email), SIGN_IN_LIMITS.resendPerAddress, now);
    if (!resend.allowed) return { status: "wait", seconds: resend.retryAfterSeconds };
    const perAddress = await hitLimit(tx, addressBucket("codes", email), SIGN_IN_LIMITS.codesPerAddress, now);
    const perIp = input.info.ip ? await hitLimit(tx, `codes:ip:${input.info.ip}`, SIGN_IN_LIMITS.codesPerIp, now) : perAddress;
    const blocked = [perAddress, perIp].find((outcome) => !outcome.allowed);
    if (blocked && !blocked.allowed) {
      await recordAudit(tx, {
        actorKind: "contact", action: "sign_in.code_rate_limited", ip: input.info.ip, userAgent: input.info.userAgent,
        details: { retryAfterSeconds: blocked.retryAfterSeconds },
      });
      return { status: "limited", minutes: minutesFrom(blocked.retryAfterSeconds) };
    }

    const [login] = await tx<{ id: string; minutes: number | null }[]>`
      select l.id,
        (select min(t.code_lifetime_minutes) from public.portal_members m
           join public.portals p on p.id = m.portal_id
           join public.tenants t on t.id = p.tenant_id
         where m.login_id = l.id and m.removed_at is null and p.status = 'active' and t.status = 'active') as minutes
      from public.logins l where l.email = ${email}`;
    const code = generateCode();
    const minutes = login?.minutes ?? DEFAULT_CODE_MINUTES;
    const expiresAt = addMinutes(now, minutes);
    const message = await renderCodeEmail({ email, code, minutes, expiresAt, language: input.language, baseUrl: input.baseUrl });
    if (!login || login.minutes === null) {
      // The same hash and the same kind of write as below; the rendered e-mail goes nowhere.
      hashCode("00000000-0000-0000-0000-000000000000", code);
      await recordAudit(tx, { actorKind: "contact", action: "sign_in.code_requested_unknown", ip: input.info.ip, userAgent: input.info.userAgent });
      return { status: "sent", minutes };
    }
    // A new code replaces any earlier one.
    await tx`update public.login_codes set consumed_at = ${now} where login_id = ${login.id} and consumed_at is null`;
    const [row] = await tx<{ id: string }[]>`
      insert into public.login_codes (login_id, code_hash, created_at, expires_at, requested_ip)
      values (${login.id}, ${hashCode(login.id, code)}, ${now}, ${expiresAt}, ${input.info.ip})
      returning id`;
    await enqueueEmail(tx, {
      tenantId: null,
      idempotencyKey: `sign-in-code:${row!.id}`,
      template: "sign-in-code",
      language: input.language,
      to: email,
      subject: intlFor(input.language).formatMessage({ id: "email.signInCode.subject" }),
      html: message.html,
      text: message.text,
      sensitive: true,
    });
    await recordAudit(tx, {
      actorKind: "contact", loginId: login.id, action: "sign_in.code_requested", ip: input.info.ip, userAgent: input.info.userAgent,
    });
    return { status: "sent", minutes };
  }));
}

async function renderCodeEmail(input: {
  email: string; code: string; minutes: number; expiresAt: Date; language: Language; baseUrl: string;
}): Promise<{ html: string; text: string }> {
  const codePageUrl = new URL(`/login/code?email=${encodeURIComponent(input.email)}`, input.baseUrl).toString();
  return renderEmail(
    createElement(SignInCodeEmail, {
      language: input.language, code: input.code, minutes: input.minutes, expiresAt: input.expiresAt, codePageUrl,
    }),
  );
}

export type CodeVerification =
  | { status: "signed-in"; token: string; expiresAt: Date; loginId: string }
  | { status: "wrong"; attemptsLeft: number }
  | { status: "expired" }
  | { status: "locked" }
  | { status: "limited"; minutes: number };

/**
 * Checks a code; on success the code is spent, a new session begins and an
 * invitation the sign-in came through is accepted.
 */
export async function verifySignInCode(input: {
  email: string;
  code: string;
  info: RequestInfo;
  invitationToken?: string | null;
  now?: Date;
}): Promise<CodeVerification> {
  const email = normalizeEmail(input.email);
  const code = input.code.replace(/\D/g, "");
  const now = input.now ?? new Date();
  const ipBucket = input.info.ip ? `wrong-codes:ip:${input.info.ip}` : null;
  return asService("verify a sign-in code", async (tx) => {
    if (ipBucket) {
      const limit = await peekLimit(tx, ipBucket, SIGN_IN_LIMITS.wrongCodesPerIp, now);
      if (!limit.allowed) return { status: "limited", minutes: minutesFrom(limit.retryAfterSeconds) };
    }
    const [candidate] = await tx<{ id: string; login_id: string; code_hash: string; failed_attempts: number }[]>`
      select c.id, c.login_id, c.code_hash, c.failed_attempts
      from public.login_codes c join public.logins l on l.id = c.login_id
      where l.email = ${email} and c.consumed_at is null and c.expires_at > ${now}
      order by c.created_at desc limit 1
      for update of c`;
    if (!candidate) {
      if (ipBucket) await hitLimit(tx, ipBucket, SIGN_IN_LIMITS.wrongCodesPerIp, now);
      return { status: "expired" };
    }
    if (candidate.failed_attempts >= MAX_FAILED_ATTEMPTS) return { status: "locked" };

    const expected = Buffer.from(candidate.code_hash, "hex");
    const actual = Buffer.from(hashCode(candidate.login_id, code), "hex");
    if (!timingSafeEqual(expected, actual)) {
      const failed = candidate.failed_attempts + 1;
      await tx`update public.login_codes set failed_attempts = ${failed} where id = ${candidate.id}`;
      if (ipBucket) await hitLimit(tx, ipBucket, SIGN_IN_LIMITS.wrongCodesPerIp, now);
      await recordAudit(tx, {
        actorKind: "contact", loginId: candidate.login_id,
        action: failed >= MAX_FAILED_ATTEMPTS ? "sign_in.code_locked" : "sign_in.code_failed",
        ip: input.info.ip, userAgent: input.info.userAgent,
      });
      return failed >= MAX_FAILED_ATTEMPTS ? { status: "locked" } : { status: "wrong", attemptsLeft: MAX_FAILED_ATTEMPTS - failed };
    }

    await tx`update public.login_codes set consumed_at = ${now} where id = ${candidate.id}`;
    await tx`update public.logins set last_sign_in_at = ${now} where id = ${candidate.login_id}`;
    await tx`update public.portal_members set last_sign_in_at = ${now}, accepted_at = coalesce(accepted_at, ${now})
      where login_id = ${candidate.login_id} and removed_at is null`;
    if (input.invitationToken) await markInvitationAccepted(tx, input.invitationToken, candidate.login_id, now);
    const session = await createSession(tx, candidate.login_id, input.info, now);
    await recordAudit(tx, {
      actorKind: "contact", loginId: candidate.login_id, action: "sign_in.succeeded",
      subjectType: "session", subjectId: session.sessionId, ip: input.info.ip, userAgent: input.info.userAgent,
    });
    return { status: "signed-in", token: session.token, expiresAt: session.expiresAt, loginId: candidate.login_id };
  });
}
