import { auditedPdfResponse } from "../audit/audited-pdf";
import type { RequestInfo } from "../auth/request-info";
import { withClaims, type Claims } from "../db";
import { loadDecisionEvidence } from "./evidence";
import { renderEvidencePdf } from "./evidence-pdf";

/**
 * A decision's evidence PDF for whoever may read it (RLS), or null: the
 * member who decided, in the portal it was made in, or the tenant's admins.
 * Every download is in the audit log (F-31), not only the first.
 */
export async function evidencePdfResponse(
  claims: Claims,
  input: { decisionId: string; portalId?: string; info: RequestInfo; download: boolean },
): Promise<Response | null> {
  const evidence = await withClaims(claims, (tx) => loadDecisionEvidence(tx, input.decisionId, input.portalId));
  if (!evidence) return null;
  const name = `${evidence.language === "nl" ? "bewijs" : "evidence"}-${evidence.decidedAt.slice(0, 10)}-${evidence.id.slice(0, 8)}.pdf`;
  return auditedPdfResponse({
    claims, tenantId: evidence.tenantId, portalId: evidence.portalId, action: "decision.evidence_downloaded",
    subjectType: "approval_decision", subjectId: input.decisionId, pdf: await renderEvidencePdf(evidence), fileName: name,
    download: input.download, info: input.info,
  });
}
