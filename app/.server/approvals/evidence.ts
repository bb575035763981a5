import type { Tx } from "../db";
import { isLanguage } from "../../i18n";
import type { DecidedRegistration } from "./canonical";
import type { DecisionEvidence } from "./evidence-pdf";

type EvidenceRow = Omit<DecisionEvidence, "registrations" | "signaturePng" | "language" | "decidedAt"> & {
  tenantId: string;
  portalId: string;
  language: string;
  decidedAt: Date;
  signaturePng: Buffer | null;
  canonicalContent: string;
};

/**
 * A decision's evidence as the caller may read it (RLS: the member who
 * decided, while they still have the portal, or the tenant's admins). The
 * registrations come from the canonical content the fingerprint covers, so
 * the document shows exactly what was decided, not what the rows are now.
 */
export async function loadDecisionEvidence(
  tx: Tx,
  decisionId: string,
  portalId?: string,
): Promise<(DecisionEvidence & { tenantId: string; portalId: string }) | null> {
  const [row] = await tx<EvidenceRow[]>`
    select d.id, d.tenant_id as "tenantId", d.portal_id as "portalId", d.decision, d.decided_at as "decidedAt", d.language, t.name as "tenantName",
      d.customer_name as "customerName", d.portal_name as "portalName", d.member_name as "memberName",
      d.member_email as "memberEmail", d.signer_name as "signerName", d.signature_kind as "signatureKind",
      d.signature_png as "signaturePng", d.comment, d.reference, d.statement, d.ip, d.user_agent as "userAgent",
      d.session_id::text as "sessionId", d.fingerprint, d.automatic, d.canonical_content as "canonicalContent"
    from public.approval_decisions d
    join public.tenants t on t.id = d.tenant_id
    where d.id = ${decisionId} ${portalId ? tx`and d.portal_id = ${portalId}` : tx``}`;
  if (!row) return null;
  const statuses = await tx<{ registrationId: string; statusAfter: string }[]>`
    select registration_id as "registrationId", status_after as "statusAfter"
    from public.approval_decision_registrations where decision_id = ${decisionId}`;
  const after = new Map(statuses.map((status) => [status.registrationId, status.statusAfter]));
  const fallbackAfter = statuses[0]?.statusAfter ?? row.decision;
  const { canonicalContent, ...evidence } = row;
  const content = JSON.parse(canonicalContent) as { registrations: DecidedRegistration[] };
  return {
    ...evidence,
    decidedAt: row.decidedAt.toISOString(),
    language: isLanguage(row.language) ? row.language : "nl",
    sessionId: row.sessionId ?? "",
    signaturePng: row.signaturePng ? new Uint8Array(row.signaturePng) : null,
    registrations: content.registrations
      .map((registration) => ({
        workDate: registration.workDate,
        projectName: registration.projectName,
        employeeName: registration.employeeName,
        taskName: registration.taskName,
        kind: registration.kind,
        hours: registration.hours,
        amount: registration.amount,
        currency: registration.currency,
        distanceKm: registration.distanceKm,
        description: registration.description,
        statusBefore: registration.status,
        statusAfter: after.get(registration.id) ?? fallbackAfter,
      }))
      .sort((a, b) => a.workDate.localeCompare(b.workDate)),
  };
}
