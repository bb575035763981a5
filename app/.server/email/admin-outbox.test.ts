import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClaimsOf } from "../../../tests/support/claims";
import { asService, withClaims, type AdminClaims } from "../db";
import { DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import { EMAIL_PAGE_SIZE, emailListQuerySchema, listTenantEmails, sendAgain, type EmailStatusCounts } from "./admin-outbox";

// Every row of this file: its idempotency key starts with the marker, its address ends with the domain.
const MARKER = "test-admin-outbox:";
const DOMAIN = "@admin-outbox.test";
const PAGED = 52;
const info = { ip: "192.0.2.31", userAgent: "vitest" };

type Outbox = {
  key: string;
  tenantId: string;
  template: string;
  to: string;
  subject: string | null;
  status: "queued" | "sending" | "sent" | "failed" | "cancelled";
  minutesAgo: number;
  lastError?: string;
  providerStatus?: number;
  portalId?: string;
  sensitive?: boolean;
};

let studio: AdminClaims;
let zuid: AdminClaims;
let countsBefore: { studio: EmailStatusCounts; zuid: EmailStatusCounts };
const ids: Record<string, string> = {};

function insert(rows: Outbox[]): Promise<Array<{ key: string; id: string }>> {
  return asService("test: e-mail in the outbox", async (tx) => {
    const inserted: Array<{ key: string; id: string }> = [];
    for (const row of rows) {
      // A queued row waits a day, so that no worker sends it meanwhile; an unrendered one carries its template's input.
      const [created] = await tx<{ id: string }[]>`
        insert into public.email_outbox (tenant_id, idempotency_key, template, language, to_address, subject, html, text_body, payload,
          sensitive, status, attempts, next_attempt_at, last_error, provider_status, last_attempt_at, created_at, sent_at, portal_id)
        values (${row.tenantId}, ${MARKER + row.key}, ${row.template}, 'nl', ${row.to}, ${row.subject},
          ${row.subject === null ? null : "<p>Geheim</p>"}, ${row.subject === null ? null : "Geheim"},
          ${row.subject === null ? tx.json({ item_id: "x" }) : null}, ${row.sensitive ?? false}, ${row.status},
          ${row.status === "failed" ? 8 : row.status === "queued" ? 0 : 1},
          now() + ${row.status === "queued" ? "1 day" : "0 seconds"}::interval,
          ${row.lastError ?? null}, ${row.providerStatus ?? null},
          ${row.status === "queued" ? null : tx`now() - make_interval(mins => ${row.minutesAgo})`},
          now() - make_interval(mins => ${row.minutesAgo}),
          ${row.status === "sent" ? tx`now() - make_interval(mins => ${row.minutesAgo})` : null}, ${row.portalId ?? null})
        returning id`;
      inserted.push({ key: row.key, id: created!.id });
    }
    return inserted;
  });
}

async function stateOf(id: string) {
  const [row] = await asService("test: read an outbox row", (tx) => tx<{ status: string; attempts: number; due: boolean }[]>`
    select status, attempts, next_attempt_at <= now() as due from public.email_outbox where id = ${id}`);
  return row!;
}

const allCounts = async (claims: AdminClaims) => (await listTenantEmails(claims, {})).counts;
const ours = (claims: AdminClaims, query: Parameters<typeof listTenantEmails>[1] = {}) => listTenantEmails(claims, { q: DOMAIN, ...query });
const idsOf = async (claims: AdminClaims, query: Parameters<typeof listTenantEmails>[1] = {}) => (await ours(claims, query)).rows.map((row) => row.id);

describe("the tenant's e-mail for its admin", () => {
  beforeAll(async () => {
    studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    countsBefore = { studio: await allCounts(studio), zuid: await allCounts(zuid) };
    const [portal] = await asService("test: a portal", (tx) => tx<{ id: string }[]>`
      select id from public.portals where tenant_id = ${studio.tenantId} and name = 'Acme – Website en app'`);
    const rows: Outbox[] = [
      {
        key: "failed", tenantId: studio.tenantId, template: "invitation", to: `failed${DOMAIN}`, subject: "Welkom bij het klantportaal",
        status: "failed", minutesAgo: 10, lastError: "The mailbox does not exist", providerStatus: 550, portalId: portal!.id,
      },
      {
        key: "code", tenantId: studio.tenantId, template: "sign-in-code", to: `code${DOMAIN}`, subject: "Je inlogcode",
        status: "failed", minutesAgo: 9, lastError: "timeout", sensitive: true,
      },
      { key: "sent", tenantId: studio.tenantId, template: "new-invoice", to: `sent${DOMAIN}`, subject: "Nieuwe factuur: 50% korting", status: "sent", minutesAgo: 8 },
      { key: "queued", tenantId: studio.tenantId, template: "new-quote", to: `queued${DOMAIN}`, subject: null, status: "queued", minutesAgo: 7 },
      {
        key: "cancelled", tenantId: studio.tenantId, template: "document-shared", to: `cancelled${DOMAIN}`, subject: "Document 50 korting",
        status: "cancelled", minutesAgo: 6,
      },
      { key: "zuid", tenantId: zuid.tenantId, template: "invitation", to: `zuid${DOMAIN}`, subject: "Welkom", status: "failed", minutesAgo: 5 },
      ...Array.from({ length: PAGED }, (_, i): Outbox => ({
        key: `paged-${i}`, tenantId: studio.tenantId, template: "job-completed", to: `paged-${i}${DOMAIN}`, subject: `Opdracht ${i} afgerond`,
        status: "sent", minutesAgo: 100 + i,
      })),
    ];
    for (const { key, id } of await insert(rows)) ids[key] = id;
  });

  afterAll(async () => {
    // Nothing stays behind, failed rows least of all: the overview counts them.
    await asService("test: remove the outbox rows", (tx) => tx`delete from public.email_outbox where idempotency_key like ${`${MARKER}%`}`);
  });

  it("lists the admin's own tenant's e-mail, newest first, with its delivery state and portal", async () => {
    const list = await ours(studio);
    expect(list.total).toBe(5 + PAGED);
    const seen = list.rows.map((row) => row.id);
    expect(seen.slice(0, 5)).toEqual([ids.cancelled, ids.queued, ids.sent, ids.code, ids.failed]);
    expect(seen).not.toContain(ids.zuid);
    const times = list.rows.map((row) => row.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const failed = list.rows.find((row) => row.id === ids.failed);
    expect(failed).toMatchObject({
      template: "invitation", language: "nl", to: `failed${DOMAIN}`, subject: "Welkom bij het klantportaal", status: "failed", attempts: 8,
      lastError: "The mailbox does not exist", providerStatus: 550, providerMessageId: null, sentAt: null,
      portalName: "Acme – Website en app",
    });
    expect(failed!.nextAttemptAt).toBeInstanceOf(Date);
    expect(failed!.lastAttemptAt).toBeInstanceOf(Date);
    // Not yet rendered: no subject.
    expect(list.rows.find((row) => row.id === ids.queued)).toMatchObject({ subject: null, status: "queued", portalName: null });
    // Only the delivery state: never the bodies.
    expect(Object.keys(failed!).sort()).toEqual([
      "attempts", "createdAt", "id", "language", "lastAttemptAt", "lastError", "nextAttemptAt", "portalName", "providerMessageId",
      "providerStatus", "sentAt", "status", "subject", "template", "to",
    ]);

    expect(await idsOf(zuid)).toEqual([ids.zuid]);
  });

  it("counts the tenant's e-mail per status, whatever the filter", async () => {
    const studioCounts = (await ours(studio, { status: "sent", q: "nothing matches this" })).counts;
    const before = countsBefore.studio;
    expect(studioCounts).toEqual({
      all: before.all + 5 + PAGED, queued: before.queued + 1, sending: before.sending, sent: before.sent + 1 + PAGED,
      failed: before.failed + 2, cancelled: before.cancelled + 1,
    });
    const zuidCounts = await allCounts(zuid);
    expect(zuidCounts).toEqual({ ...countsBefore.zuid, all: countsBefore.zuid.all + 1, failed: countsBefore.zuid.failed + 1 });
  });

  it("narrows by status, template and a search in recipient and subject, taking % literally", async () => {
    expect(await idsOf(studio, { status: "failed" })).toEqual([ids.code, ids.failed]);
    expect(await idsOf(studio, { status: "queued" })).toEqual([ids.queued]);
    expect(await idsOf(studio, { status: "cancelled" })).toEqual([ids.cancelled]);
    expect((await ours(studio, { status: "all" })).total).toBe(5 + PAGED);
    expect(await idsOf(studio, { template: "sign-in-code" })).toEqual([ids.code]);
    expect(await idsOf(studio, { template: "invitation", status: "failed" })).toEqual([ids.failed]);

    // The subject: "50%" finds "50% korting", not "50 korting".
    expect((await listTenantEmails(studio, { q: "50%" })).rows.map((row) => row.id)).toEqual([ids.sent]);
    expect((await listTenantEmails(studio, { q: "50 korting" })).rows.map((row) => row.id)).toEqual([ids.cancelled]);
    // The recipient, in any case; an _ is no wildcard either.
    expect((await listTenantEmails(studio, { q: `FAILED${DOMAIN}` })).rows.map((row) => row.id)).toEqual([ids.failed]);
    expect((await listTenantEmails(studio, { q: `paged_1${DOMAIN}` })).total).toBe(0);
    // Another tenant's e-mail is never found, not even by its address.
    expect((await listTenantEmails(studio, { q: `zuid${DOMAIN}` })).total).toBe(0);
    expect((await listTenantEmails(zuid, { q: `failed${DOMAIN}` })).total).toBe(0);
  });

  it("pages 50 at a time, and past the end shows the last page", async () => {
    const query = { template: "job-completed", q: `${DOMAIN}` };
    const first = await ours(studio, { ...query, page: 1 });
    expect(first).toMatchObject({ total: PAGED, page: 1, pages: 2 });
    expect(first.rows).toHaveLength(EMAIL_PAGE_SIZE);
    const second = await ours(studio, { ...query, page: 2 });
    expect(second.rows).toHaveLength(PAGED - EMAIL_PAGE_SIZE);
    expect(new Set([...first.rows, ...second.rows].map((row) => row.id)).size).toBe(PAGED);
    expect(second.rows.at(-1)!.id).toBe(ids[`paged-${PAGED - 1}`]);
    expect(await ours(studio, { ...query, page: 99 })).toMatchObject({ page: 2, pages: 2 });
  });

  it("reads the filter from the query string, ignoring what is malformed", () => {
    expect(emailListQuerySchema.parse({})).toEqual({ status: "all", q: "", page: 1 });
    expect(emailListQuerySchema.parse({ status: "failed", q: "  anna ", template: "new-invoice", page: "3" }))
      .toEqual({ status: "failed", q: "anna", template: "new-invoice", page: 3 });
    expect(emailListQuerySchema.parse({ status: "lost", template: "DROP TABLE", page: "-1" })).toEqual({ status: "all", q: "", page: 1 });
  });

  it("never shows an admin the bodies or the template's input", async () => {
    for (const column of ["html", "text_body", "payload", "idempotency_key"]) {
      await expect(withClaims(studio, (tx) => tx`select ${tx(column)} from public.email_outbox where id = ${ids.failed!}`), column)
        .rejects.toMatchObject({ code: "42501" });
    }
  });

  it("lets no admin mark e-mail sent, nor send another tenant's e-mail again", async () => {
    // RLS: queued with attempts 0 is the only change an admin may make.
    await expect(withClaims(studio, (tx) => tx`update public.email_outbox set status = 'sent' where id = ${ids.failed!}`))
      .rejects.toMatchObject({ code: "42501" });
    expect(await sendAgain(zuid, [ids.failed!], info)).toEqual({ requeued: 0, ids: [] });
    expect(await stateOf(ids.failed!)).toMatchObject({ status: "failed", attempts: 8 });
  });

  it("sends failed e-mail again from the start, skips everything else, and logs it once", async () => {
    const lastAudit = () => asService("test: the newest resend entry", async (tx) => {
      const [row] = await tx<{ id: string; adminId: string; ip: string; details: { count: number; ids: string[] } }[]>`
        select id::text as id, admin_id as "adminId", ip, details from public.audit_log
        where tenant_id = ${studio.tenantId} and action = 'email.resent' order by id desc limit 1`;
      return row ?? null;
    });
    const before = await lastAudit();

    const result = await sendAgain(studio, [ids.failed!, ids.code!, ids.sent!, ids.queued!, ids.zuid!], info);
    expect(result).toEqual({ requeued: 1, ids: [ids.failed] });
    expect(await stateOf(ids.failed!)).toEqual({ status: "queued", attempts: 0, due: true });
    // A sign-in code has long expired by the time it failed; sent, queued and another tenant's stay as they are.
    expect(await stateOf(ids.code!)).toMatchObject({ status: "failed", attempts: 8 });
    expect(await stateOf(ids.sent!)).toMatchObject({ status: "sent" });
    expect(await stateOf(ids.queued!)).toMatchObject({ status: "queued", due: false });
    expect(await stateOf(ids.zuid!)).toMatchObject({ status: "failed" });

    const logged = await lastAudit();
    expect(logged!.id).not.toBe(before?.id);
    expect(logged).toMatchObject({ adminId: studio.adminId, ip: "192.0.2.31", details: { count: 1, ids: [ids.failed] } });

    // Queued already: nothing more to do, and nothing logged.
    expect(await sendAgain(studio, [ids.failed!], info)).toEqual({ requeued: 0, ids: [] });
    expect((await lastAudit())!.id).toBe(logged!.id);
    expect((await ours(studio, { status: "failed" })).rows.map((row) => row.id)).toEqual([ids.code]);
  });
});
