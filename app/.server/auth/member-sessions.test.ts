import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signedInContact } from "../../../tests/support/claims";
import { asService } from "../db";
import { DEMO_ADDRESSES } from "../seed/demo";
import { describeDevice, endMemberSessions, listMemberSessions } from "./member-sessions";
import { resolveSession } from "./sessions";

const PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36";
const LAPTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

describe("a member's sessions", () => {
  it("names the device of each", () => {
    expect(describeDevice(PHONE)).toBe("Chrome 130 · Android 14");
    expect(describeDevice(LAPTOP)).toBe("Firefox 128 · Windows 10");
    expect(describeDevice(null)).toBeNull();
  });

  it("lists only the member's own live sessions, marking this one", async () => {
    const phone = await signedInContact(DEMO_ADDRESSES.bram, PHONE);
    const laptop = await signedInContact(DEMO_ADDRESSES.bram, LAPTOP);
    const carla = await signedInContact(DEMO_ADDRESSES.carla, LAPTOP);
    const listed = await listMemberSessions(phone.claims);
    const ids = listed.map((session) => session.id);
    expect(ids).toContain(phone.claims.sessionId);
    expect(ids).toContain(laptop.claims.sessionId);
    expect(ids).not.toContain(carla.claims.sessionId);
    expect(listed.find((session) => session.current)?.id).toBe(phone.claims.sessionId);
  });

  it("ends one session, not another login's, and audits it", async () => {
    const phone = await signedInContact(DEMO_ADDRESSES.bram, PHONE);
    const laptop = await signedInContact(DEMO_ADDRESSES.bram, LAPTOP);
    const carla = await signedInContact(DEMO_ADDRESSES.carla, LAPTOP);
    expect(await endMemberSessions(phone.claims, carla.claims.sessionId, { ip: null, userAgent: null })).toEqual({ ended: 0, includesCurrent: false });
    expect(await resolveSession(carla.token)).not.toBeNull();

    expect(await endMemberSessions(phone.claims, laptop.claims.sessionId, { ip: "192.0.2.50", userAgent: PHONE })).toEqual({ ended: 1, includesCurrent: false });
    expect(await resolveSession(laptop.token)).toBeNull();
    expect(await resolveSession(phone.token)).not.toBeNull();
    const [audit] = await asService("test: audit", (tx) => tx<{ action: string; subject_id: string; ip: string }[]>`
      select action, subject_id, ip from public.audit_log where login_id = ${phone.claims.loginId} order by id desc limit 1`);
    expect(audit).toEqual({ action: "sessions.ended", subject_id: laptop.claims.sessionId, ip: "192.0.2.50" });
  });

  it("signs out everywhere at once", async () => {
    const phone = await signedInContact(DEMO_ADDRESSES.bram, PHONE);
    const laptop = await signedInContact(DEMO_ADDRESSES.bram, LAPTOP);
    const result = await endMemberSessions(phone.claims, "all", { ip: null, userAgent: null });
    expect(result.includesCurrent).toBe(true);
    expect(result.ended).toBeGreaterThanOrEqual(2);
    expect(await resolveSession(phone.token)).toBeNull();
    expect(await resolveSession(laptop.token)).toBeNull();
    expect(await listMemberSessions(phone.claims)).toEqual([]);
  });

  it("does not accept a session cookie of one login as another's", async () => {
    const bram = await signedInContact(DEMO_ADDRESSES.bram, PHONE);
    const forged = `${bram.token.slice(0, -2)}${randomBytes(1).toString("hex")}`;
    expect(await resolveSession(forged)).toBeNull();
    expect(await resolveSession(bram.token)).toMatchObject({ loginId: bram.claims.loginId });
  });
});
