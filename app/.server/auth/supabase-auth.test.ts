import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { StartupError } from "../config/env";
import { asService, withClaims } from "../db";
import { listLoginPortals } from "../portals/contact-portals";
import { DEMO_ADDRESSES } from "../seed/demo";
import { signInProvider } from "./provider";
import { resolveSession } from "./sessions";

// Supabase Auth's REST contract (GoTrue), as @supabase/supabase-js calls it.
const SUPABASE_URL = "https://portaal-test.supabase.test";
const ANON_KEY = "anon-key-for-the-contract-tests-0123456789";
const RIGHT_CODE = "482913";

type Call = { path: string; body: Record<string, unknown>; apikey: string | null; authorization: string | null };
let calls: Call[] = [];
let otpStatus = 200;

const server = setupServer(
  http.post(`${SUPABASE_URL}/auth/v1/otp`, async ({ request }) => {
    calls.push({ path: "otp", body: (await request.json()) as Record<string, unknown>, apikey: request.headers.get("apikey"), authorization: null });
    if (otpStatus === 429) {
      return HttpResponse.json(
        { code: 429, error_code: "over_email_send_rate_limit", msg: "email rate limit exceeded" },
        { status: 429 },
      );
    }
    return HttpResponse.json({});
  }),
  http.post(`${SUPABASE_URL}/auth/v1/verify`, async ({ request }) => {
    const body = (await request.json()) as { email: string; token: string; type: string };
    calls.push({ path: "verify", body, apikey: request.headers.get("apikey"), authorization: null });
    if (body.type !== "email" || body.token !== RIGHT_CODE) {
      return HttpResponse.json({ code: 403, error_code: "otp_expired", msg: "Token has expired or is invalid" }, { status: 403 });
    }
    const now = Math.floor(Date.now() / 1000);
    return HttpResponse.json({
      access_token: "header.payload.signature",
      token_type: "bearer",
      expires_in: 3600,
      expires_at: now + 3600,
      refresh_token: "refresh-token-1",
      user: {
        id: "6a1f0c2e-6a9c-4d5e-9b1a-2f3e4d5c6b7a", aud: "authenticated", role: "authenticated",
        email: body.email.toUpperCase(), email_confirmed_at: new Date().toISOString(),
        app_metadata: { provider: "email", providers: ["email"] }, user_metadata: {},
        created_at: new Date().toISOString(),
      },
    });
  }),
  http.post(`${SUPABASE_URL}/auth/v1/logout`, ({ request }) => {
    calls.push({ path: `logout?${new URL(request.url).searchParams}`, body: {}, apikey: request.headers.get("apikey"), authorization: request.headers.get("authorization") });
    return new HttpResponse(null, { status: 204 });
  }),
);

const info = { ip: "192.0.2.60", userAgent: "vitest" };
const SUPABASE_ENV = { AUTH_PROVIDER: "supabase", SUPABASE_URL, SUPABASE_ANON_KEY: ANON_KEY };

function provider(headers = new Headers()) {
  return signInProvider(new Request("https://portal.example/login"), headers);
}

describe("Supabase Auth as the sign-in provider", () => {
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  beforeEach(async () => {
    Object.assign(process.env, SUPABASE_ENV);
    calls = [];
    otpStatus = 200;
    await asService("test: no limits", (tx) => tx`delete from public.rate_limit_hits`);
  });
  afterEach(() => {
    for (const name of Object.keys(SUPABASE_ENV)) delete process.env[name];
    server.resetHandlers();
  });

  it("is chosen by AUTH_PROVIDER, and refuses to start without its URL and key", () => {
    expect(provider().name).toBe("supabase");
    expect(provider().codeDigits).toBe(6);
    delete process.env.SUPABASE_ANON_KEY;
    expect(() => provider()).toThrow(StartupError);
    delete process.env.AUTH_PROVIDER;
    expect(provider().name).toBe("builtin");
  });

  it("asks Supabase to e-mail a code to an address with a portal, and not to one without", async () => {
    const request = { language: "nl" as const, baseUrl: "https://portal.example", info };
    const known = await provider().requestCode({ ...request, email: " Bram@Acme.example" });
    const unknown = await provider().requestCode({ ...request, email: "nobody@unknown.example" });
    expect(known).toEqual({ status: "sent", minutes: 60 });
    expect(unknown).toEqual(known);
    expect(calls).toEqual([
      expect.objectContaining({ path: "otp", apikey: ANON_KEY, body: expect.objectContaining({ email: DEMO_ADDRESSES.bram, create_user: true }) }),
    ]);
  });

  it("keeps Portaal's own limits in front of Supabase, and passes on Supabase's", async () => {
    const request = { language: "nl" as const, baseUrl: "https://portal.example", info, email: DEMO_ADDRESSES.bram };
    expect((await provider().requestCode(request)).status).toBe("sent");
    expect((await provider().requestCode(request)).status).toBe("wait");
    expect(calls).toHaveLength(1);

    await asService("test: no limits", (tx) => tx`delete from public.rate_limit_hits`);
    otpStatus = 429;
    expect(await provider().requestCode(request)).toEqual({ status: "limited", minutes: 60 });
  });

  it("signs the login in with a Portaal session after Supabase accepts the code, and drops Supabase's session", async () => {
    const headers = new Headers();
    const result = await provider(headers).verifyCode({ email: DEMO_ADDRESSES.bram, code: "482 913", info });
    expect(result.status).toBe("signed-in");
    if (result.status !== "signed-in") return;
    expect(calls.map((call) => call.path)).toEqual(["verify", "logout?scope=local"]);
    expect(calls[0]!.body).toMatchObject({ email: DEMO_ADDRESSES.bram, token: RIGHT_CODE, type: "email" });
    expect(calls[1]!.authorization).toBe("Bearer header.payload.signature");

    // The same claims as a built-in sign-in: the database shows Bram his portal.
    const claims = await resolveSession(result.token);
    expect(claims).toMatchObject({ kind: "contact", loginId: result.loginId });
    expect((await withClaims(claims!, listLoginPortals)).map((portal) => portal.name)).toEqual(["Acme – Website en app"]);
  });

  it("answers a wrong or expired code without a count of tries, audits it and counts it against the IP", async () => {
    const result = await provider().verifyCode({ email: DEMO_ADDRESSES.bram, code: "000000", info });
    expect(result).toEqual({ status: "wrong", attemptsLeft: null });
    const [audit] = await asService("test: audit", (tx) => tx<{ action: string; ip: string }[]>`
      select action, ip from public.audit_log order by id desc limit 1`);
    expect(audit).toEqual({ action: "sign_in.code_failed", ip: info.ip });
    const [hits] = await asService("test: limits", (tx) => tx<{ hits: number }[]>`
      select hits from public.rate_limit_hits where bucket = ${`wrong-codes:ip:${info.ip}`}`);
    expect(hits!.hits).toBe(1);
  });

  it("does not sign in an address that has no portal, even with a code Supabase accepts", async () => {
    const result = await provider().verifyCode({ email: "nobody@unknown.example", code: RIGHT_CODE, info });
    expect(result).toEqual({ status: "expired" });
  });
});
