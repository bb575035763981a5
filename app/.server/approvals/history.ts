import type { HistoryEntry } from "../../shared/decisions";
import type { Tx } from "../db";

export type { HistoryEntry };

/**
 * Every decision a registration was part of, newest first (F-33: the history
 * stays visible through corrections and resubmissions). Only for a
 * registration the portal shows; null otherwise.
 */
export async function registrationHistory(tx: Tx, portalId: string, registrationId: string): Promise<HistoryEntry[] | null> {
  const [shown] = await tx`
    select 1 from public.portal_registrations where portal_id = ${portalId} and id = ${registrationId}`;
  if (!shown) return null;
  return tx<HistoryEntry[]>`
    select h.decision_id as "decisionId", h.decision, h.decided_at as "decidedAt", h.decided_by as "decidedBy",
      h.comment, h.reference, h.status_before as "statusBefore", h.status_after as "statusAfter",
      exists (select 1 from public.approval_decisions d where d.id = h.decision_id) as "hasEvidence"
    from public.approval_decision_registrations h
    where h.registration_id = ${registrationId}
    order by h.decided_at desc`;
}

export type DecisionSummary = {
  id: string;
  decision: string;
  decidedAt: string;
  registrationCount: number;
  signerName: string | null;
  memberName: string;
  comment: string | null;
  reference: string | null;
  fingerprint: string;
};

/** Decisions whose evidence the caller may open in a portal: a member's own, or all of the tenant's for an admin. */
export async function listDecisions(tx: Tx, portalId: string, limit = 100): Promise<DecisionSummary[]> {
  return tx<DecisionSummary[]>`
    select id, decision, decided_at as "decidedAt", registration_count as "registrationCount", signer_name as "signerName",
      member_name as "memberName", comment, reference, fingerprint
    from public.approval_decisions
    where portal_id = ${portalId}
    order by decided_at desc
    limit ${limit}`;
}
