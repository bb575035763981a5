// The database webhook of migration 20261125200100_approval_email_webhook.sql:
// a new approval submission queues one pg_net call to the approval-emails edge
// function, with the submission and the bearer secret, and none when nothing
// is configured. pg_net itself is replaced by a stand-in `net` schema whose
// http_post has pg_net's signature and records its calls.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asService } from "../../app/.server/db";
// eslint-disable-next-line no-restricted-imports -- the stand-in for pg_net is a schema of its own: only the owner creates one
import { asOwner } from "../../app/.server/db/pool";

const FUNCTION_URL = "https://project-ref.supabase.co/functions/v1/approval-emails";
const SECRET = "webhook-test-secret-0123456789";

type Call = { url: string; body: Record<string, unknown>; params: unknown; headers: Record<string, string>; timeout: number };

let projectId: string;
/** Registrations of a demo project that do not wait for the customer, with the status to give back. */
let borrowed: Array<{ id: string; status: string }> = [];
/** Submissions this file caused; removed at the end with their e-mails. */
const submissions: string[] = [];

async function configure(settings: { url?: string; secret?: string }) {
  await asOwner(async (tx) => {
    await tx`delete from private.edge_function_settings`;
    if (settings.url) await tx`insert into private.edge_function_settings (name, value) values ('portaal_approval_emails_url', ${settings.url})`;
    if (settings.secret) await tx`insert into private.edge_function_settings (name, value) values ('portaal_approval_emails_secret', ${settings.secret})`;
  });
}

const calls = () =>
  asOwner((tx) => tx<Call[]>`select url, body, params, headers, timeout from net.calls order by id`);

/** Sets one borrowed registration waiting for the customer (as the host would) and returns the submission it caused. */
async function submit(index: number, options: { notifications?: "off" } = {}): Promise<string[]> {
  const registration = borrowed[index]!;
  const created = await asService("test: a registration reaches the customer", async (tx) => {
    if (options.notifications) await tx`select set_config('portaal.notifications', ${options.notifications}, true)`;
    await tx`update public.registrations set status = 'pending_external' where id = ${registration.id}`;
    return tx<{ id: string }[]>`
      select submission_id as id from public.approval_submission_registrations where registration_id = ${registration.id}`;
  });
  await asService("test: the registration is back as it was", (tx) => tx`
    update public.registrations set status = ${registration.status} where id = ${registration.id}`);
  const ids = created.map((row) => row.id).filter((id) => !submissions.includes(id));
  submissions.push(...ids);
  return ids;
}

describe("the approval e-mail webhook (pg_net)", () => {
  beforeAll(async () => {
    const [project] = await asService("test: a demo project whose portal approves", (tx) => tx<{ id: string }[]>`
      select pr.id from public.projects pr
      join public.portal_projects pp on pp.project_id = pr.id
      join public.portals p on p.id = pp.portal_id
      where p.name = 'Acme – Website en app' and pr.name = 'Website relaunch'`);
    projectId = project!.id;
    borrowed = await asService("test: registrations that do not wait", (tx) => tx<{ id: string; status: string }[]>`
      select id, status from public.registrations
      where project_id = ${projectId} and kind = 'hours' and deleted_at is null and status <> 'pending_external'
      order by status = 'open' desc, id limit 5`);
    expect(borrowed).toHaveLength(5);

    await asOwner((tx) => tx.unsafe(`
      create schema net;
      create table net.calls (
        id bigint generated always as identity primary key,
        url text, body jsonb, params jsonb, headers jsonb, timeout integer);
      create function net.http_post(
        url text, body jsonb default '{}'::jsonb, params jsonb default '{}'::jsonb,
        headers jsonb default '{}'::jsonb, timeout_milliseconds integer default 5000) returns bigint
      language sql as $$
        insert into net.calls (url, body, params, headers, timeout)
        values (url, body, params, headers, timeout_milliseconds) returning id
      $$;`));
  });

  beforeEach(() => asOwner((tx) => tx`truncate net.calls`));

  afterAll(async () => {
    await asService("test: give the borrowed registrations their status back", async (tx) => {
      for (const registration of borrowed) {
        await tx`update public.registrations set status = ${registration.status} where id = ${registration.id}`;
      }
    });
    await asOwner(async (tx) => {
      await tx`drop schema if exists net cascade`;
      await tx`drop schema if exists vault cascade`;
      await tx`delete from private.edge_function_settings`;
      await tx`delete from public.email_outbox where subject_type = 'approval_submission' and subject_id = any(${submissions}::uuid[])`;
      await tx`delete from public.approval_submissions where id = any(${submissions}::uuid[])`;
    });
  });

  it("calls the edge function once per new submission, with the submission and the bearer secret", async () => {
    await configure({ url: FUNCTION_URL, secret: SECRET });
    const [submissionId, ...more] = await submit(0);
    expect(more).toEqual([]);

    const made = await calls();
    expect(made).toHaveLength(1);
    const [call] = made;
    expect(call!.url).toBe(FUNCTION_URL);
    expect(call!.headers).toEqual({ "Content-Type": "application/json", Authorization: `Bearer ${SECRET}` });
    expect(call!.timeout).toBe(5000);
    expect(call!.body).toMatchObject({
      type: "INSERT",
      table: "approval_submissions",
      schema: "public",
      record: { id: submissionId, project_id: projectId },
      old_record: null,
    });
    // The e-mails the function will deliver are queued in the same transaction.
    const [queued] = await asService("test: the submission's e-mails", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.email_outbox
      where subject_type = 'approval_submission' and subject_id = ${submissionId!}`);
    expect(queued!.count).toBeGreaterThan(0);
  });

  it("calls nothing when no address is configured", async () => {
    await configure({});
    expect(await submit(1)).toHaveLength(1);
    expect(await calls()).toEqual([]);
  });

  it("calls nothing with an address but no secret: the function would refuse it", async () => {
    await configure({ url: FUNCTION_URL });
    expect(await submit(2)).toHaveLength(1);
    expect(await calls()).toEqual([]);
  });

  it("calls nothing for a bulk load that switched notifications off", async () => {
    await configure({ url: FUNCTION_URL, secret: SECRET });
    expect(await submit(3, { notifications: "off" })).toHaveLength(1);
    expect(await calls()).toEqual([]);
  });

  it("takes the address and the secret from Supabase Vault where there is one", async () => {
    await configure({ url: "https://stale.example/approval-emails", secret: "stale-secret-0123456789" });
    await asOwner((tx) => tx.unsafe(`
      create schema vault;
      create table vault.decrypted_secrets (name text primary key, decrypted_secret text);
      insert into vault.decrypted_secrets values
        ('portaal_approval_emails_url', '${FUNCTION_URL}'), ('portaal_approval_emails_secret', '${SECRET}');`));
    try {
      expect(await submit(4)).toHaveLength(1);
      const made = await calls();
      expect(made.map((call) => [call.url, call.headers.Authorization])).toEqual([[FUNCTION_URL, `Bearer ${SECRET}`]]);
    } finally {
      await asOwner((tx) => tx`drop schema vault cascade`);
    }
  });
});
