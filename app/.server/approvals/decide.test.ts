import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signedInContact } from "../../../tests/support/claims";
import { asService, withClaims, type ContactClaims } from "../db";
import { DEMO_ADDRESSES } from "../seed/demo";
import { canonicalContent, fingerprintMatches, sha256Hex } from "./canonical";
import { decideRegistrations, DecisionConflict, type DecisionRequest } from "./decide";
import { loadDecisionEvidence } from "./evidence";
import { registrationHistory } from "./history";

let anna: ContactClaims;
let bram: ContactClaims;
let portalId: string;
let projectId: string;
let tenantId: string;

const PNG_1PX = Uint8Array.from(Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));

/** Fresh registrations waiting for the customer, so that cases do not depend on each other. */
async function waitingRegistrations(count: number, kind: "hours" | "expense" = "hours"): Promise<string[]> {
  return asService("test: registrations waiting for approval", async (tx) => {
    const [employee] = await tx<{ id: string }[]>`
      select employee_id as id from public.project_members where project_id = ${projectId} order by employee_id limit 1`;
    const rows = Array.from({ length: count }, (_, index) => ({
      id: randomUUID(), tenant_id: tenantId, project_id: projectId, employee_id: employee!.id,
      host_id: `test-${randomUUID()}`, kind, work_date: `2026-10-${String((index % 28) + 1).padStart(2, "0")}`,
      hours: kind === "hours" ? 1.5 : null, amount: kind === "expense" ? 12.4 : null,
      status: "pending_external", submitted_at: new Date(),
    }));
    for (let offset = 0; offset < rows.length; offset += 500) {
      await tx`insert into public.registrations ${tx(rows.slice(offset, offset + 500))}`;
    }
    await tx`insert into public.registration_descriptions ${tx(rows.map((row) => ({
      registration_id: row.id, tenant_id: tenantId, project_id: projectId, kind, description: `Werk ${row.host_id}`,
    })))}`;
    return rows.map((row) => row.id);
  });
}

function request(ids: string[], overrides: Partial<DecisionRequest> = {}): DecisionRequest {
  return {
    portalId, decision: "approved", target: { kind: "ids", ids }, comment: null, reference: "PO-2026-118",
    signature: { kind: "drawn", signerName: "Anna de Vries", png: PNG_1PX }, language: "nl",
    sessionId: anna.sessionId, info: { ip: "192.0.2.7", userAgent: "vitest" }, ...overrides,
  };
}

const decide = (claims: ContactClaims, input: DecisionRequest) =>
  withClaims(claims, (tx) => decideRegistrations(tx, { ...input, sessionId: claims.sessionId }));

async function statuses(ids: string[]): Promise<string[]> {
  const rows = await asService("test: read statuses", (tx) => tx<{ status: string }[]>`
    select status from public.registrations where id = any(${ids}::uuid[])`);
  return [...new Set(rows.map((row) => row.status))];
}

async function setWorkflow(workflow: string) {
  await asService("test: set the workflow", (tx) => tx`update public.tenants set approval_workflow = ${workflow} where id = ${tenantId}`);
}

describe("decisions on registrations", () => {
  beforeAll(async () => {
    const [scope] = await asService("test: anna's portal", (tx) => tx<{ portalId: string; projectId: string; tenantId: string }[]>`
      select p.id as "portalId", pr.id as "projectId", p.tenant_id as "tenantId"
      from public.portals p join public.portal_projects pp on pp.portal_id = p.id join public.projects pr on pr.id = pp.project_id
      where p.name = 'Acme – Website en app' and pr.name = 'Website relaunch'`);
    ({ portalId, projectId, tenantId } = scope!);
    anna = (await signedInContact(DEMO_ADDRESSES.anna)).claims;
    bram = (await signedInContact(DEMO_ADDRESSES.bram)).claims;
  });
  beforeEach(() => setWorkflow("internal_external"));
  afterAll(() => setWorkflow("internal_external"));

  describe("the state machine, per workflow", () => {
    const cases: Array<[string, "approved" | "rejected" | "changes_requested", string | null]> = [
      ["internal_external", "approved", "approved"],
      ["internal_external", "rejected", "rejected"],
      ["internal_external", "changes_requested", "changes_requested"],
      ["external_internal", "approved", "pending_internal"],
      ["external_internal", "rejected", "rejected"],
      ["external", "approved", "approved"],
      ["external", "changes_requested", "changes_requested"],
      ["internal", "approved", null],
      ["internal", "rejected", null],
    ];
    it.each(cases)("%s: %s leads to %s", async (workflow, decision, expected) => {
      const ids = await waitingRegistrations(2);
      await setWorkflow(workflow);
      const result = await decide(anna, request(ids, { decision, comment: decision === "approved" ? null : "Klopt niet" }));
      if (expected === null) {
        expect(result).toEqual({ ok: false, reason: "not-allowed" });
        expect(await statuses(ids)).toEqual(["pending_external"]);
      } else {
        expect(result).toMatchObject({ ok: true, count: 2, statusAfter: expected });
        expect(await statuses(ids)).toEqual([expected]);
      }
    });

    it("decides only what waits for the customer: a decided registration cannot be decided again", async () => {
      const ids = await waitingRegistrations(1);
      expect(await decide(anna, request(ids))).toMatchObject({ ok: true });
      expect(await decide(anna, request(ids, { decision: "rejected", comment: "Toch niet" }))).toEqual({ ok: false, reason: "nothing-waiting" });
      expect(await statuses(ids)).toEqual(["approved"]);
    });

    it("refuses the whole decision when some of the selection no longer waits", async () => {
      const ids = await waitingRegistrations(3);
      await decide(bram, request([ids[0]!], { signature: { kind: "typed", signerName: "Bram Jansen", png: null } }));
      const result = await decide(anna, request(ids));
      expect(result).toEqual({ ok: false, reason: "no-longer-waiting", requested: 3, waiting: 2 });
      expect(await statuses(ids.slice(1))).toEqual(["pending_external"]);
    });
  });

  describe("refusals", () => {
    it("needs a comment to reject or request changes", async () => {
      const ids = await waitingRegistrations(1);
      expect(await decide(anna, request(ids, { decision: "rejected", comment: null }))).toEqual({ ok: false, reason: "comment-required" });
      expect(await decide(anna, request(ids, { decision: "changes_requested", comment: null }))).toEqual({ ok: false, reason: "comment-required" });
    });

    it("needs a signature where the portal requires one, in the application and in the database", async () => {
      const ids = await waitingRegistrations(1);
      const unsigned = request(ids, { signature: { kind: "none", signerName: null, png: null } });
      expect(await decide(anna, unsigned)).toEqual({ ok: false, reason: "signature-required" });
      const error = await withClaims(anna, (tx) => tx`
        insert into public.approval_decisions (tenant_id, portal_id, login_id, session_id, portal_name, customer_name,
          member_name, member_email, decision, statement, language, registration_count, canonical_content, fingerprint)
        values (${tenantId}, ${portalId}, ${anna.loginId}, ${anna.sessionId}, 'p', 'c', 'm', 'e', 'approved', 's', 'nl', 1,
          'x', ${sha256Hex("x")})`).catch((caught: { code?: string }) => caught.code);
      expect(error).toBe("42501");
    });

    it("refuses a member without the right to approve", async () => {
      const ids = await waitingRegistrations(1);
      await asService("test: take bram's right", (tx) => tx`
        update public.portal_members set can_approve = false where login_id = ${bram.loginId} and portal_id = ${portalId}`);
      try {
        expect(await decide(bram, request(ids))).toEqual({ ok: false, reason: "not-allowed" });
      } finally {
        await asService("test: give it back", (tx) => tx`
          update public.portal_members set can_approve = true where login_id = ${bram.loginId} and portal_id = ${portalId}`);
      }
    });

    it("lets no contact change a status directly, or point registrations at someone else's decision", async () => {
      const ids = await waitingRegistrations(2);
      const direct = await withClaims(anna, (tx) => tx`update public.registrations set status = 'approved' where id = ${ids[0]!}`)
        .catch((caught: { code?: string }) => caught.code);
      expect(direct).toBe("42501");
      const result = await decide(anna, request([ids[0]!]));
      if (!result.ok) throw new Error("expected a decision");
      const borrowed = await withClaims(bram, (tx) => tx`update public.registrations set last_decision_id = ${result.decisionId} where id = ${ids[1]!}`)
        .catch((caught: { code?: string }) => caught.code);
      expect(borrowed).toBe("42501");
      expect(await statuses([ids[1]!])).toEqual(["pending_external"]);
    });

    it("keeps the evidence append-only", async () => {
      const ids = await waitingRegistrations(1);
      const result = await decide(anna, request(ids));
      if (!result.ok) throw new Error("expected a decision");
      const change = await asService("test: tamper", (tx) => tx`update public.approval_decisions set comment = 'x' where id = ${result.decisionId}`)
        .catch((caught: { code?: string }) => caught.code);
      expect(change).toBe("42501");
      const remove = await asService("test: tamper", (tx) => tx`delete from public.approval_decision_registrations where decision_id = ${result.decisionId}`)
        .catch((caught: { code?: string }) => caught.code);
      expect(remove).toBe("42501");
    });
  });

  describe("evidence", () => {
    it("keeps who, when, where, what and how, with a fingerprint that can be re-checked from the evidence alone", async () => {
      const ids = await waitingRegistrations(3);
      const result = await decide(anna, request(ids, { comment: "Akkoord" }));
      if (!result.ok) throw new Error("expected a decision");
      const [row] = await asService("test: read the evidence", (tx) => tx<Record<string, unknown>[]>`
        select * from public.approval_decisions where id = ${result.decisionId}`);
      expect(row).toMatchObject({
        login_id: anna.loginId, session_id: anna.sessionId, ip: "192.0.2.7", user_agent: "vitest", decision: "approved",
        signer_name: "Anna de Vries", signature_kind: "drawn", reference: "PO-2026-118", comment: "Akkoord", registration_count: 3,
        member_email: DEMO_ADDRESSES.anna, automatic: false,
      });
      expect(Buffer.from(row!.signature_png as Buffer)).toEqual(Buffer.from(PNG_1PX));
      expect(row!.statement).toMatch(/^Ik, Anna de Vries, keur namens Acme .* de 3 registraties van dit besluit goed \(4,50 uur\)\.$/);

      // From the evidence alone: the stored content hashes to the stored fingerprint, and names exactly these rows.
      const content = row!.canonical_content as string;
      expect(sha256Hex(content)).toBe(row!.fingerprint);
      expect(fingerprintMatches({ canonicalContent: content, fingerprint: result.fingerprint })).toBe(true);
      const decided = JSON.parse(content) as { registrations: Array<{ id: string; description: string | null; status: string }> };
      expect(decided.registrations.map((registration) => registration.id).sort()).toEqual([...ids].sort());
      expect(decided.registrations.every((registration) => registration.status === "pending_external")).toBe(true);
      expect(fingerprintMatches({ canonicalContent: content.replace("1.50", "1.49"), fingerprint: result.fingerprint })).toBe(false);
    });

    it("gives the same fingerprint for the same registrations in any order", () => {
      const registration = (id: string) => ({
        id, projectName: "P", kind: "hours" as const, workDate: "2026-10-01", employeeName: "E", taskName: null,
        hours: "1.00", amount: null, currency: "EUR", distanceKm: null, description: "Ontwerp – “logo”", status: "pending_external",
      });
      const one = canonicalContent([registration("a"), registration("b")]);
      const two = canonicalContent([registration("b"), registration("a")]);
      expect(one).toEqual(two);
      expect(one.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      // A known value: a change to how content is written would silently break re-checks of old evidence.
      expect(canonicalContent([registration("a")]).content).toBe(
        '{"registrations":[{"amount":null,"currency":"EUR","description":"Ontwerp – “logo”","distanceKm":null,"employeeName":"E","hours":"1.00","id":"a","kind":"hours","projectName":"P","status":"pending_external","taskName":null,"workDate":"2026-10-01"}],"version":1}',
      );
    });

    it("covers only what the member saw: no descriptions where the portal hides them", async () => {
      const ids = await waitingRegistrations(1);
      await asService("test: hide descriptions", (tx) => tx`update public.portals set hours_visibility = 'without_description' where id = ${portalId}`);
      try {
        const result = await decide(anna, request(ids));
        if (!result.ok) throw new Error("expected a decision");
        const evidence = await withClaims(anna, (tx) => loadDecisionEvidence(tx, result.decisionId, portalId));
        expect(evidence!.registrations[0]!.description).toBeNull();
      } finally {
        await asService("test: show descriptions", (tx) => tx`update public.portals set hours_visibility = 'full' where id = ${portalId}`);
      }
    });

    it("is readable by the member who decided and the tenant's admins, not by colleagues, who see the history", async () => {
      const ids = await waitingRegistrations(1);
      const result = await decide(anna, request(ids, { decision: "changes_requested", comment: "Graag splitsen per dag" }));
      if (!result.ok) throw new Error("expected a decision");
      expect(await withClaims(anna, (tx) => loadDecisionEvidence(tx, result.decisionId))).toMatchObject({ decision: "changes_requested" });
      expect(await withClaims(bram, (tx) => loadDecisionEvidence(tx, result.decisionId))).toBeNull();
      const history = await withClaims(bram, (tx) => registrationHistory(tx, portalId, ids[0]!));
      expect(history).toEqual([expect.objectContaining({
        decision: "changes_requested", decidedBy: "Anna de Vries", comment: "Graag splitsen per dag",
        statusBefore: "pending_external", statusAfter: "changes_requested", hasEvidence: false,
      })]);
    });
  });

  describe("consequences", () => {
    it("e-mails each employee once per decision and queues one host event per registration, in the same transaction", async () => {
      const ids = await waitingRegistrations(4);
      const result = await decide(anna, request(ids, { decision: "rejected", comment: "Dubbel geboekt" }));
      if (!result.ok) throw new Error("expected a decision");
      const [counts] = await asService("test: read the outbox", (tx) => tx<{ emails: number; events: number; audit: number; subject: string; text: string }[]>`
        select (select count(*)::int from public.email_outbox where idempotency_key like ${`decision:${result.decisionId}:%`}) as emails,
               (select count(*)::int from public.host_outbound_events where payload ->> 'decision_id' = ${result.decisionId}) as events,
               (select count(*)::int from public.audit_log where subject_id = ${result.decisionId} and action = 'registrations.rejected') as audit,
               (select subject from public.email_outbox where idempotency_key like ${`decision:${result.decisionId}:%`}) as subject,
               (select text_body from public.email_outbox where idempotency_key like ${`decision:${result.decisionId}:%`}) as text`);
      expect(counts).toMatchObject({ emails: 1, events: 4, audit: 1 });
      expect(counts!.text).toContain("Dubbel geboekt");
      const [event] = await asService("test: read an event", (tx) => tx<{ type: string; payload: Record<string, unknown> }[]>`
        select event_type as type, payload from public.host_outbound_events where payload ->> 'decision_id' = ${result.decisionId} limit 1`);
      expect(event).toMatchObject({ type: "registration.rejected", payload: {
        decision: "rejected", status: "rejected", comment: "Dubbel geboekt", reference: "PO-2026-118",
        evidence_sha256: result.fingerprint, signer_email: DEMO_ADDRESSES.anna,
      } });
    });

    it("leaves nothing behind when the decision fails half-way", async () => {
      const ids = await waitingRegistrations(2);
      const before = await asService("test: count", (tx) => tx<{ count: number }[]>`select count(*)::int as count from public.approval_decisions`);
      const failed = await withClaims(anna, async (tx) => {
        const result = await decideRegistrations(tx, request(ids, { sessionId: anna.sessionId }));
        expect(result.ok).toBe(true);
        throw new DecisionConflict(2, 1);
      }).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(DecisionConflict);
      const after = await asService("test: count", (tx) => tx<{ count: number }[]>`select count(*)::int as count from public.approval_decisions`);
      expect(after[0]!.count).toBe(before[0]!.count);
      expect(await statuses(ids)).toEqual(["pending_external"]);
    });
  });

  it("decides on 1,000 registrations at once, selected by filter, whole", async () => {
    const ids = await waitingRegistrations(1000, "expense");
    const result = await decide(anna, request([], {
      target: { kind: "filter", projectId, registrationKind: "expense", from: "2026-10-01", to: "2026-10-31" },
    }));
    expect(result).toMatchObject({ ok: true, statusAfter: "approved" });
    if (!result.ok) return;
    expect(result.count).toBeGreaterThanOrEqual(1000);
    expect(await statuses(ids)).toEqual(["approved"]);
    const [history] = await asService("test: history rows", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.approval_decision_registrations where decision_id = ${result.decisionId}`);
    expect(history!.count).toBe(result.count);
    const evidence = await withClaims(anna, (tx) => loadDecisionEvidence(tx, result.decisionId));
    expect(evidence!.registrations).toHaveLength(result.count);
  });
});
