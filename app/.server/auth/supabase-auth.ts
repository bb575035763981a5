import { createServerClient, parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { recordAudit } from "../audit/record";
import { asService } from "../db";
import {
  addressBucket, completeSignIn, DeliveryRateLimited, minutesFrom, normalizeEmail,
  type CodeDelivery, type CodeVerification,
} from "./codes";
import { hitLimit, peekLimit, SIGN_IN_LIMITS } from "./rate-limits";
import type { RequestInfo } from "./request-info";

export type SupabaseAuthConfig = { url: string; anonKey: string; otpMinutes: number };

/**
 * A Supabase client for one request, the @supabase/ssr way: it reads the
 * request's cookies and writes whatever it sets to the response's headers.
 */
export function supabaseForRequest(config: SupabaseAuthConfig, request: Request, responseHeaders: Headers): SupabaseClient {
  return createServerClient(config.url, config.anonKey, {
    // Portaal never opens a realtime channel, but the client wants a WebSocket
    // to exist, and Node 20 has none of its own.
    realtime: { transport: WebSocket as never },
    cookies: {
      getAll: () => parseCookieHeader(request.headers.get("Cookie") ?? "").map(({ name, value }) => ({ name, value: value ?? "" })),
      setAll: (cookies) => {
        for (const { name, value, options } of cookies) responseHeaders.append("Set-Cookie", serializeCookieHeader(name, value, options));
      },
    },
  });
}

/** Retry-After of a Supabase 429, or its default window of an hour. */
function retryAfterSeconds(error: { status?: number }): number | null {
  return error.status === 429 ? 60 * 60 : null;
}

/**
 * Codes through Supabase Auth's e-mail OTP. Supabase makes, sends and checks
 * the code; Portaal keeps its own limits, unknown-address handling and audit
 * (codes.ts), and only asks Supabase for addresses that have a portal.
 */
export function supabaseDelivery(client: SupabaseClient, config: SupabaseAuthConfig): CodeDelivery {
  return {
    // Supabase has one expiry for every e-mail token, set in the project.
    minutes: () => config.otpMinutes,
    async deliver(_tx, input) {
      const { error } = await client.auth.signInWithOtp({ email: input.email, options: { shouldCreateUser: true } });
      if (!error) return;
      const wait = retryAfterSeconds(error);
      if (wait !== null) throw new DeliveryRateLimited(wait);
      throw new Error(`Supabase Auth refused to send a code: ${error.message}`);
    },
    async pretend() {
      // Nothing to render: Supabase sends its own e-mail. The answer waits for
      // CODE_REQUEST_MIN_MS either way, which covers Supabase's round trip.
    },
  };
}

/**
 * Checks a code with Supabase Auth and, when it is right, signs the address's
 * Portaal login in with a Portaal session — the same claims as the built-in
 * provider. Supabase's own session is signed out again at once: Portaal's
 * session is the one that revocation (F-14) reaches.
 */
export async function verifyWithSupabase(
  client: SupabaseClient,
  input: { email: string; code: string; info: RequestInfo; invitationToken?: string | null; now?: Date },
): Promise<CodeVerification> {
  const email = normalizeEmail(input.email);
  const now = input.now ?? new Date();
  const ipBucket = input.info.ip ? `wrong-codes:ip:${input.info.ip}` : null;
  if (ipBucket) {
    const limit = await asService("check the wrong-code limit", (tx) => peekLimit(tx, ipBucket, SIGN_IN_LIMITS.wrongCodesPerIp, now));
    if (!limit.allowed) return { status: "limited", minutes: minutesFrom(limit.retryAfterSeconds) };
  }
  const { data, error } = await client.auth.verifyOtp({ email, token: input.code.replace(/\s/g, ""), type: "email" });
  if (error || !data.user?.email) {
    const wait = error ? retryAfterSeconds(error) : null;
    if (wait !== null) return { status: "limited", minutes: minutesFrom(wait) };
    await asService("record a wrong Supabase code", async (tx) => {
      if (ipBucket) await hitLimit(tx, ipBucket, SIGN_IN_LIMITS.wrongCodesPerIp, now);
      await recordAudit(tx, {
        actorKind: "contact", action: "sign_in.code_failed", ip: input.info.ip, userAgent: input.info.userAgent,
        details: { provider: "supabase", address: addressBucket("codes", email) },
      });
    });
    return { status: "wrong", attemptsLeft: null };
  }
  const verifiedEmail = normalizeEmail(data.user.email);
  const result = await asService("sign in after a Supabase code", async (tx): Promise<CodeVerification> => {
    const [login] = await tx<{ id: string }[]>`
      select l.id from public.logins l
      where l.email = ${verifiedEmail}
        and exists (
          select 1 from public.portal_members m
          join public.portals p on p.id = m.portal_id
          join public.tenants t on t.id = p.tenant_id
          where m.login_id = l.id and m.removed_at is null and p.status = 'active' and t.status = 'active')`;
    // The address lost its last portal between code and sign-in.
    if (!login || verifiedEmail !== email) return { status: "expired" };
    return completeSignIn(tx, { loginId: login.id, info: input.info, invitationToken: input.invitationToken, now });
  });
  await client.auth.signOut({ scope: "local" });
  return result;
}
