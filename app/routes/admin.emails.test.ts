import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCookieOf } from "../../tests/support/claims";
import { asService } from "~/.server/db";
import { DEMO_TENANT_WORKSPACE } from "~/.server/seed/demo";
import { action, loader } from "./admin.emails";

const URL = "http://localhost:3000/admin/emails";
const KEY = "test-admin-emails-route:failed";
const TO = "route@admin-emails.test";
let id: string;

async function post(body: URLSearchParams) {
  const request = new Request(URL, { method: "POST", body, headers: { Cookie: await adminCookieOf(DEMO_TENANT_WORKSPACE) } });
  return action({ request, params: {}, context: {} });
}

describe("the e-mail page", () => {
  beforeAll(async () => {
    [{ id }] = await asService("test: a failed e-mail", (tx) => tx<[{ id: string }]>`
      insert into public.email_outbox (tenant_id, idempotency_key, template, language, to_address, subject, html, text_body,
        status, attempts, last_error, provider_status)
      select id, ${KEY}, 'invitation', 'en', ${TO}, 'Welcome', '<p>Hi</p>', 'Hi', 'failed', 8, 'Mailbox full', 452
      from public.tenants where host_workspace_id = ${DEMO_TENANT_WORKSPACE}
      returning id`);
  });

  afterAll(async () => {
    await asService("test: remove the e-mail", (tx) => tx`delete from public.email_outbox where idempotency_key = ${KEY}`);
  });

  it("shows the admin's failed e-mail with the provider's answer", async () => {
    const request = new Request(`${URL}?status=failed&q=${encodeURIComponent(TO)}`, {
      headers: { Cookie: await adminCookieOf(DEMO_TENANT_WORKSPACE) },
    });
    const response = await loader({ request, params: {}, context: {} });
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.query).toEqual({ status: "failed", q: TO, page: 1 });
    expect(data.rows).toEqual([expect.objectContaining({ id, to: TO, status: "failed", lastError: "Mailbox full", providerStatus: 452 })]);
    expect(data.counts.failed).toBeGreaterThanOrEqual(1);
  });

  it("sends it again, once, and refuses what is not a request of the page", async () => {
    const again = new URLSearchParams([["intent", "send-again"], ["id", id]]);
    const response = await post(again);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, requeued: 1 });
    const [row] = await asService("test: read", (tx) => tx<{ status: string; attempts: number }[]>`
      select status, attempts from public.email_outbox where id = ${id}`);
    expect(row).toEqual({ status: "queued", attempts: 0 });

    const twice = await post(again);
    expect(twice.status).toBe(409);
    expect(await twice.json()).toEqual({ ok: false, requeued: 0 });

    const invalid = await post(new URLSearchParams([["intent", "send-again"], ["id", "not-an-id"]]));
    expect(invalid.status).toBe(400);
    expect((await post(new URLSearchParams([["intent", "delete"], ["id", id]]))).status).toBe(400);
  });

  it("sends a visitor without an admin session to sign in", async () => {
    await expect(loader({ request: new Request(URL), params: {}, context: {} })).rejects.toMatchObject({ status: 302 });
  });
});
