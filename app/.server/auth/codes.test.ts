import { beforeEach, describe, expect, it } from "vitest";
import { asService } from "../db";
import { DEMO_ADDRESSES } from "../seed/demo";
import { hashCode, MAX_FAILED_ATTEMPTS, requestSignInCode, verifySignInCode } from "./codes";
import { resolveSession } from "./sessions";

const info = { ip: "203.0.113.7", userAgent: "vitest" };
const request = (email: string) =>
  requestSignInCode({ email, language: "nl", baseUrl: "http://localhost:3000", info });

async function latestCodeEmail(to: string) {
  const [row] = await asService("test: read the outbox", (tx) => tx<{ subject: string; text_body: string; html: string; sensitive: boolean }[]>`
    select subject, text_body, html, sensitive from public.email_outbox
    where to_address = ${to} and template = 'sign-in-code' order by created_at desc limit 1`);
  if (!row) throw new Error(`no sign-in e-mail for ${to}`);
  const code = /(\d{4}) (\d{4})/.exec(row.text_body);
  return { ...row, code: code ? code[1]! + code[2]! : null };
}

async function forgetCodes(email: string) {
  await asService("test: reset codes", (tx) => tx`
    delete from public.login_codes where login_id = (select id from public.logins where email = ${email})`);
}

describe("one-time sign-in codes", () => {
  beforeEach(async () => {
    await forgetCodes(DEMO_ADDRESSES.bram);
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
    const minutesLeft = (stored!.expires_at.getTime() - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(9);
    expect(minutesLeft).toBeLessThanOrEqual(10);
  });

  it("answers an unknown address exactly like a known one, and sends nothing", async () => {
    const result = await request("nobody@unknown.example");
    expect(result).toEqual({ status: "sent", minutes: 10 });
    const [row] = await asService("test: count", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.email_outbox where to_address = 'nobody@unknown.example'`);
    expect(row!.count).toBe(0);
  });

  it("makes a second request within a minute wait, saying how long", async () => {
    await request(DEMO_ADDRESSES.bram);
    const again = await request(DEMO_ADDRESSES.bram);
    expect(again.status).toBe("wait");
    if (again.status === "wait") {
      expect(again.seconds).toBeGreaterThan(0);
      expect(again.seconds).toBeLessThanOrEqual(60);
    }
  });

  it("signs in with the right code once, and never again with the same code", async () => {
    await request(DEMO_ADDRESSES.bram);
    const { code } = await latestCodeEmail(DEMO_ADDRESSES.bram);
    const first = await verifySignInCode({ email: DEMO_ADDRESSES.bram, code: `${code!.slice(0, 4)} ${code!.slice(4)}`, info });
    expect(first.status).toBe("signed-in");
    if (first.status !== "signed-in") return;
    expect(first.token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const claims = await resolveSession(first.token);
    expect(claims).toMatchObject({ kind: "contact", loginId: first.loginId });

    const reuse = await verifySignInCode({ email: DEMO_ADDRESSES.bram, code: code!, info });
    expect(reuse.status).toBe("expired");
  });

  it("counts wrong tries down and locks the code after five", async () => {
    await request(DEMO_ADDRESSES.bram);
    const { code } = await latestCodeEmail(DEMO_ADDRESSES.bram);
    const wrong = code === "00000000" ? "11111111" : "00000000";
    for (let attempt = 1; attempt < MAX_FAILED_ATTEMPTS; attempt += 1) {
      expect(await verifySignInCode({ email: DEMO_ADDRESSES.bram, code: wrong, info })).toEqual({
        status: "wrong",
        attemptsLeft: MAX_FAILED_ATTEMPTS - attempt,
      });
    }
    expect(await verifySignInCode({ email: DEMO_ADDRESSES.bram, code: wrong, info })).toEqual({ status: "locked" });
    // Even the right code is refused now.
    expect(await verifySignInCode({ email: DEMO_ADDRESSES.bram, code: code!, info })).toEqual({ status: "locked" });
  });

  it("refuses an expired code", async () => {
    await request(DEMO_ADDRESSES.bram);
    const { code } = await latestCodeEmail(DEMO_ADDRESSES.bram);
    await asService("test: expire", (tx) => tx`
      update public.login_codes set expires_at = now() - interval '1 second'
      where login_id = (select id from public.logins where email = ${DEMO_ADDRESSES.bram})`);
    expect(await verifySignInCode({ email: DEMO_ADDRESSES.bram, code: code!, info })).toEqual({ status: "expired" });
  });

  it("records requests, failures and sign-ins in the audit log with IP and user agent", async () => {
    await request(DEMO_ADDRESSES.bram);
    const { code } = await latestCodeEmail(DEMO_ADDRESSES.bram);
    await verifySignInCode({ email: DEMO_ADDRESSES.bram, code: code === "12345678" ? "87654321" : "12345678", info });
    await verifySignInCode({ email: DEMO_ADDRESSES.bram, code: code!, info });
    const actions = await asService("test: audit", (tx) => tx<{ action: string; ip: string; user_agent: string }[]>`
      select a.action, a.ip, a.user_agent from public.audit_log a join public.logins l on l.id = a.login_id
      where l.email = ${DEMO_ADDRESSES.bram} order by a.id desc limit 3`);
    expect(actions.map((row) => row.action)).toEqual(["sign_in.succeeded", "sign_in.code_failed", "sign_in.code_requested"]);
    expect(actions.every((row) => row.ip === info.ip && row.user_agent === "vitest")).toBe(true);
  });

  it("sends no code to an address whose only membership was removed", async () => {
    await forgetCodes(DEMO_ADDRESSES.carla);
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
