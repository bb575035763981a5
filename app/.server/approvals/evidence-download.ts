import { recordAudit } from "../audit/record";
import type { RequestInfo } from "../auth/request-info";
import { asService, withClaims, type Claims } from "../db";
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
  const pdf = await renderEvidencePdf(evidence);
  await asService("audit an evidence download", (tx) =>
    recordAudit(tx, {
      tenantId: evidence.tenantId,
      actorKind: claims.kind === "admin" ? "admin" : "contact",
      loginId: claims.kind === "contact" ? claims.loginId : null,
      adminId: claims.kind === "admin" ? claims.adminId : null,
      portalId: evidence.portalId,
      action: "decision.evidence_downloaded",
      subjectType: "approval_decision",
      subjectId: input.decisionId,
      ip: input.info.ip,
      userAgent: input.info.userAgent,
    }),
  );
  const name = `${evidence.language === "nl" ? "bewijs" : "evidence"}-${evidence.decidedAt.slice(0, 10)}-${evidence.id.slice(0, 8)}.pdf`;
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `${input.download ? "attachment" : "inline"}; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
