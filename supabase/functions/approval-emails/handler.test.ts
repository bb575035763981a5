// deno test (npm run test:edge). Unit: what the handler refuses. Integration,
// when TEST_DATABASE_URL names a Postgres server: a fresh database with every
// migration, a submission whose webhook call is captured by a stand-in for
// pg_net, and a stand-in for SendGrid, so the real templates, delivery code
// and SendGrid library run end to end.
import assert from "node:assert/strict";
import postgres from "postgres";
import type { RunAsSystem } from "../../../app/.server/email/delivery.ts";
import type { EmailTransport } from "../../../app/.server/email/transport.ts";
import { createSendGridTransport } from "../../../app/.server/email/sendgrid.ts";
import { createApprovalEmailHandler } from "./handler.ts";

const SECRET = "edge-test-secret-0123456789abcdef";
const FUNCTION_URL = "http://127.0.0.1:54321/functions/v1/approval-emails";

const untouchedRun: RunAsSystem = () => Promise.reject(new Error("the database must not be reached"));
const untouchedTransport: EmailTransport = {
  name: "untouched",
  deliver: () => Promise.reject(new Error("nothing must be sent")),
};
const refusingHandler = createApprovalEmailHandler({
  run: untouchedRun,
  transport: untouchedTransport,
  baseUrl: "https://portal.example",
  secret: SECRET,
});

function webhookRequest(body: unknown, init: { method?: string; authorization?: string | null } = {}): Request {
  const headers = new Headers({ "Content-Type": "application/json" });
  const authorization = init.authorization === undefined ? `Bearer ${SECRET}` : init.authorization;
  if (authorization !== null) headers.set("Authorization", authorization);
  const method = init.method ?? "POST";
  return new Request(FUNCTION_URL, {
    method,
    headers,
    body: method === "GET" ? null : typeof body === "string" ? body : JSON.stringify(body),
  });
}

const validPayload = {
  type: "INSERT",
  table: "approval_submissions",
  schema: "public",
  record: { id: "8f7e1f0c-4c1e-4a59-9d51-0c8d7a1b2c3d", project_id: "5d0e8a3c-9f8b-4f54-8a8e-4f5d1f3b2a1c" },
  old_record: null,
};

Deno.test("GET is refused with 405", async () => {
  const response = await refusingHandler(webhookRequest(null, { method: "GET" }));
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("allow"), "POST");
  await response.body?.cancel();
});

Deno.test("a request without the bearer secret is refused with 401", async () => {
  const response = await refusingHandler(webhookRequest(validPayload, { authorization: null }));
  assert.equal(response.status, 401);
  await response.body?.cancel();
});

Deno.test("a request with a wrong bearer secret is refused with 401", async () => {
  for (const authorization of [`Bearer ${SECRET}x`, `Bearer ${SECRET.slice(0, -1)}`, "Bearer ", SECRET, `Basic ${SECRET}`]) {
    const response = await refusingHandler(webhookRequest(validPayload, { authorization }));
    assert.equal(response.status, 401, authorization);
    await response.body?.cancel();
  }
});

Deno.test("a malformed body is refused with 400 and says what is wrong", async () => {
  const cases: Array<[unknown, RegExp]> = [
    ["{not json", /not JSON/],
    [{ ...validPayload, type: "UPDATE" }, /type/],
    [{ ...validPayload, table: "registrations" }, /table/],
    [{ ...validPayload, record: { id: "not-a-uuid" } }, /record\.id/],
    [{ ...validPayload, record: undefined }, /record/],
    [[], /approval_submissions/],
  ];
  for (const [body, message] of cases) {
    const response = await refusingHandler(webhookRequest(body));
    assert.equal(response.status, 400, JSON.stringify(body));
    const { error } = (await response.json()) as { error: string };
    assert.match(error, message);
  }
});

Deno.test("a handler without a real secret cannot be created", () => {
  assert.throws(
    () => createApprovalEmailHandler({ run: untouchedRun, transport: untouchedTransport, baseUrl: "https://portal.example", secret: "" }),
    /APPROVAL_EMAILS_SECRET/,
  );
});

// ---------------------------------------------------------------------------
// Integration
// ---------------------------------------------------------------------------

const serverUrl = Deno.env.get("TEST_DATABASE_URL");
if (!serverUrl) {
  console.log(
    "approval-emails integration test skipped: set TEST_DATABASE_URL to a Postgres server, " +
      "e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:edge",
  );
}

type SentMail = {
  personalizations: Array<{ to: Array<{ email: string }> }>;
  from: { email: string; name?: string };
  subject: string;
  content: Array<{ type: string; value: string }>;
  custom_args?: Record<string, string>;
};

/** SendGrid's Mail Send API as far as the transport needs it: 202 and a message id. */
function startSendGridStandIn() {
  const received: SentMail[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    const url = new URL(request.url);
    if (request.method !== "POST" || url.pathname !== "/v3/mail/send") {
      return new Response(JSON.stringify({ errors: [{ message: "not found" }] }), { status: 404 });
    }
    if (request.headers.get("authorization") !== "Bearer SG.edge-test-key") {
      return new Response(JSON.stringify({ errors: [{ message: "unauthorized" }] }), { status: 401 });
    }
    received.push((await request.json()) as SentMail);
    return new Response(null, { status: 202, headers: { "X-Message-Id": `edge-msg-${received.length}` } });
  });
  return { received, baseUrl: `http://127.0.0.1:${server.addr.port}`, stop: () => server.shutdown() };
}

Deno.test({
  name: "a submission's webhook call delivers its approval e-mail once, through SendGrid",
  ignore: !serverUrl,
  async fn() {
    const name = `portaal_edge_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const databaseUrl = new URL(serverUrl!);
    databaseUrl.pathname = `/${name}`;
    const db = postgres(databaseUrl.toString(), { max: 4, onnotice: () => {} });
    const sendgrid = startSendGridStandIn();
    try {
      // Every migration in order, each in a transaction of its own, as the app's runner applies them.
      const migrations = new URL("../../migrations/", import.meta.url);
      const files = [...Deno.readDirSync(migrations)].map((entry) => entry.name).filter((file) => file.endsWith(".sql")).sort();
      assert.ok(files.includes("20261125200100_approval_email_webhook.sql"));
      for (const file of files) {
        const text = await Deno.readTextFile(new URL(file, migrations));
        await db.begin((tx) => tx.unsafe(text));
      }

      // pg_net's http_post, as a stand-in that records the request it would send after commit.
      await db.unsafe(`
        create schema net;
        create table net.calls (id bigint generated always as identity primary key, url text, body jsonb, headers jsonb);
        create function net.http_post(url text, body jsonb default '{}'::jsonb, params jsonb default '{}'::jsonb,
          headers jsonb default '{}'::jsonb, timeout_milliseconds integer default 5000) returns bigint
        language sql as $$ insert into net.calls (url, body, headers) values (url, body, headers) returning id $$;
        insert into private.edge_function_settings (name, value) values
          ('portaal_approval_emails_url', '${FUNCTION_URL}'), ('portaal_approval_emails_secret', '${SECRET}');`);

      const { portalId, projectId } = await db.begin(async (tx) => {
        const [tenant] = await tx`insert into public.tenants (host_workspace_id, name, approval_workflow)
          values ('ws-edge', 'Studio Edge', 'internal_external') returning id`;
        const [customer] = await tx`insert into public.customers (tenant_id, host_id, name)
          values (${tenant!.id}, 'c-edge', 'Edge Customer B.V.') returning id`;
        const [project] = await tx`insert into public.projects (tenant_id, customer_id, host_id, name)
          values (${tenant!.id}, ${customer!.id}, 'p-edge', 'Edge Relaunch') returning id`;
        const [portal] = await tx`insert into public.portals (tenant_id, customer_id, name, language, can_approve, hours_visibility)
          values (${tenant!.id}, ${customer!.id}, 'Edge portal', 'en', true, 'full') returning id`;
        await tx`insert into public.portal_projects (portal_id, project_id, tenant_id) values (${portal!.id}, ${project!.id}, ${tenant!.id})`;
        const [contact] = await tx`insert into public.contacts (tenant_id, customer_id, host_id, first_name, last_name, email)
          values (${tenant!.id}, ${customer!.id}, 'ct-edge', 'Erik', 'Edge', 'erik@edge.example') returning id`;
        const [login] = await tx`insert into public.logins (email) values ('erik@edge.example') returning id`;
        await tx`insert into public.portal_members (tenant_id, portal_id, contact_id, login_id, can_approve, notify_approvals, invited_at)
          values (${tenant!.id}, ${portal!.id}, ${contact!.id}, ${login!.id}, true, true, now())`;
        const [employee] = await tx`insert into public.employees (tenant_id, host_id, name)
          values (${tenant!.id}, 'e-edge', 'Sanne Bakker') returning id`;
        await tx`insert into public.registrations (tenant_id, project_id, employee_id, host_id, kind, work_date, hours, status, submitted_at)
          values (${tenant!.id}, ${project!.id}, ${employee!.id}, 'r-edge-1', 'hours', '2026-11-20', 2.5, 'pending_external', now())`;
        return { portalId: portal!.id as string, projectId: project!.id as string };
      });

      const [submission] = await db<{ id: string }[]>`select id from public.approval_submissions where project_id = ${projectId}`;
      assert.ok(submission, "the trigger recorded a submission");
      const outbox = await db<{ id: string; status: string }[]>`
        select id, status from public.email_outbox where subject_type = 'approval_submission' and subject_id = ${submission.id}`;
      assert.equal(outbox.length, 1);
      assert.equal(outbox[0]!.status, "queued");

      // The webhook call the migration's trigger queued: exactly what pg_net would POST.
      const calls = await db<{ url: string; body: unknown; headers: Record<string, string> }[]>`select url, body, headers from net.calls`;
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.url, FUNCTION_URL);
      assert.equal(calls[0]!.headers.Authorization, `Bearer ${SECRET}`);

      const run: RunAsSystem = async (fn) =>
        (await db.begin(async (tx) => {
          await tx`select set_config('role', 'service_role', true),
            set_config('request.jwt.claims', '{"role":"service_role","reason":"approval e-mail edge function test"}', true)`;
          return fn(tx);
        })) as Awaited<ReturnType<typeof fn>>;
      const handler = createApprovalEmailHandler({
        run,
        transport: createSendGridTransport({
          apiKey: "SG.edge-test-key",
          fromEmail: "portal@portaal.example",
          baseUrl: sendgrid.baseUrl,
          timeoutMs: 5000,
        }),
        baseUrl: "https://portal.example",
        secret: SECRET,
      });
      const call = () =>
        handler(new Request(calls[0]!.url, { method: "POST", headers: calls[0]!.headers, body: JSON.stringify(calls[0]!.body) }));

      const first = await call();
      assert.equal(first.status, 200);
      const round = (await first.json()) as Record<string, unknown>;
      assert.deepEqual(
        { submissionId: round.submissionId, queued: round.queued, claimed: round.claimed, sent: round.sent, failed: round.failed },
        { submissionId: submission.id, queued: 1, claimed: 1, sent: 1, failed: 0 },
      );

      const [row] = await db<{ status: string; providerMessageId: string | null }[]>`
        select status, provider_message_id as "providerMessageId" from public.email_outbox where id = ${outbox[0]!.id}`;
      assert.deepEqual(row, { status: "sent", providerMessageId: "edge-msg-1" });

      assert.equal(sendgrid.received.length, 1);
      const mail = sendgrid.received[0]!;
      assert.deepEqual(mail.personalizations.map((p) => p.to.map((to) => to.email)), [["erik@edge.example"]]);
      assert.deepEqual(mail.from, { email: "portal@portaal.example", name: "Studio Edge" });
      assert.equal(mail.subject, "Studio Edge asks you to approve 1 registration for Edge Relaunch");
      const waiting = `https://portal.example/portals/${portalId}/projects/${projectId}?kind=hours&status=pending_external`;
      const text = mail.content.find((part) => part.type === "text/plain")?.value ?? "";
      const html = mail.content.find((part) => part.type === "text/html")?.value ?? "";
      assert.ok(text.includes(waiting), `the text links to the waiting hours:\n${text}`);
      assert.ok(html.includes(waiting.replaceAll("&", "&amp;")), "the HTML links to the waiting hours");
      assert.equal(mail.custom_args?.portaal_outbox_id, outbox[0]!.id);

      // The webhook again (pg_net retried, or someone replayed it): nothing more is sent.
      const second = await call();
      assert.equal(second.status, 200);
      const again = (await second.json()) as Record<string, unknown>;
      assert.equal(again.queued, 0);
      assert.equal(again.sent, 0);
      assert.equal(sendgrid.received.length, 1);
    } finally {
      await sendgrid.stop();
      await db.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    }
  },
});
