import { describe, expect, it } from "vitest";
import { asService, withClaims } from "../db";
import { DEMO_ADDRESSES } from "../seed/demo";
import { listLoginPortals } from "../portals/contact-portals";
import { createSession, hashSessionToken, resolveSession } from "./sessions";
import { sessionCookieHeader } from "./cookies";
import { signOut } from "./sign-out";

async function newSessionFor(email: string) {
  return asService("test: create a session", async (tx) => {
    const [login] = await tx<{ id: string }[]>`select id from public.logins where email = ${email}`;
    return createSession(tx, login!.id, { ip: "127.0.0.1", userAgent: "vitest" });
  });
}

describe("contact sessions", () => {
  it("last 30 days and are stored only as a hash", async () => {
    const session = await newSessionFor(DEMO_ADDRESSES.anna);
    const days = (session.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const [row] = await asService("test: read", (tx) => tx<{ token_hash: string }[]>`
      select token_hash from public.sessions where id = ${session.sessionId}`);
    expect(row!.token_hash).toBe(hashSessionToken(session.token));
    expect(row!.token_hash).not.toContain(session.token);
  });

  it("one sign-in covers every portal of the address, across tenants", async () => {
    const session = await newSessionFor(DEMO_ADDRESSES.anna);
    const claims = await resolveSession(session.token);
    const portals = await withClaims(claims!, listLoginPortals);
    expect(portals.map((portal) => `${portal.tenantName} / ${portal.name}`)).toEqual([
      "Bureau Zuid / Acme Nederland",
      "Studio Noord / Acme – Huisstijl",
      "Studio Noord / Acme – Website en app",
    ]);
  });

  it("end at sign-out: the token no longer resolves and the database shows nothing to its claims", async () => {
    const session = await newSessionFor(DEMO_ADDRESSES.bram);
    const claims = await resolveSession(session.token);
    expect(await withClaims(claims!, listLoginPortals)).toHaveLength(1);

    const setCookie = await sessionCookieHeader(new Request("http://localhost/"), session.token, session.expiresAt);
    const request = new Request("http://localhost/logout", { method: "POST", headers: { Cookie: setCookie.split(";")[0]! } });
    const cleared = await signOut(request);
    expect(cleared).toMatch(/portaal_session=;/);
    expect(await resolveSession(session.token)).toBeNull();
    // Claims captured before sign-out are dead too: the policies check the session.
    expect(await withClaims(claims!, listLoginPortals)).toEqual([]);
  });

  it("do not resolve once expired", async () => {
    const session = await newSessionFor(DEMO_ADDRESSES.bram);
    await asService("test: expire", (tx) => tx`
      update public.sessions set expires_at = now() - interval '1 second' where id = ${session.sessionId}`);
    expect(await resolveSession(session.token)).toBeNull();
  });

  it("do not resolve for a token that was never issued", async () => {
    expect(await resolveSession("made-up-token")).toBeNull();
  });
});
