import { extractText, getDocumentProxy } from "unpdf";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { adminClaimsOf, signedInContact } from "../../../tests/support/claims";
import { sha256Hex } from "../approvals/canonical";
import { asService, withClaims, type AdminClaims, type ContactClaims } from "../db";
import { OUTBOUND_SCHEMAS } from "../host/manifest";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE } from "../seed/demo";
import { parseQuoteDecisionForm } from "./quote-decision-form";
import { loadQuoteDecisionEvidence, quoteEvidencePdfResponse } from "./quote-evidence";
import { hardLines } from "./quote-evidence-pdf";
import {
  decideQuote, decideQuoteAsMember, listPortalQuotes, loadQuotesPage, quoteCanonicalContent, quoteRights, type QuoteDecisionRequest,
} from "./quotes";

const PNG_1PX_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const PNG_1PX = Uint8Array.from(Buffer.from(PNG_1PX_BASE64, "base64"));

let anna: ContactClaims;
let bram: ContactClaims;
let carla: ContactClaims;
let admin: AdminClaims;
let portalId: string;
let tenantId: string;
/** Acme's open quote of the demo; every case that changes it is set back by the system afterwards. */
let quote: { id: string; hostId: string; number: string; validUntil: string; totalExclVat: string };

type Request = Omit<QuoteDecisionRequest, "sessionId">;

function request(overrides: Partial<Request> = {}): Request {
  return {
    portalId, quoteId: quote.id, decision: "accepted", comment: null,
    signature: { kind: "drawn", signerName: "Anna de Vries", png: PNG_1PX },
    language: "nl", info: { ip: "192.0.2.9", userAgent: "vitest quotes" }, ...overrides,
  };
}

async function quoteStatus(): Promise<string> {
  const [row] = await asService("test: read the quote", (tx) => tx<{ status: string }[]>`
    select status from public.quotes where id = ${quote.id}`);
  return row!.status;
}

async function decisionsOnQuote(): Promise<number> {
  const [row] = await asService("test: count decisions", (tx) => tx<{ count: number }[]>`
    select count(*)::int as count from public.quote_decisions where quote_id = ${quote.id}`);
  return row!.count;
}

/** A direct insert of evidence with a contact's own claims: the policy alone decides. */
function insertDirectly(claims: ContactClaims, memberId: string) {
  const content = "{}";
  return withClaims(claims, (tx) => tx`
    insert into public.quote_decisions (tenant_id, quote_id, portal_id, member_id, login_id, session_id, portal_name, customer_name,
      member_name, member_email, decision, signer_name, signature_kind, statement, language, canonical_content, fingerprint)
    values (${tenantId}, ${quote.id}, ${portalId}, ${memberId}, ${claims.loginId}, ${claims.sessionId}, 'p', 'c', 'm', 'e',
      'accepted', 'Iemand', 'typed', 's', 'nl', ${content}, ${sha256Hex(content)})`)
    .then(() => "inserted", (caught: { code?: string }) => caught.code);
}

async function memberIdOf(claims: ContactClaims, portal?: string): Promise<string> {
  const [row] = await asService("test: a membership", (tx) => tx<{ id: string }[]>`
    select id from public.portal_members where login_id = ${claims.loginId} ${portal ? tx`and portal_id = ${portal}` : tx``}
    order by created_at limit 1`);
  return row!.id;
}

async function setCanViewQuotes(claims: ContactClaims, value: boolean) {
  await asService("test: a member's right to view quotes", (tx) => tx`
    update public.portal_members set can_view_quotes = ${value} where login_id = ${claims.loginId} and portal_id = ${portalId}`);
}

describe("quotes in the portal (F-19)", () => {
  beforeAll(async () => {
    const [scope] = await asService("test: acme's portal and open quote", (tx) => tx<{
      portalId: string; tenantId: string; quoteId: string; hostId: string; number: string; validUntil: string; totalExclVat: string;
    }[]>`
      select p.id as "portalId", p.tenant_id as "tenantId", q.id as "quoteId", q.host_id as "hostId", q.number,
        to_char(q.valid_until, 'YYYY-MM-DD') as "validUntil", q.total_excl_vat::text as "totalExclVat"
      from public.portals p join public.quotes q on q.customer_id = p.customer_id and q.status = 'open'
      where p.name = 'Acme – Website en app' and q.host_id like 'quote-%'
      order by q.issued_on desc limit 1`);
    ({ portalId, tenantId } = scope!);
    quote = { id: scope!.quoteId, hostId: scope!.hostId, number: scope!.number, validUntil: scope!.validUntil, totalExclVat: scope!.totalExclVat };
    anna = (await signedInContact(DEMO_ADDRESSES.anna)).claims;
    bram = (await signedInContact(DEMO_ADDRESSES.bram)).claims;
    carla = (await signedInContact(DEMO_ADDRESSES.carla)).claims;
    admin = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
  });

  // The system puts the demo back: the quote open and valid (without telling anyone anew), rights as they were.
  afterEach(async () => {
    await asService("test: reopen the demo quote", async (tx) => {
      await tx`select set_config('portaal.notifications', 'off', true)`;
      await tx`update public.quotes set status = 'open', valid_until = ${quote.validUntil} where id = ${quote.id}`;
      await tx`update public.portals set show_quotes = true where id = ${portalId}`;
      await tx`update public.portal_members set can_view_quotes = true where portal_id = ${portalId}`;
    });
  });

  describe("the list", () => {
    it("shows the portal's sent quotes with their status, PDF and whether the member may decide", async () => {
      const list = await withClaims(anna, (tx) => listPortalQuotes(tx, portalId, { page: 1 }));
      expect(list.pageSize).toBe(25);
      expect(list.total).toBe(list.rows.length);
      expect(new Set(list.rows.map((row) => row.status))).toEqual(new Set(["open", "accepted", "declined", "expired"]));
      const open = list.rows.find((row) => row.id === quote.id)!;
      expect(open).toMatchObject({ number: quote.number, status: "open", canDecide: true, totalExclVat: quote.totalExclVat, currency: "EUR" });
      expect(list.rows.filter((row) => row.status !== "open").every((row) => !row.canDecide)).toBe(true);

      const [pdf] = await asService("test: the quote's pdf", (tx) => tx<{ id: string }[]>`
        select id from public.documents where quote_id = ${quote.id} and is_document_pdf and deleted_at is null
          and channel_portal and storage_key is not null`);
      expect(open.pdfDocumentId).toBe(pdf?.id ?? null);
    });

    it("filters by status, searches by number and pages by 25", async () => {
      const expired = await withClaims(anna, (tx) => listPortalQuotes(tx, portalId, { status: "expired", page: 1 }));
      expect(expired.rows.length).toBeGreaterThan(0);
      expect(expired.rows.every((row) => row.status === "expired")).toBe(true);
      const found = await withClaims(anna, (tx) => listPortalQuotes(tx, portalId, { search: quote.number.toLowerCase(), page: 1 }));
      expect(found.rows.map((row) => row.id)).toEqual([quote.id]);
      const wildcard = await withClaims(anna, (tx) => listPortalQuotes(tx, portalId, { search: "%", page: 1 }));
      expect(wildcard.total).toBe(0);
      const beyond = await withClaims(anna, (tx) => listPortalQuotes(tx, portalId, { page: 2 }));
      expect(beyond.rows).toEqual([]);
    });

    it("counts an open quote past its valid-until date as expired, and offers no decision on it", async () => {
      await asService("test: let the quote expire", (tx) => tx`
        update public.quotes set valid_until = current_date - 1 where id = ${quote.id}`);
      const list = await withClaims(anna, (tx) => listPortalQuotes(tx, portalId, { status: "open", page: 1 }));
      expect(list.rows.map((row) => row.id)).not.toContain(quote.id);
      const expired = await withClaims(anna, (tx) => listPortalQuotes(tx, portalId, { status: "expired", page: 1 }));
      expect(expired.rows.find((row) => row.id === quote.id)).toMatchObject({ status: "expired", canDecide: false });
    });

    it("is not there (null: a 404) where the portal shows no quotes or the member may not view them", async () => {
      expect(await withClaims(bram, (tx) => loadQuotesPage(tx, portalId, { page: 1 }))).toMatchObject({ rights: { canDecide: true } });
      await setCanViewQuotes(bram, false);
      expect(await withClaims(bram, (tx) => loadQuotesPage(tx, portalId, { page: 1 }))).toBeNull();
      await asService("test: hide quotes", (tx) => tx`update public.portals set show_quotes = false where id = ${portalId}`);
      expect(await withClaims(anna, (tx) => loadQuotesPage(tx, portalId, { page: 1 }))).toBeNull();
    });

    it("shows an admin's preview what the member sees, without deciding", async () => {
      const annaMember = await memberIdOf(anna, portalId);
      const page = await withClaims(admin, (tx) => loadQuotesPage(tx, portalId, { page: 1 }, annaMember));
      const own = await withClaims(anna, (tx) => loadQuotesPage(tx, portalId, { page: 1 }));
      expect(page!.rights).toBeNull();
      expect(page!.rows.map((row) => row.id)).toEqual(own!.rows.map((row) => row.id));
      expect(page!.rows.every((row) => !row.canDecide)).toBe(true);
      expect(await withClaims(admin, (tx) => quoteRights(tx, portalId, annaMember))).toMatchObject({ canView: true, canDecide: false });
    });
  });

  describe("deciding", () => {
    it("accepts with a drawn signature: the quote moves, the evidence is kept, the host and the audit log are told", async () => {
      const result = await decideQuoteAsMember(anna, request({ comment: "Akkoord, graag starten in januari" }));
      if (!result.ok) throw new Error(`expected a decision, got ${result.reason}`);
      expect(await quoteStatus()).toBe("accepted");

      const [row] = await asService("test: the evidence", (tx) => tx<Record<string, unknown>[]>`
        select * from public.quote_decisions where id = ${result.decisionId}`);
      expect(row).toMatchObject({
        quote_id: quote.id, portal_id: portalId, login_id: anna.loginId, session_id: anna.sessionId, decision: "accepted",
        signer_name: "Anna de Vries", signature_kind: "drawn", comment: "Akkoord, graag starten in januari",
        member_email: DEMO_ADDRESSES.anna, member_name: "Anna de Vries", language: "nl", ip: "192.0.2.9", user_agent: "vitest quotes",
      });
      expect(Buffer.from(row!.signature_png as Buffer)).toEqual(Buffer.from(PNG_1PX));
      expect(row!.statement).toMatch(new RegExp(`^Ik, Anna de Vries, accepteer namens Acme.* offerte ${quote.number} \\(€\\s[\\d.]+,\\d\\d excl\\. btw\\)\\.$`));

      // The fingerprint, re-checked from the evidence alone; it covers the quote as shown.
      const content = row!.canonical_content as string;
      expect(sha256Hex(content)).toBe(row!.fingerprint);
      expect(result.fingerprint).toBe(row!.fingerprint);
      const decided = JSON.parse(content) as { version: number; quote: Record<string, unknown> };
      expect(decided.version).toBe(1);
      expect(decided.quote).toMatchObject({ id: quote.id, number: quote.number, totalExclVat: quote.totalExclVat, currency: "EUR", validUntil: quote.validUntil });
      expect(quoteCanonicalContent(decided.quote as never)).toEqual({ content, fingerprint: row!.fingerprint });

      const [event] = await asService("test: the host event", (tx) => tx<{ type: string; payload: Record<string, unknown> }[]>`
        select event_type as type, payload from public.host_outbound_events where payload ->> 'decision_id' = ${result.decisionId}`);
      expect(event).toMatchObject({ type: "quote.accepted", payload: {
        quote_id: quote.hostId, signer_name: "Anna de Vries", signer_email: DEMO_ADDRESSES.anna,
        comment: "Akkoord, graag starten in januari", evidence_sha256: result.fingerprint, decided_at: result.decidedAt,
      } });
      expect(OUTBOUND_SCHEMAS["quote.accepted"].safeParse(event!.payload).success).toBe(true);

      const audit = await asService("test: the audit entry", (tx) => tx<{ action: string; actorKind: string; loginId: string }[]>`
        select action, actor_kind as "actorKind", login_id as "loginId" from public.audit_log where subject_id = ${result.decisionId}`);
      expect(audit).toEqual([{ action: "quote.accepted", actorKind: "contact", loginId: anna.loginId }]);

      const list = await withClaims(anna, (tx) => listPortalQuotes(tx, portalId, { search: quote.number, page: 1 }));
      expect(list.rows[0]).toMatchObject({ status: "accepted", canDecide: false, decisionId: result.decisionId });
    });

    it("declines with a typed signature and a comment", async () => {
      const result = await decideQuoteAsMember(bram, request({
        decision: "declined", comment: "Te duur voor dit jaar", signature: { kind: "typed", signerName: "Bram Jansen", png: null },
        language: "en",
      }));
      if (!result.ok) throw new Error(`expected a decision, got ${result.reason}`);
      expect(await quoteStatus()).toBe("declined");
      const [row] = await asService("test: the evidence", (tx) => tx<Record<string, unknown>[]>`
        select signature_kind, signature_png, signer_name, statement, comment from public.quote_decisions where id = ${result.decisionId}`);
      expect(row).toMatchObject({ signature_kind: "typed", signature_png: null, signer_name: "Bram Jansen", comment: "Te duur voor dit jaar" });
      expect(row!.statement).toMatch(new RegExp(`^I, Bram Jansen, on behalf of Acme.*, decline quote ${quote.number} \\(€[\\d,]+\\.\\d\\d excl\\. VAT\\)\\.$`));
      const [event] = await asService("test: the host event", (tx) => tx<{ type: string; payload: Record<string, unknown> }[]>`
        select event_type as type, payload from public.host_outbound_events where payload ->> 'decision_id' = ${result.decisionId}`);
      expect(event).toMatchObject({ type: "quote.declined", payload: { quote_id: quote.hostId, comment: "Te duur voor dit jaar" } });
      expect(OUTBOUND_SCHEMAS["quote.declined"].safeParse(event!.payload).success).toBe(true);
    });

    it("refuses to decline without a comment, and a decision without a signature, writing nothing", async () => {
      const before = await decisionsOnQuote();
      expect(await decideQuoteAsMember(anna, request({ decision: "declined", comment: "  " }))).toEqual({ ok: false, reason: "comment-required" });
      expect(await decideQuoteAsMember(anna, request({ signature: { kind: "drawn", signerName: "Anna de Vries", png: null } })))
        .toEqual({ ok: false, reason: "signature-required" });
      expect(await decideQuoteAsMember(anna, request({ signature: { kind: "typed", signerName: " ", png: null } })))
        .toEqual({ ok: false, reason: "signature-required" });
      expect(await decideQuoteAsMember(anna, request({ signature: { kind: "drawn", signerName: "Anna", png: new Uint8Array(200_001) } })))
        .toEqual({ ok: false, reason: "signature-required" });
      expect(await quoteStatus()).toBe("open");
      expect(await decisionsOnQuote()).toBe(before);
    });

    it("refuses a second decision whole: no longer open, nothing written", async () => {
      const first = await decideQuoteAsMember(anna, request());
      expect(first.ok).toBe(true);
      const before = await decisionsOnQuote();
      const second = await decideQuoteAsMember(bram, request({
        decision: "declined", comment: "Toch niet", signature: { kind: "typed", signerName: "Bram Jansen", png: null },
      }));
      expect(second).toEqual({ ok: false, reason: "no-longer-open" });
      expect(await decisionsOnQuote()).toBe(before);
      expect(await quoteStatus()).toBe("accepted");
      // Straight at the database: the policy refuses a decision on a quote that is not open…
      expect(await insertDirectly(bram, await memberIdOf(bram, portalId))).toBe("42501");
      // …and should anything get past it, the trigger refuses to move the quote twice.
      const bramMember = await memberIdOf(bram, portalId);
      const twice = await asService("test: a second decision past the policy", (tx) => tx`
        insert into public.quote_decisions (tenant_id, quote_id, portal_id, member_id, login_id, session_id, portal_name,
          customer_name, member_name, member_email, decision, signer_name, signature_kind, statement, language, canonical_content, fingerprint)
        values (${tenantId}, ${quote.id}, ${portalId}, ${bramMember}, ${bram.loginId}, ${bram.sessionId}, 'p', 'c',
          'm', 'e', 'declined', 'Bram', 'typed', 's', 'nl', '{}', ${sha256Hex("{}")})`)
        .catch((caught: { code?: string; message?: string }) => caught);
      expect(twice).toMatchObject({ code: "23514", message: expect.stringContaining("no longer open") });
      expect(await decisionsOnQuote()).toBe(before);
    });

    it("lets only one of two decisions at the same moment through", async () => {
      const results = await Promise.all([
        decideQuoteAsMember(anna, request()),
        decideQuoteAsMember(bram, request({ signature: { kind: "typed", signerName: "Bram Jansen", png: null } })),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: "no-longer-open" }]);
      expect(await quoteStatus()).toBe("accepted");
    });

    it("refuses an expired quote", async () => {
      await asService("test: let the quote expire", (tx) => tx`
        update public.quotes set valid_until = current_date - 1 where id = ${quote.id}`);
      expect(await decideQuoteAsMember(anna, request())).toEqual({ ok: false, reason: "expired" });
      expect(await insertDirectly(anna, await memberIdOf(anna, portalId))).toBe("42501");
      expect(await quoteStatus()).toBe("open");
    });

    it("refuses a member who may not view quotes, in the application and in the database", async () => {
      expect(await withClaims(bram, (tx) => quoteRights(tx, portalId))).toMatchObject({ canView: true, canDecide: true });
      await setCanViewQuotes(bram, false);
      expect(await decideQuoteAsMember(bram, request({ signature: { kind: "typed", signerName: "Bram Jansen", png: null } })))
        .toEqual({ ok: false, reason: "not-allowed" });
      expect(await insertDirectly(bram, await memberIdOf(bram, portalId))).toBe("42501");
      expect(await quoteStatus()).toBe("open");
    });

    it("lets no contact of another customer sign for Acme's quote, nor anyone set a quote's status", async () => {
      expect(await insertDirectly(carla, await memberIdOf(carla))).toBe("42501");
      expect(await insertDirectly(carla, await memberIdOf(anna, portalId))).toBe("42501");
      expect(await withClaims(carla, (tx) => decideQuote(tx, { ...request(), sessionId: carla.sessionId }))).toEqual({ ok: false, reason: "not-allowed" });
      const direct = await withClaims(anna, (tx) => tx`update public.quotes set status = 'accepted' where id = ${quote.id}`)
        .then(() => "updated", (caught: { code?: string }) => caught.code);
      expect(direct).toBe("42501");
      expect(await quoteStatus()).toBe("open");
    });

    it("signs only in the member's own session", async () => {
      const other = (await signedInContact(DEMO_ADDRESSES.anna)).claims;
      const error = await withClaims(anna, (tx) => decideQuote(tx, { ...request(), sessionId: other.sessionId }))
        .then(() => "decided", (caught: { code?: string }) => caught.code);
      expect(error).toBe("42501");
      expect(await quoteStatus()).toBe("open");
    });
  });

  describe("evidence", () => {
    it("is a PDF for the member who decided and the tenant's admins, not for a colleague; every download is audited", async () => {
      const result = await decideQuoteAsMember(anna, request({ decision: "declined", comment: "Graag een nieuwe offerte met fasering" }));
      if (!result.ok) throw new Error(`expected a decision, got ${result.reason}`);

      expect(await withClaims(bram, (tx) => loadQuoteDecisionEvidence(tx, result.decisionId, portalId))).toBeNull();
      expect(await withClaims(carla, (tx) => loadQuoteDecisionEvidence(tx, result.decisionId))).toBeNull();
      expect(await withClaims(admin, (tx) => loadQuoteDecisionEvidence(tx, result.decisionId, portalId))).toMatchObject({ decision: "declined" });
      const evidence = await withClaims(anna, (tx) => loadQuoteDecisionEvidence(tx, result.decisionId, portalId));
      expect(evidence).toMatchObject({ decision: "declined", signerName: "Anna de Vries", quote: { id: quote.id, number: quote.number } });
      expect(sha256Hex(evidence!.canonicalContent)).toBe(evidence!.fingerprint);

      const info = { ip: "192.0.2.10", userAgent: "vitest download" };
      expect(await quoteEvidencePdfResponse([bram], { decisionId: result.decisionId, portalId, info, download: true })).toBeNull();
      const response = await quoteEvidencePdfResponse([anna], { decisionId: result.decisionId, portalId, info, download: true });
      expect(response!.headers.get("Content-Type")).toBe("application/pdf");
      expect(response!.headers.get("Content-Disposition")).toMatch(new RegExp(`^attachment; filename="bewijs-offerte-${quote.number}-\\d{4}-\\d{2}-\\d{2}\\.pdf"$`));
      const pdf = new Uint8Array(await response!.arrayBuffer());
      const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
      const flat = text.replace(/\s+/g, " ");
      // The canonical content is printed so that it can be re-checked from the PDF alone: its lines joined are the content.
      expect(text.replace(/\n/g, "")).toContain(evidence!.canonicalContent);
      expect(flat).toContain(`Bewijs van afwijzing van offerte ${quote.number}`);
      expect(flat).toContain("Graag een nieuwe offerte met fasering");
      expect(flat).toContain(result.fingerprint);
      expect(flat).toContain("wijs namens");

      expect(await quoteEvidencePdfResponse([admin], { decisionId: result.decisionId, portalId, info, download: false })).not.toBeNull();
      const downloads = await asService("test: audited downloads", (tx) => tx<{ actorKind: string }[]>`
        select actor_kind as "actorKind" from public.audit_log
        where subject_id = ${result.decisionId} and action = 'quote.evidence_downloaded' order by id`);
      expect(downloads.map((entry) => entry.actorKind)).toEqual(["contact", "admin"]);
    });
  });

  it("prints the canonical content in lines that join to it exactly, never broken at a space", () => {
    const content = JSON.stringify({ subject: "Onderhoud  en  support – fase 2", customer: "Acme B.V.", n: "x".repeat(300) });
    for (const width of [10, 37, 117]) {
      const lines = hardLines(content, width);
      expect(lines.join("")).toBe(content);
      expect(lines.every((line) => Array.from(line).length <= width && !line.startsWith(" ") && !line.endsWith(" "))).toBe(true);
    }
  });

  describe("the dialog's form", () => {
    const form = (fields: Record<string, string>) => {
      const data = new FormData();
      for (const [key, value] of Object.entries(fields)) data.set(key, value);
      return data;
    };
    const base = { quoteId: "6f1c2a57-3c1e-4d1b-9a55-1f2b3c4d5e6f", decision: "accepted", signerName: "Anna de Vries" };

    it("reads a drawn or typed signature, and says at which field what is wrong", () => {
      expect(parseQuoteDecisionForm(form({ ...base, signatureKind: "drawn", signature: `data:image/png;base64,${PNG_1PX_BASE64}` })))
        .toMatchObject({ ok: true, decision: "accepted", comment: null, signature: { kind: "drawn", signerName: "Anna de Vries" } });
      expect(parseQuoteDecisionForm(form({ ...base, decision: "declined", comment: " Te duur ", signatureKind: "typed", signature: "" })))
        .toMatchObject({ ok: true, comment: "Te duur", signature: { kind: "typed", png: null } });
      expect(parseQuoteDecisionForm(form({ ...base, signatureKind: "none" })))
        .toEqual({ ok: false, errors: { signature: "quotes.error.signature-required" } });
      expect(parseQuoteDecisionForm(form({ ...base, signatureKind: "drawn", signature: "data:image/png;base64,AAAA" })))
        .toEqual({ ok: false, errors: { signature: "quotes.error.signature-invalid" } });
      expect(parseQuoteDecisionForm(form({ ...base, signerName: "A", signatureKind: "typed" })))
        .toEqual({ ok: false, errors: { signerName: "quotes.error.signerName" } });
      expect(parseQuoteDecisionForm(form({ ...base, quoteId: "nope", signatureKind: "typed" })))
        .toEqual({ ok: false, errors: { form: "quotes.error.invalid" } });
    });
  });
});
