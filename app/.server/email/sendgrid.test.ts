import { http, passthrough } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startSendGridStandIn } from "../../../bench/sendgrid-stand-in";
import { createSendGridStandIn, STAND_IN_API_KEY } from "../../../tests/msw/sendgrid";
import type { Tx } from "../db";
import { chooseEmailTransport } from "./choose-transport";
import { createSendGridTransport, retryAfterFrom } from "./sendgrid";
import type { DeliverableEmail } from "./transport";

const standIn = createSendGridStandIn({ rateLimitResetSeconds: 120 });
const server = setupServer(...standIn.handlers);
// SendGrid's transport writes nothing to the database; it never touches the transaction.
const noTx = undefined as unknown as Tx;

function email(overrides: Partial<DeliverableEmail> = {}): DeliverableEmail {
  return {
    id: "0b9c1f1e-8f44-4d0e-9a39-5f7d2e0f0a01",
    tenantId: "7d0c4c36-2a6b-4f0a-8e0e-3c1d8d6e9b22",
    to: "anna@acme.example",
    subject: "Uw registratie is goedgekeurd",
    html: "<p>Goedgekeurd</p>",
    text: "Goedgekeurd",
    idempotencyKey: "email-key-1",
    fromName: null,
    replyTo: null,
    attachments: [],
    ...overrides,
  };
}

const transport = (options: { apiKey?: string; timeoutMs?: number } = {}) =>
  createSendGridTransport({ apiKey: STAND_IN_API_KEY, fromEmail: "portaal@example.com", fromName: "Portaal", ...options });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  standIn.reset();
  server.resetHandlers();
});
afterAll(() => server.close());

describe("the SendGrid transport", () => {
  it("202: delivered, with SendGrid's message id and the idempotency key as a custom arg", async () => {
    const result = await transport().deliver(email(), noTx);
    expect(result).toEqual({ ok: true, providerMessageId: standIn.accepted[0]!.messageId, providerStatus: 202 });
    expect(standIn.accepted).toHaveLength(1);
    expect(standIn.accepted[0]).toMatchObject({
      to: ["anna@acme.example"],
      from: { email: "portaal@example.com", name: "Portaal" },
      replyTo: null,
      subject: "Uw registratie is goedgekeurd",
      content: [
        { type: "text/plain", value: "Goedgekeurd" },
        { type: "text/html", value: "<p>Goedgekeurd</p>" },
      ],
      customArgs: {
        portaal_key: "email-key-1",
        portaal_outbox_id: "0b9c1f1e-8f44-4d0e-9a39-5f7d2e0f0a01",
        portaal_tenant: "7d0c4c36-2a6b-4f0a-8e0e-3c1d8d6e9b22",
      },
      attachments: [],
    });
  });

  it("maps the tenant's sender name, reply-to and attachments", async () => {
    const pdf = Buffer.from("%PDF-1.7 evidence").toString("base64");
    const result = await transport().deliver(
      email({
        tenantId: null,
        fromName: "Acme B.V.",
        replyTo: "support@acme.example",
        attachments: [{ filename: "bewijs.pdf", contentType: "application/pdf", contentBase64: pdf }],
      }),
      noTx,
    );
    expect(result.ok).toBe(true);
    expect(standIn.accepted[0]).toMatchObject({
      from: { email: "portaal@example.com", name: "Acme B.V." },
      replyTo: { email: "support@acme.example" },
      customArgs: { portaal_tenant: "" },
      attachments: [{ filename: "bewijs.pdf", type: "application/pdf", disposition: "attachment", content: pdf }],
    });
  });

  it("400: not tried again, with SendGrid's message", async () => {
    const result = await transport().deliver(email({ subject: "" }), noTx);
    expect(result).toMatchObject({ ok: false, retry: false, providerStatus: 400 });
    expect(result.ok === false && result.error).toMatch(/^400: The subject is required/);
    expect(standIn.accepted).toHaveLength(0);
  });

  it("401: not tried again, and says the API key is wrong", async () => {
    const result = await transport({ apiKey: "SG.revoked-key" }).deliver(email(), noTx);
    expect(result).toMatchObject({ ok: false, retry: false, providerStatus: 401 });
    expect(result.ok === false && result.error).toMatch(/^401: .*API key.*SENDGRID_API_KEY.*authorization grant is invalid/);
  });

  it("413: not tried again, and says the message is too large", async () => {
    standIn.failNext("413");
    const result = await transport().deliver(email(), noTx);
    expect(result).toMatchObject({ ok: false, retry: false, providerStatus: 413 });
    expect(result.ok === false && result.error).toMatch(/^413: the message is too large/);
  });

  it("429: tried again when the rate limit resets", async () => {
    standIn.failNext("429");
    const result = await transport().deliver(email(), noTx);
    expect(result).toMatchObject({ ok: false, retry: true, providerStatus: 429 });
    expect(result.ok === false && result.error).toMatch(/^429: rate limited/);
    expect(result.ok === false && result.retryAfterSeconds).toBeGreaterThanOrEqual(119);
    expect(result.ok === false && result.retryAfterSeconds).toBeLessThanOrEqual(121);
  });

  it("500 and 503: tried again, and the next attempt goes through", async () => {
    standIn.failNext("500");
    standIn.failNext("503");
    const sendGrid = transport();
    expect(await sendGrid.deliver(email(), noTx)).toMatchObject({ ok: false, retry: true, providerStatus: 500, error: "500: Internal server error" });
    expect(await sendGrid.deliver(email(), noTx)).toMatchObject({ ok: false, retry: true, providerStatus: 503, error: "503: Service Unavailable" });
    expect(await sendGrid.deliver(email(), noTx)).toMatchObject({ ok: true, providerStatus: 202 });
    expect(standIn.requests).toBe(3);
    expect(standIn.accepted).toHaveLength(1);
  });

  it("a timeout: tried again", async () => {
    standIn.failNext("timeout");
    const started = Date.now();
    const result = await transport({ timeoutMs: 200 }).deliver(email(), noTx);
    expect(result).toEqual({ ok: false, retry: true, error: "timeout after 200 ms" });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a network error: tried again", async () => {
    standIn.failNext("network");
    const result = await transport().deliver(email(), noTx);
    expect(result).toMatchObject({ ok: false, retry: true, error: expect.stringMatching(/^network: /) });
    expect(result).not.toHaveProperty("providerStatus");
  });

  it("finds an earlier delivery by its idempotency key in the Email Activity", async () => {
    const sendGrid = transport();
    const sent = await sendGrid.deliver(email({ idempotencyKey: "key-sent" }), noTx);
    const found = await sendGrid.findEarlierDelivery!(email({ idempotencyKey: "key-sent" }));
    expect(found).toEqual({ delivered: true, providerMessageId: expect.any(String) });
    // The activity's msg_id carries routing detail after a dot; what is kept is Mail Send's own id.
    expect(found !== "unknown" && found.delivered && sent.ok && found.providerMessageId === sent.providerMessageId).toBe(true);
  });

  it("says not delivered when the Email Activity has no message with the key", async () => {
    await transport().deliver(email({ idempotencyKey: "key-sent" }), noTx);
    expect(await transport().findEarlierDelivery!(email({ idempotencyKey: "key-never-sent" }))).toEqual({ delivered: false });
  });

  it("says unknown when the account has no Email Activity API (403) or SendGrid cannot be reached", async () => {
    standIn.activityApi = false;
    expect(await transport().findEarlierDelivery!(email())).toBe("unknown");
    standIn.activityApi = true;
    expect(await transport({ apiKey: "SG.revoked-key" }).findEarlierDelivery!(email())).toBe("unknown");
  });
});

describe("the rate-limit wait", () => {
  const now = Date.parse("2026-11-25T12:00:00Z");
  it("is the time to X-RateLimit-Reset, between 1 s and 1 h", () => {
    expect(retryAfterFrom({ "x-ratelimit-reset": String(now / 1000 + 42) }, now)).toBe(42);
    expect(retryAfterFrom({ "X-RateLimit-Reset": String(now / 1000 - 10) }, now)).toBe(1);
    expect(retryAfterFrom({ "x-ratelimit-reset": String(now / 1000 + 86_400) }, now)).toBe(3600);
  });
  it("falls back to Retry-After, in seconds or as a date, and else leaves it to the backoff", () => {
    expect(retryAfterFrom({ "retry-after": "90" }, now)).toBe(90);
    expect(retryAfterFrom({ "retry-after": new Date(now + 30_000).toUTCString() }, now)).toBe(30);
    expect(retryAfterFrom({}, now)).toBeUndefined();
  });
});

describe("choosing the e-mail transport", () => {
  const names = ["PORTAAL_DEMO_MODE", "SENDGRID_API_KEY", "EMAIL_FROM", "SENDGRID_BASE_URL"] as const;
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  const set = (values: Partial<Record<(typeof names)[number], string>>) => {
    for (const name of names) delete process.env[name];
    Object.assign(process.env, values);
  };
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it("is the demo mailbox in demo mode, even with a SendGrid key", () => {
    set({ PORTAAL_DEMO_MODE: "true", SENDGRID_API_KEY: STAND_IN_API_KEY, EMAIL_FROM: "portaal@example.com" });
    expect(chooseEmailTransport()?.name).toBe("demo-mailbox");
  });

  it("is SendGrid with a key and a from address, and none without a key", () => {
    set({ PORTAAL_DEMO_MODE: "false", SENDGRID_API_KEY: STAND_IN_API_KEY, EMAIL_FROM: "portaal@example.com" });
    const chosen = chooseEmailTransport();
    expect(chosen?.name).toBe("sendgrid");
    expect(chosen?.findEarlierDelivery).toBeTypeOf("function");
    set({ PORTAAL_DEMO_MODE: "false" });
    expect(chooseEmailTransport()).toBeNull();
  });

  it("sends from EMAIL_FROM to SENDGRID_BASE_URL", async () => {
    const local = createSendGridStandIn({ baseUrl: "http://sendgrid.test" });
    server.use(...local.handlers);
    set({ PORTAAL_DEMO_MODE: "false", SENDGRID_API_KEY: STAND_IN_API_KEY, EMAIL_FROM: "noreply@portaal.example", SENDGRID_BASE_URL: "http://sendgrid.test" });
    expect(await chooseEmailTransport()!.deliver(email(), noTx)).toMatchObject({ ok: true });
    expect(local.accepted[0]?.from).toEqual({ email: "noreply@portaal.example" });
    expect(standIn.requests).toBe(0);
  });

  it("says in one line that SENDGRID_API_KEY needs EMAIL_FROM", () => {
    set({ PORTAAL_DEMO_MODE: "false", SENDGRID_API_KEY: STAND_IN_API_KEY });
    expect(() => chooseEmailTransport()).toThrow(/^SENDGRID_API_KEY needs EMAIL_FROM, the sender address/);
    set({ PORTAAL_DEMO_MODE: "false", SENDGRID_API_KEY: STAND_IN_API_KEY, EMAIL_FROM: "not an address" });
    expect(() => chooseEmailTransport()).toThrow(/^Invalid environment variable EMAIL_FROM/);
  });
});

describe("the benchmark's local SendGrid stand-in (a real HTTP server)", () => {
  it("takes what the transport sends, refuses a wrong key, and is slow when asked", async () => {
    const local = await startSendGridStandIn({ apiKey: STAND_IN_API_KEY, latencyMs: 50 });
    server.use(http.all(`${local.baseUrl}/*`, () => passthrough()));
    try {
      const sendGrid = createSendGridTransport({ apiKey: STAND_IN_API_KEY, fromEmail: "portaal@example.com", baseUrl: local.baseUrl });
      const sent = await Promise.all([1, 2, 3].map((n) => sendGrid.deliver(email({ idempotencyKey: `bench-${n}` }), noTx)));
      expect(sent).toEqual(Array(3).fill({ ok: true, providerMessageId: expect.stringMatching(/^[\w-]{22}$/), providerStatus: 202 }));
      const wrongKey = createSendGridTransport({ apiKey: "SG.wrong", fromEmail: "portaal@example.com", baseUrl: local.baseUrl });
      expect(await wrongKey.deliver(email(), noTx)).toMatchObject({ ok: false, retry: false, providerStatus: 401 });
      expect(await sendGrid.deliver(email({ subject: "" }), noTx)).toMatchObject({ ok: false, retry: false, providerStatus: 400 });
      const impatient = createSendGridTransport({ apiKey: STAND_IN_API_KEY, fromEmail: "portaal@example.com", baseUrl: local.baseUrl, timeoutMs: 10 });
      expect(await impatient.deliver(email(), noTx)).toEqual({ ok: false, retry: true, error: "timeout after 10 ms" });
      expect(local.accepted()).toBe(3);
      expect(local.requests()).toBeGreaterThanOrEqual(5); // the impatient one may give up before it arrives
    } finally {
      await local.stop();
    }
  });
});
