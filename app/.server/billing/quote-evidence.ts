import { isLanguage } from "../../i18n";
import { auditedPdfResponse } from "../audit/audited-pdf";
import type { RequestInfo } from "../auth/request-info";
import { withClaims, type Claims, type Tx } from "../db";
import { renderQuoteEvidencePdf, type QuoteDecisionEvidence } from "./quote-evidence-pdf";
import type { DecidedQuote } from "./quotes";

type EvidenceRow = Omit<QuoteDecisionEvidence, "quote" | "signaturePng" | "language" | "decidedAt"> & {
  tenantId: string;
  portalId: string;
  quoteId: string;
  language: string;
  decidedAt: Date;
  signaturePng: Buffer | null;
};

export type LoadedQuoteEvidence = QuoteDecisionEvidence & { tenantId: string; portalId: string; quoteId: string };

/**
 * A quote decision's evidence as the caller may read it (the policies: the
 * member who decided, or the tenant's admins), made in the given portal. A
 * member must still have that portal. The quote comes from the canonical
 * content the fingerprint covers: what was decided, not what the row is now.
 */
export async function loadQuoteDecisionEvidence(tx: Tx, decisionId: string, portalId?: string): Promise<LoadedQuoteEvidence | null> {
  const [row] = await tx<EvidenceRow[]>`
    select d.id, d.tenant_id as "tenantId", d.portal_id as "portalId", d.quote_id as "quoteId", d.decision,
      d.decided_at as "decidedAt", d.language, t.name as "tenantName", d.customer_name as "customerName",
      d.portal_name as "portalName", d.member_name as "memberName", d.member_email as "memberEmail",
      d.signer_name as "signerName", d.signature_kind as "signatureKind", d.signature_png as "signaturePng", d.comment,
      d.statement, d.ip, d.user_agent as "userAgent", d.session_id::text as "sessionId", d.fingerprint,
      d.canonical_content as "canonicalContent"
    from public.quote_decisions d
    join public.tenants t on t.id = d.tenant_id
    where d.id = ${decisionId}
      ${portalId ? tx`and d.portal_id = ${portalId} and exists (select 1 from public.portals p where p.id = d.portal_id)` : tx``}`;
  if (!row) return null;
  const content = JSON.parse(row.canonicalContent) as { quote: DecidedQuote };
  return {
    ...row,
    decidedAt: row.decidedAt.toISOString(),
    language: isLanguage(row.language) ? row.language : "nl",
    signaturePng: row.signaturePng ? new Uint8Array(row.signaturePng) : null,
    quote: content.quote,
  };
}

/**
 * The evidence PDF of a quote decision for the first of the callers who may
 * read it, or null (a 404 for anyone else). Every download is in the audit
 * log (F-31).
 */
export async function quoteEvidencePdfResponse(
  callers: Claims[],
  input: { decisionId: string; portalId: string; info: RequestInfo; download: boolean },
): Promise<Response | null> {
  for (const claims of callers) {
    const evidence = await withClaims(claims, (tx) => loadQuoteDecisionEvidence(tx, input.decisionId, input.portalId));
    if (!evidence) continue;
    const safeNumber = evidence.quote.number.replace(/[^A-Za-z0-9._-]+/g, "-");
    const name = `${evidence.language === "nl" ? "bewijs-offerte" : "quote-evidence"}-${safeNumber}-${evidence.decidedAt.slice(0, 10)}.pdf`;
    return auditedPdfResponse({
      claims, tenantId: evidence.tenantId, portalId: evidence.portalId, action: "quote.evidence_downloaded",
      subjectType: "quote_decision", subjectId: evidence.id, details: { quoteId: evidence.quoteId, number: evidence.quote.number },
      pdf: await renderQuoteEvidencePdf(evidence), fileName: name, download: input.download, info: input.info,
    });
  }
  return null;
}
