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
export function addressBucket(kind: string, email: string): string {
  return `${kind}:address:${createHmac("sha256", authSecret()).update(email).digest("hex").slice(0, 32)}`;
}

export function minutesFrom(seconds: number): number {
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

/** What a code request hands to the provider that delivers the code. */
export type CodeDeliveryInput = {
  loginId: string;
  email: string;
  minutes: number;
  now: Date;
  language: Language;
  baseUrl: string;
  ip: string | null;
};

/**
 * How a code reaches the contact. The built-in delivery makes the code and
 * e-mails it through the outbox; Supabase Auth sends its own
 * (supabase-auth.ts). Rate limits, unknown addresses and auditing are the same
 * for both.
 */
export type CodeDelivery = {
  /** How long a code stays valid, given the tenant's setting. */
  minutes(tenantMinutes: number): number;
  deliver(tx: Tx, input: CodeDeliveryInput): Promise<void>;
  /** The same work for an address without a portal, delivering nothing. */
  pretend(input: Omit<CodeDeliveryInput, "loginId">): Promise<void>;
};

/** A delivery that the provider refused for now (its own rate limit). */
export class DeliveryRateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`the code could not be sent for ${retryAfterSeconds} s`);
  }
}

export const builtinDelivery: CodeDelivery = {
  minutes: (tenantMinutes) => tenantMinutes,
  async deliver(tx, input) {
    const code = generateCode();
    const expiresAt = addMinutes(input.now, input.minutes);
    const message = await renderCodeEmail({ ...input, code, expiresAt });
    // A new code replaces any earlier one.
    await tx`update public.login_codes set consumed_at = ${input.now} where login_id = ${input.loginId} and consumed_at is null`;
    const [row] = await tx<{ id: string }[]>`
      insert into public.login_codes (login_id, code_hash, created_at, expires_at, requested_ip)
      values (${input.loginId}, ${hashCode(input.loginId, code)}, ${input.now}, ${expiresAt}, ${input.ip})
      returning id`;
    await enqueueEmail(tx, {
      tenantId: null,
      idempotencyKey: `sign-in-code:${row!.id}`,
      template: "sign-in-code",
      language: input.language,
      to: input.email,
      subject: intlFor(input.language).formatMessage({ id: "email.signInCode.subject" }),
      html: message.html,
      text: message.text,
      sensitive: true,
    });
  },
  async pretend(input) {
    // The same rendering and hashing; the e-mail goes nowhere.
    const code = generateCode();
    await renderCodeEmail({ ...input, code, expiresAt: addMinutes(input.now, input.minutes) });
    hashCode("00000000-0000-0000-0000-000000000000", code);
  },
};

/**
 * Sends a code to an address that has a portal. An unknown address gets the
 * same answer after the same work and the same limits, so the form cannot be
 * used to probe who is a customer.
 */
export async function requestSignInCode(
  input: {
    email: string;
    language: Language;
    baseUrl: string;
    info: RequestInfo;
    now?: Date;
    minimumMs?: number;
  },
  delivery: CodeDelivery = builtinDelivery,
): Promise<CodeRequestResult> {
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  return atLeast(input.minimumMs ?? CODE_REQUEST_MIN_MS, async () => {
    try {
      return await asService("issue a sign-in code", async (tx): Promise<CodeRequestResult> => {
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
        const minutes = delivery.minutes(login?.minutes ?? DEFAULT_CODE_MINUTES);
        const common = { email, minutes, now, language: input.language, baseUrl: input.baseUrl, ip: input.info.ip };
        if (!login || login.minutes === null) {
          await delivery.pretend(common);
          await recordAudit(tx, { actorKind: "contact", action: "sign_in.code_requested_unknown", ip: input.info.ip, userAgent: input.info.userAgent });
          return { status: "sent", minutes };
        }
        await delivery.deliver(tx, { ...common, loginId: login.id });
        await recordAudit(tx, {
          actorKind: "contact", loginId: login.id, action: "sign_in.code_requested", ip: input.info.ip, userAgent: input.info.userAgent,
        });
        return { status: "sent", minutes };
      });
    } catch (error) {
      if (error instanceof DeliveryRateLimited) return { status: "limited", minutes: minutesFrom(error.retryAfterSeconds) };
      throw error;
    }
  });
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
  // attemptsLeft is null where the provider does not count tries per code (Supabase Auth).
  | { status: "wrong"; attemptsLeft: number | null }
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
    return completeSignIn(tx, { loginId: candidate.login_id, info: input.info, invitationToken: input.invitationToken, now });
  });
}

/** The sign-in itself, whichever provider checked the code: a new session, bookkeeping, audit. */
export async function completeSignIn(
  tx: Tx,
  input: { loginId: string; info: RequestInfo; invitationToken?: string | null; now: Date },
): Promise<CodeVerification & { status: "signed-in" }> {
  const { loginId, now } = input;
  await tx`update public.logins set last_sign_in_at = ${now} where id = ${loginId}`;
  await tx`update public.portal_members set last_sign_in_at = ${now}, accepted_at = coalesce(accepted_at, ${now})
    where login_id = ${loginId} and removed_at is null`;
  if (input.invitationToken) await markInvitationAccepted(tx, input.invitationToken, loginId, now);
  const session = await createSession(tx, loginId, input.info, now);
  await recordAudit(tx, {
    actorKind: "contact", loginId, action: "sign_in.succeeded",
    subjectType: "session", subjectId: session.sessionId, ip: input.info.ip, userAgent: input.info.userAgent,
  });
  return { status: "signed-in", token: session.token, expiresAt: session.expiresAt, loginId };
}
