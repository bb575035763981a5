import type { Language } from "../../i18n";
import { DECISION_MAX_REGISTRATIONS, type Decision } from "../../shared/decisions";
import type { RegistrationKind } from "../../shared/registrations";
import type { RequestInfo } from "../auth/request-info";
import { asServiceWithin, withClaims, type ContactClaims, type Tx } from "../db";
import { canonicalContent, type DecidedRegistration } from "./canonical";
import { notifyDecision } from "./notify";
import { approvalRights, type ApprovalRights } from "./rights";
import { statementFor } from "./statement";

/** Which registrations a decision is about: rows the member ticked, or every row matching the page's filter. */
export type DecisionTarget =
  | { kind: "ids"; ids: string[] }
  | {
      kind: "filter";
      projectId: string;
      registrationKind: RegistrationKind;
      from?: string;
      to?: string;
      employeeId?: string;
      taskId?: string;
    };

export type DecisionSignature = { kind: "drawn" | "typed" | "none"; signerName: string | null; png: Uint8Array | null };

export type DecisionRequest = {
  portalId: string;
  decision: Decision;
  target: DecisionTarget;
  comment: string | null;
  reference: string | null;
  signature: DecisionSignature;
  language: Language;
  sessionId: string;
  info: RequestInfo;
};

export type DecisionRefusal =
  | { reason: "not-allowed" }
  | { reason: "nothing-waiting" }
  | { reason: "too-many"; max: number }
  | { reason: "no-longer-waiting"; requested: number; waiting: number }
  | { reason: "signature-required" }
  | { reason: "comment-required" };

export type DecisionResult =
  | { ok: true; decisionId: string; count: number; statusAfter: string; fingerprint: string }
  | ({ ok: false } & DecisionRefusal);

type WaitingRegistration = DecidedRegistration & { employeeId: string };

/**
 * Records a member's decision on registrations waiting for them, whole or not
 * at all, in the caller's claims transaction: the evidence, the status change
 * and history (by the database, from the tenant's workflow), the audit entry,
 * the e-mails to the employees and the events for the host. The policies
 * decide who may; this function only turns refusals into answers a person
 * can act on.
 */
export async function decideRegistrations(tx: Tx, request: DecisionRequest): Promise<DecisionResult> {
  if (request.decision !== "approved" && !request.comment) return { ok: false, reason: "comment-required" };
  const rights = await approvalRights(tx, request.portalId);
  if (!rights || !rights.canDecide) return { ok: false, reason: "not-allowed" };
  if (rights.requireSignature && (request.signature.kind === "none" || !request.signature.signerName)) {
    return { ok: false, reason: "signature-required" };
  }

  const waiting = await waitingRegistrations(tx, request.portalId, request.target);
  if (waiting.length === 0) return { ok: false, reason: "nothing-waiting" };
  if (waiting.length > DECISION_MAX_REGISTRATIONS) return { ok: false, reason: "too-many", max: DECISION_MAX_REGISTRATIONS };
  if (request.target.kind === "ids") {
    const requested = new Set(request.target.ids).size;
    if (waiting.length !== requested) return { ok: false, reason: "no-longer-waiting", requested, waiting: waiting.length };
  }

  const decided: DecidedRegistration[] = waiting.map(({ employeeId: _employeeId, ...registration }) => registration);
  const { content, fingerprint } = canonicalContent(decided);
  const signerName = request.signature.kind === "none" ? null : request.signature.signerName;
  const statement = statementFor({
    language: request.language, decision: request.decision, signerName: signerName ?? rights.memberName,
    customerName: rights.customerName, registrations: decided,
  });

  const [decision] = await tx<{ id: string; decidedAt: Date }[]>`
    insert into public.approval_decisions
      (tenant_id, portal_id, member_id, login_id, session_id, portal_name, customer_name, member_name, member_email,
       decision, comment, reference, signer_name, signature_kind, signature_png, statement, language, ip, user_agent,
       registration_count, canonical_content, fingerprint)
    values (${rights.tenantId}, ${rights.portalId}, ${rights.memberId}, (select auth.uid()), ${request.sessionId},
      ${rights.portalName}, ${rights.customerName}, ${rights.memberName}, ${rights.memberEmail},
      ${request.decision}, ${request.comment}, ${request.reference}, ${signerName}, ${request.signature.kind},
      ${request.signature.png ? Buffer.from(request.signature.png) : null}, ${statement}, ${request.language},
      ${request.info.ip}, ${request.info.userAgent}, ${decided.length}, ${content}, ${fingerprint})
    returning id, decided_at as "decidedAt"`;

  const updated = await tx<{ id: string; status: string }[]>`
    update public.registrations set last_decision_id = ${decision!.id}
    where id = any(${decided.map((registration) => registration.id)}::uuid[])
    returning id, status`;
  if (updated.length !== decided.length) {
    // Someone else decided on some of them between our read and this update.
    throw new DecisionConflict(decided.length, updated.length);
  }
  const statusAfter = updated[0]!.status;

  await asServiceWithin(tx, "a customer's decision: audit entry, e-mail to the employees, events for the host", (system) =>
    notifyDecision(system, {
      rights, decisionId: decision!.id, decidedAt: decision!.decidedAt, decision: request.decision, statusAfter,
      comment: request.comment, reference: request.reference, signerName, fingerprint, info: request.info,
      registrations: waiting,
    }),
  );
  return { ok: true, decisionId: decision!.id, count: decided.length, statusAfter, fingerprint };
}

/**
 * A member's decision in a transaction of its own; a conflict with someone
 * else's decision on the same registrations rolls everything back and is
 * answered like any other refusal.
 */
export async function decideAsMember(claims: ContactClaims, request: Omit<DecisionRequest, "sessionId">): Promise<DecisionResult> {
  try {
    return await withClaims(claims, (tx) => decideRegistrations(tx, { ...request, sessionId: claims.sessionId }));
  } catch (error) {
    if (error instanceof DecisionConflict) {
      return { ok: false, reason: "no-longer-waiting", requested: error.requested, waiting: error.applied };
    }
    throw error;
  }
}

/** Thrown inside the transaction so that nothing of a half-applied decision stays. */
export class DecisionConflict extends Error {
  constructor(readonly requested: number, readonly applied: number) {
    super(`only ${applied} of ${requested} registrations were still waiting for approval`);
  }
}

/** The target's registrations that wait for the customer, as this portal shows them (view: visibility and masking). */
async function waitingRegistrations(tx: Tx, portalId: string, target: DecisionTarget): Promise<WaitingRegistration[]> {
  const where =
    target.kind === "ids"
      ? tx`and r.id = any(${[...new Set(target.ids)]}::uuid[])`
      : tx`and r.project_id = ${target.projectId} and r.kind = ${target.registrationKind}
          and r.work_date >= ${target.from ?? "0001-01-01"}::date and r.work_date <= ${target.to ?? "9999-12-31"}::date
          ${target.employeeId ? tx`and r.employee_id = ${target.employeeId}` : tx``}
          ${target.taskId ? tx`and r.task_id = ${target.taskId}` : tx``}`;
  return tx<WaitingRegistration[]>`
    select r.id, pr.name as "projectName", r.kind, to_char(r.work_date, 'YYYY-MM-DD') as "workDate",
      e.name as "employeeName", t.name as "taskName", r.hours::text as hours, r.amount::text as amount, r.currency,
      r.distance_km::text as "distanceKm", r.description, r.status, r.employee_id as "employeeId"
    from public.portal_registrations r
    join public.projects pr on pr.id = r.project_id
    join public.employees e on e.id = r.employee_id
    left join public.tasks t on t.id = r.task_id
    where r.portal_id = ${portalId} and r.status = 'pending_external' ${where}
    order by r.work_date, r.id
    limit ${DECISION_MAX_REGISTRATIONS + 1}`;
}

export type { ApprovalRights };
