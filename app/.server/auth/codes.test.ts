import { addMinutes, addSeconds } from "date-fns";
import { beforeEach, describe, expect, it } from "vitest";
import { asService } from "../db";
import { DEMO_ADDRESSES } from "../seed/demo";
import { CODE_REQUEST_MIN_MS, hashCode, MAX_FAILED_ATTEMPTS, requestSignInCode, verifySignInCode } from "./codes";
import { SIGN_IN_LIMITS } from "./rate-limits";
import { resolveSession } from "./sessions";

const info = { ip: "203.0.113.7", userAgent: "vitest" };

// A fake clock: every test starts at its own time and moves it forward itself.
let clock = new Date();
const tick = (seconds: number) => (clock = addSeconds(clock, seconds));

const request = (email: string, from = info) =>
  requestSignInCode({ email, language: "nl", baseUrl: "http://localhost:3000", info: from, now: clock, minimumMs: 0 });
const verify = (email: string, code: string, from = info) => verifySignInCode({ email, code, info: from, now: clock });

async function latestCodeEmail(to: string) {
  const [row] = await asService("test: read the outbox", (tx) => tx<{ subject: string; text_body: string; html: string; sensitive: boolean }[]>`
    select subject, text_body, html, sensitive from public.email_outbox
    where to_address = ${to} and template = 'sign-in-code' order by created_at desc, id desc limit 1`);
  if (!row) throw new Error(`no sign-in e-mail for ${to}`);
  const code = /(\d{4}) (\d{4})/.exec(row.text_body);
  return { ...row, code: code ? code[1]! + code[2]! : null };
}

const otherThan = (code: string) => (code === "00000000" ? "11111111" : "00000000");

describe("one-time sign-in codes", () => {
  beforeEach(async () => {
    clock = new Date();
    await asService("test: forget codes and limits", async (tx) => {
      await tx`delete from public.login_codes`;
      await tx`delete from public.rate_limit_hits`;
    });
  });

  it("e-mails an 8-digit code through the outbox and stores only a keyed hash of it", async () => {
    const result = await request("  Bram@Acme.example ");
    expect(result).toEqual({ status: "sent", minutes: 10 });
    const email = await latestCodeEmail(DEMO_ADDRESSES.bram);
    expect(email.code).toMatch(/^\d{8}$/);
    expect(email.sensitive).toBe(true);
    expect(email.subject).not.toContain(email.code!);
    expect(email.html).toContain("/login/code?email=bram%40acme.example");

    const [stored] = await asService("test: read codes", (tx) => tx<{ code_hash: string; login_id: string; expires_at: Date }[]>`
      select c.code_hash, c.login_id, c.expires_at from public.login_codes c
      join public.logins l on l.id = c.login_id where l.email = ${DEMO_ADDRESSES.bram} and c.consumed_at is null`);
    expect(stored!.code_hash).not.toContain(email.code!);
    expect(stored!.code_hash).toBe(hashCode(stored!.login_id, email.code!));
    expect(stored!.expires_at.getTime()).toBe(addMinutes(clock, 10).getTime());
  });

  it("uses the tenant's code lifetime", async () => {
    await asService("test: shorter codes", (tx) => tx`update public.tenants set code_lifetime_minutes = 5 where name = 'Studio Noord'`);
    try {
      expect(await request(DEMO_ADDRESSES.bram)).toEqual({ status: "sent", minutes: 5 });
    } finally {
      await asService("test: restore", (tx) => tx`update public.tenants set code_lifetime_minutes = 10 where name = 'Studio Noord'`);
    }
  });

  it("answers an unknown address exactly like a known one, sends nothing, and takes at least as long", async () => {
    const started = performance.now();
    const unknown = await requestSignInCode({
      email: "nobody@unknown.example", language: "nl", baseUrl: "http://localhost:3000", info, now: clock,
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(CODE_REQUEST_MIN_MS - 1);
    expect(unknown).toEqual(await request(DEMO_ADDRESSES.bram));
    const [row] = await asService("test: count", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.email_outbox where to_address = 'nobody@unknown.example'`);
    expect(row!.count).toBe(0);
    // And the same "send again" wait.
    tick(10);
    expect(await request("nobody@unknown.example")).toEqual(await request(DEMO_ADDRESSES.bram));
  });

  it("lets a new code be sent after 60 seconds, and says how long to wait before", async () => {
    expect((await request(DEMO_ADDRESSES.bram)).status).toBe("sent");
    tick(25);
    expect(await request(DEMO_ADDRESSES.bram)).toEqual({ status: "wait", seconds: 35 });
    tick(35);
    expect((await request(DEMO_ADDRESSES.bram)).status).toBe("sent");
  });

  it("limits codes per address, known or not, with a wait in minutes", async () => {
    for (const email of [DEMO_ADDRESSES.bram, "nobody@unknown.example"]) {
      for (let sent = 0; sent < SIGN_IN_LIMITS.codesPerAddress.max; sent += 1) {
        expect((await request(email, { ...info, ip: `198.51.100.${sent}` })).status).toBe("sent");
        tick(61);
      }
      const limited = await request(email, { ...info, ip: "198.51.100.99" });
      expect(limited).toEqual({ status: "limited", minutes: 55 });
      clock = new Date();
      await asService("test: reset limits", (tx) => tx`delete from public.rate_limit_hits`);
    }
  });

  it("limits code requests per client IP", async () => {
    for (let sent = 0; sent < SIGN_IN_LIMITS.codesPerIp.max; sent += 1) {
      expect((await request(`visitor${sent}@unknown.example`)).status).toBe("sent");
    }
    expect(await request(DEMO_ADDRESSES.bram)).toEqual({ status: "limited", minutes: 60 });
    // Another address from another IP is unaffected; the window ends after an hour.
    expect((await request(DEMO_ADDRESSES.carla, { ...info, ip: "192.0.2.1" })).status).toBe("sent");
    tick(60 * 60);
    expect((await request(DEMO_ADDRESSES.bram)).status).toBe("sent");
  });

  it("signs in with the right code once, and a replayed code is refused", async () => {
    await request(DEMO_ADDRESSES.bram);
    const { code } = await latestCodeEmail(DEMO_ADDRESSES.bram);
    const first = await verify(DEMO_ADDRESSES.bram, `${code!.slice(0, 4)} ${code!.slice(4)}`);
    expect(first.status).toBe("signed-in");
    if (first.status !== "signed-in") return;
    expect(first.token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    expect(await resolveSession(first.token)).toMatchObject({ kind: "contact", loginId: first.loginId });

    expect(await verify(DEMO_ADDRESSES.bram, code!)).toEqual({ status: "expired" });
  });

  it("gives every sign-in a new session id", async () => {
    const tokens: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      await request(DEMO_ADDRESSES.bram);
      const { code } = await latestCodeEmail(DEMO_ADDRESSES.bram);
      const result = await verify(DEMO_ADDRESSES.bram, code!);
      if (result.status !== "signed-in") throw new Error(result.status);
      tokens.push(result.token);
      tick(61);
    }
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it("refuses a code sent to another address", async () => {
    await request(DEMO_ADDRESSES.bram);
    await request(DEMO_ADDRESSES.carla);
    const bramsCode = (await latestCodeEmail(DEMO_ADDRESSES.bram)).code!;
    const carlasCode = (await latestCodeEmail(DEMO_ADDRESSES.carla)).code!;
    if (bramsCode === carlasCode) return; // one chance in 10^8
    expect(await verify(DEMO_ADDRESSES.carla, bramsCode)).toEqual({ status: "wrong", attemptsLeft: 4 });
  });

  it("counts wrong tries down and locks the code after five (brute force)", async () => {
    await request(DEMO_ADDRESSES.bram);
    const { code } = await latestCodeEmail(DEMO_ADDRESSES.bram);
    for (let attempt = 1; attempt < MAX_FAILED_ATTEMPTS; attempt += 1) {
      expect(await verify(DEMO_ADDRESSES.bram, otherThan(code!))).toEqual({
        status: "wrong",
        attemptsLeft: MAX_FAILED_ATTEMPTS - attempt,
      });
    }
    expect(await verify(DEMO_ADDRESSES.bram, otherThan(code!))).toEqual({ status: "locked" });
    // Even the right code is refused now.
    expect(await verify(DEMO_ADDRESSES.bram, code!)).toEqual({ status: "locked" });
  });

  it("refuses a code once its lifetime has passed", async () => {
    await request(DEMO_ADDRESSES.bram);
    const { code } = await latestCodeEmail(DEMO_ADDRESSES.bram);
    tick(10 * 60);
    expect(await verify(DEMO_ADDRESSES.bram, code!)).toEqual({ status: "expired" });
  });

  it("limits wrong codes per client IP across addresses", async () => {
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.wrongCodesPerIp.max; attempt += 1) {
      expect((await verify(`guess${attempt}@unknown.example`, "12345678")).status).toBe("expired");
    }
    await request(DEMO_ADDRESSES.bram, { ...info, ip: "192.0.2.2" });
    const { code } = await latestCodeEmail(DEMO_ADDRESSES.bram);
    expect(await verify(DEMO_ADDRESSES.bram, code!)).toEqual({ status: "limited", minutes: 60 });
    // The same code from another network still works.
    expect((await verify(DEMO_ADDRESSES.bram, code!, { ...info, ip: "192.0.2.2" })).status).toBe("signed-in");
  });

  it("records requests, failures, locks, limits and sign-ins in the audit log with IP and user agent", async () => {
    await request(DEMO_ADDRESSES.bram);
    const { code } = await latestCodeEmail(DEMO_ADDRESSES.bram);
    await verify(DEMO_ADDRESSES.bram, otherThan(code!));
    await verify(DEMO_ADDRESSES.bram, code!);
    const actions = await asService("test: audit", (tx) => tx<{ action: string; ip: string; user_agent: string }[]>`
      select a.action, a.ip, a.user_agent from public.audit_log a join public.logins l on l.id = a.login_id
      where l.email = ${DEMO_ADDRESSES.bram} order by a.id desc limit 3`);
    expect(actions.map((row) => row.action)).toEqual(["sign_in.succeeded", "sign_in.code_failed", "sign_in.code_requested"]);
    expect(actions.every((row) => row.ip === info.ip && row.user_agent === "vitest")).toBe(true);

    tick(61);
    await request(DEMO_ADDRESSES.bram);
    const next = (await latestCodeEmail(DEMO_ADDRESSES.bram)).code!;
    for (let attempt = 0; attempt < MAX_FAILED_ATTEMPTS; attempt += 1) await verify(DEMO_ADDRESSES.bram, otherThan(next));
    const [locked] = await asService("test: audit", (tx) => tx<{ action: string }[]>`
      select a.action from public.audit_log a join public.logins l on l.id = a.login_id
      where l.email = ${DEMO_ADDRESSES.bram} order by a.id desc limit 1`);
    expect(locked!.action).toBe("sign_in.code_locked");
  });

  it("sends no code to an address whose only membership was removed", async () => {
    await asService("test: remove carla", (tx) => tx`
      update public.portal_members set removed_at = now()
      where login_id = (select id from public.logins where email = ${DEMO_ADDRESSES.carla})`);
    try {
      expect(await request(DEMO_ADDRESSES.carla)).toEqual({ status: "sent", minutes: 10 });
      const [row] = await asService("test: count", (tx) => tx<{ count: number }[]>`
        select count(*)::int as count from public.login_codes c join public.logins l on l.id = c.login_id
        where l.email = ${DEMO_ADDRESSES.carla}`);
      expect(row!.count).toBe(0);
    } finally {
      await asService("test: restore carla", (tx) => tx`
        update public.portal_members set removed_at = null
        where login_id = (select id from public.logins where email = ${DEMO_ADDRESSES.carla})`);
    }
  });
});
