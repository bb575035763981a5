import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { asService } from "../db";
import { DEMO_TENANT_WORKSPACE } from "../seed/demo";
import { signInHostAdmin, verifyHostAdminToken } from "./admin-token";

const SECRET = "a-shared-secret-between-host-and-portaal-0123456789";
const request = new Request("http://localhost/admin");

function token(claims: Record<string, unknown> = {}, options: { secret?: string; expiresIn?: string; audience?: string } = {}) {
  return new SignJWT({ workspace_id: DEMO_TENANT_WORKSPACE, email: "Sophie@StudioNoord.example", name: "Sophie", ...claims })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("host-user-42")
    .setAudience(options.audience ?? "portaal")
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(options.expiresIn ?? "2m")
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

describe("admin sessions from the host", () => {
  beforeAll(() => {
    process.env.HOST_JWT_SECRET = SECRET;
  });
  afterAll(() => {
    delete process.env.HOST_JWT_SECRET;
  });

  it("turn a valid token into an admin session of the workspace's tenant, once", async () => {
    const jwt = await token();
    const first = await signInHostAdmin(request, jwt);
    expect(first.ok).toBe(true);
    if (first.ok) expect(first.cookie).toMatch(/^portaal_admin=/);
    const [admin] = await asService("test: read", (tx) => tx<{ email: string; name: string }[]>`
      select email, name from public.tenant_admins where host_user_id = 'host-user-42'`);
    expect(admin).toEqual({ email: "sophie@studionoord.example", name: "Sophie" });
    expect(await signInHostAdmin(request, jwt)).toEqual({ ok: false, reason: "this token was used already" });
  });

  it("refuse an expired token, another audience, another secret, and an unknown workspace", async () => {
    expect((await signInHostAdmin(request, await token({}, { expiresIn: "-1m" }))).ok).toBe(false);
    expect((await signInHostAdmin(request, await token({}, { audience: "someone-else" }))).ok).toBe(false);
    expect((await signInHostAdmin(request, await token({}, { secret: "another-secret-another-secret-0123456789" }))).ok).toBe(false);
    expect(await signInHostAdmin(request, await token({ workspace_id: "ws-nobody" }))).toEqual({
      ok: false, reason: "workspace ws-nobody has not installed Portaal",
    });
  });

  describe("with the host's JWKS", () => {
    const JWKS_URL = "https://host.example/.well-known/jwks.json";
    let privateKey: CryptoKey;
    const server = setupServer();
    beforeAll(async () => {
      const pair = await generateKeyPair("RS256");
      privateKey = pair.privateKey;
      const jwk = { ...(await exportJWK(pair.publicKey)), kid: "host-key-1", alg: "RS256", use: "sig" };
      server.use(http.get(JWKS_URL, () => HttpResponse.json({ keys: [jwk] })));
      server.listen({ onUnhandledRequest: "error" });
    });
    afterAll(() => server.close());
    afterEach(() => {
      delete process.env.HOST_JWKS_URL;
    });

    it("verify tokens signed with the host's key", async () => {
      const jwt = await new SignJWT({ workspace_id: DEMO_TENANT_WORKSPACE, email: "jan@studionoord.example" })
        .setProtectedHeader({ alg: "RS256", kid: "host-key-1" })
        .setSubject("host-user-7").setAudience("portaal").setIssuedAt().setJti(randomUUID()).setExpirationTime("2m")
        .sign(privateKey);
      const admin = await verifyHostAdminToken(jwt, {
        webhookSecrets: [], eventsUrl: null, eventsSecret: null, jwtSecret: null, jwksUrl: JWKS_URL, jwtIssuer: null, graceHours: 48,
      });
      expect(admin).toMatchObject({ workspaceId: DEMO_TENANT_WORKSPACE, userId: "host-user-7", email: "jan@studionoord.example" });
    });
  });
});
