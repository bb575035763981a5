import canonicalize from "canonicalize";
import { z } from "zod";
import { intlFor, type Language } from "../../i18n";
import {
  QUOTE_SEARCH_MAX, QUOTE_STATUSES, QUOTES_PAGE_SIZE, quoteDecisionNeedsComment, quoteStatement, type QuoteDecision, type QuoteStatus,
} from "../../shared/quotes";
import { SIGNATURE_MAX_BYTES } from "../../shared/signature-png";
import { sha256Hex } from "../approvals/canonical";
import { recordAudit } from "../audit/record";
import type { RequestInfo } from "../auth/request-info";
import { asServiceWithin, withClaims, type ContactClaims, type Tx } from "../db";
import { queueHostEvent } from "../host/outbound";

/** The quotes page's filter, from the query string; anything malformed is simply ignored. */
export const quoteFilterSchema = z.object({
  status: z.enum(QUOTE_STATUSES).optional().catch(undefined),
  search: z.string().trim().max(QUOTE_SEARCH_MAX).optional().catch(undefined).transform((value) => value || undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type QuoteFilter = { status?: QuoteStatus; search?: string; page: number };

/** What the signed-in member (or the member an admin previews as) may do with quotes in one portal. */
export type QuoteRights = {
  portalId: string;
  tenantId: string;
  portalName: string;
  customerName: string;
  tenantName: string;
  memberId: string;
  loginId: string;
  memberName: string;
  memberEmail: string;
  /** The portal shows quotes and this member may view them. */
  canView: boolean;
  /** The same, for the member themself (an admin's preview never decides). */
  canDecide: boolean;
};

/** One quote as a portal shows it. */
export type PortalQuote = {
  id: string;
  number: string;
  subject: string | null;
  /** As the member sees it: an open quote past its valid-until date is expired. */
  status: QuoteStatus;
  issuedOn: string | null; // yyyy-MM-dd
  validUntil: string | null; // yyyy-MM-dd
  currency: string;
  totalExclVat: string; // numeric as text, "12345.67"
  totalInclVat: string;
  /** The quote's own PDF (documents.is_document_pdf), when there is one the member may open. */
  pdfDocumentId: string | null;
  /** The viewer's own decision on it in this portal (the policies show no one else's to a member): its evidence. */
  decisionId: string | null;
  /** Open, still valid, and the member may accept or decline it here. */
  canDecide: boolean;
};

export type PortalQuoteList = { rows: PortalQuote[]; total: number; page: number; pageSize: number };

/**
 * The member's membership of the portal and what it allows with quotes;
 * null when the portal is not theirs. For an admin's preview, pass the
 * previewed member: they see what that member sees, and decide nothing.
 */
export async function quoteRights(tx: Tx, portalId: string, previewMemberId?: string | null): Promise<QuoteRights | null> {
  const who = previewMemberId ? tx`m.id = ${previewMemberId}` : tx`m.login_id = (select auth.uid())`;
  const [rights] = await tx<(QuoteRights & { showQuotes: boolean; canViewQuotes: boolean })[]>`
    select p.id as "portalId", p.tenant_id as "tenantId", p.name as "portalName", c.name as "customerName", t.name as "tenantName",
      m.id as "memberId", m.login_id as "loginId", trim(ct.first_name || ' ' || ct.last_name) as "memberName",
      coalesce(l.email, '') as "memberEmail",
      p.show_quotes as "showQuotes", m.can_view_quotes as "canViewQuotes"
    from public.portals p
    join public.tenants t on t.id = p.tenant_id
    join public.customers c on c.id = p.customer_id
    join public.portal_members m on m.portal_id = p.id and m.removed_at is null
    join public.contacts ct on ct.id = m.contact_id
    -- Admins (a preview) do not read logins: the address only matters to a member deciding.
    left join public.logins l on l.id = m.login_id
    where p.id = ${portalId} and ${who}`;
  if (!rights) return null;
  const { showQuotes, canViewQuotes, ...rest } = rights;
  const canView = showQuotes && canViewQuotes;
  return { ...rest, canView, canDecide: canView && !previewMemberId };
}

/** A quote's status as the member sees it: open until its valid-until date has passed, then expired. */
function effectiveStatus(tx: Tx) {
  return tx`(case when q.status = 'open' and q.valid_until < current_date then 'expired' else q.status end)`;
}

/**
 * The quotes this portal shows, whoever asks: sent (not draft), not deleted,
 * of the portal's customer, and of its projects only where the portal says
 * so (F-36). For a member the policies already narrow it to this; an
 * admin's preview sees every quote of the tenant, so the page narrows it
 * itself, and both see the same.
 */
function inPortal(tx: Tx, portalId: string) {
  return tx`
    from public.quotes q
    join public.portals p on p.id = ${portalId} and p.customer_id = q.customer_id
    join public.customers c on c.id = q.customer_id
    where q.deleted_at is null and q.status <> 'draft'
      and (not p.only_project_invoices
        or q.project_id in (select pp.project_id from public.portal_projects pp where pp.portal_id = p.id))`;
}

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * One page (25) of the portal's quotes, newest first, filtered by status
 * (open, accepted, declined, expired) and a search on number or subject,
 * each with its PDF and whether the member may decide on it.
 */
export async function listPortalQuotes(tx: Tx, portalId: string, filter: Partial<QuoteFilter> = {}): Promise<PortalQuoteList> {
  const page = filter.page ?? 1;
  const rights = await quoteRights(tx, portalId);
  const canDecide = rights?.canDecide ?? false;
  const where = tx`
    ${filter.status ? tx`and ${effectiveStatus(tx)} = ${filter.status}` : tx``}
    ${filter.search ? tx`and (q.number ilike ${likePattern(filter.search)} or q.subject ilike ${likePattern(filter.search)})` : tx``}`;
  const [count] = await tx<{ total: number }[]>`select count(*)::int as total ${inPortal(tx, portalId)} ${where}`;
  const rows = await tx<Omit<PortalQuote, "canDecide">[]>`
    select q.id, q.number, q.subject, ${effectiveStatus(tx)} as status,
      to_char(q.issued_on, 'YYYY-MM-DD') as "issuedOn", to_char(q.valid_until, 'YYYY-MM-DD') as "validUntil",
      q.currency, q.total_excl_vat::text as "totalExclVat", q.total_incl_vat::text as "totalInclVat",
      (select d.id from public.documents d
        where d.quote_id = q.id and d.is_document_pdf and d.deleted_at is null and d.channel_portal and d.storage_key is not null
        order by d.created_at desc, d.id limit 1) as "pdfDocumentId",
      (select qd.id from public.quote_decisions qd
        where qd.quote_id = q.id and qd.portal_id = ${portalId} order by qd.decided_at desc limit 1) as "decisionId"
    ${inPortal(tx, portalId)} ${where}
    order by q.issued_on desc nulls last, q.number desc, q.id
    limit ${QUOTES_PAGE_SIZE} offset ${(page - 1) * QUOTES_PAGE_SIZE}`;
  return {
    rows: rows.map((row) => ({ ...row, canDecide: canDecide && row.status === "open" })),
    total: count!.total,
    page,
    pageSize: QUOTES_PAGE_SIZE,
  };
}

/**
 * Everything the quotes page shows, or null (a 404) when the portal shows no
 * quotes or the member may not view them.
 */
export async function loadQuotesPage(tx: Tx, portalId: string, filter: QuoteFilter, previewMemberId?: string | null) {
  const rights = await quoteRights(tx, portalId, previewMemberId);
  if (!rights?.canView) return null;
  const list = await listPortalQuotes(tx, portalId, filter);
  return {
    ...list,
    rights: rights.canDecide
      ? { canDecide: true, memberName: rights.memberName, customerName: rights.customerName, tenantName: rights.tenantName }
      : null,
  };
}

// ---------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------

/**
 * What a decision covers of the quote: what the member saw of it, nothing
 * more, and the fingerprint of its PDF where there is one. Its own type, not
 * the page's row: these keys are the evidence format.
 */
export type DecidedQuote = {
  id: string;
  number: string;
  subject: string | null;
  customer: string;
  currency: string;
  totalExclVat: string;
  totalInclVat: string;
  issuedOn: string | null;
  validUntil: string | null;
  /** SHA-256 of the quote's PDF as stored, or null when it has none. */
  pdfSha256: string | null;
};

/** RFC 8785 JSON of the quote as decided, and its SHA-256: re-checkable with any JCS implementation and `sha256sum`. */
export function quoteCanonicalContent(quote: DecidedQuote): { content: string; fingerprint: string } {
  const content = canonicalize({ version: 1, kind: "quote", quote: { ...quote } });
  if (content === undefined) throw new Error("the quote cannot be canonicalised");
  return { content, fingerprint: sha256Hex(content) };
}

export type QuoteSignature = { kind: "drawn" | "typed"; signerName: string; png: Uint8Array | null };

export type QuoteDecisionRequest = {
  portalId: string;
  quoteId: string;
  decision: QuoteDecision;
  comment: string | null;
  signature: QuoteSignature;
  language: Language;
  sessionId: string;
  info: RequestInfo;
};

export type QuoteDecisionRefusal =
  | { reason: "not-allowed" }
  | { reason: "no-longer-open" }
  | { reason: "expired" }
  | { reason: "comment-required" }
  | { reason: "signature-required" };

export type QuoteDecisionResult =
  | { ok: true; decisionId: string; decision: QuoteDecision; number: string; fingerprint: string; decidedAt: string }
  | ({ ok: false } & QuoteDecisionRefusal);

type QuoteForDecision = DecidedQuote & { hostId: string; status: QuoteStatus };

async function quoteInPortal(tx: Tx, portalId: string, quoteId: string): Promise<QuoteForDecision | null> {
  const [quote] = await tx<QuoteForDecision[]>`
    select q.id, q.host_id as "hostId", q.number, q.subject, c.name as customer, q.currency,
      q.total_excl_vat::text as "totalExclVat", q.total_incl_vat::text as "totalInclVat",
      to_char(q.issued_on, 'YYYY-MM-DD') as "issuedOn", to_char(q.valid_until, 'YYYY-MM-DD') as "validUntil",
      (select d.sha256 from public.documents d
        where d.quote_id = q.id and d.is_document_pdf and d.deleted_at is null and d.channel_portal and d.storage_key is not null
        order by d.created_at desc, d.id limit 1) as "pdfSha256",
      ${effectiveStatus(tx)} as status
    ${inPortal(tx, portalId)} and q.id = ${quoteId}`;
  return quote ?? null;
}

function signatureProblem(signature: QuoteSignature): boolean {
  const name = signature.signerName.trim();
  if (name.length < 1 || name.length > 120) return true;
  if (signature.kind === "typed") return false;
  return !signature.png || signature.png.byteLength === 0 || signature.png.byteLength > SIGNATURE_MAX_BYTES;
}

/**
 * Records a member's acceptance or refusal of an open quote, in the caller's
 * claims transaction: the evidence (which the policies allow or not, and
 * whose trigger moves the quote, once), then as the system the audit entry
 * and the event for the host (F-30). Refusals a person can act on are
 * answers; a decision someone else made in between raises 23514, which
 * `decideQuoteAsMember` turns into "no longer open".
 */
export async function decideQuote(tx: Tx, request: QuoteDecisionRequest): Promise<QuoteDecisionResult> {
  const comment = request.comment?.trim() || null;
  if (quoteDecisionNeedsComment(request.decision) && !comment) return { ok: false, reason: "comment-required" };
  if (signatureProblem(request.signature)) return { ok: false, reason: "signature-required" };
  const rights = await quoteRights(tx, request.portalId);
  if (!rights?.canDecide) return { ok: false, reason: "not-allowed" };
  const quote = await quoteInPortal(tx, request.portalId, request.quoteId);
  if (!quote) return { ok: false, reason: "not-allowed" };
  if (quote.status === "expired") return { ok: false, reason: "expired" };
  if (quote.status !== "open") return { ok: false, reason: "no-longer-open" };

  const { content, fingerprint } = quoteCanonicalContent({
    id: quote.id, number: quote.number, subject: quote.subject, customer: quote.customer, currency: quote.currency,
    totalExclVat: quote.totalExclVat, totalInclVat: quote.totalInclVat, issuedOn: quote.issuedOn, validUntil: quote.validUntil,
    pdfSha256: quote.pdfSha256,
  });
  const signerName = request.signature.signerName.trim();
  const statement = quoteStatement(intlFor(request.language), {
    decision: request.decision, signerName, customerName: rights.customerName, number: quote.number,
    totalExclVat: quote.totalExclVat, currency: quote.currency,
  });

  const [decision] = await tx<{ id: string; decidedAt: Date }[]>`
    insert into public.quote_decisions
      (tenant_id, quote_id, portal_id, member_id, login_id, session_id, portal_name, customer_name, member_name, member_email,
       decision, signer_name, signature_kind, signature_png, comment, statement, language, ip, user_agent, canonical_content, fingerprint)
    values (${rights.tenantId}, ${quote.id}, ${rights.portalId}, ${rights.memberId}, (select auth.uid()), ${request.sessionId},
      ${rights.portalName}, ${rights.customerName}, ${rights.memberName}, ${rights.memberEmail},
      ${request.decision}, ${signerName}, ${request.signature.kind},
      ${request.signature.kind === "drawn" && request.signature.png ? Buffer.from(request.signature.png) : null},
      ${comment}, ${statement}, ${request.language}, ${request.info.ip}, ${request.info.userAgent}, ${content}, ${fingerprint})
    returning id, decided_at as "decidedAt"`;
  const decisionId = decision!.id;
  const decidedAt = decision!.decidedAt.toISOString();

  await asServiceWithin(tx, "a customer's decision on a quote: audit entry, event for the host", async (system) => {
    await recordAudit(system, {
      tenantId: rights.tenantId, portalId: rights.portalId, actorKind: "contact", loginId: rights.loginId, memberId: rights.memberId,
      action: `quote.${request.decision}`, subjectType: "quote_decision", subjectId: decisionId,
      ip: request.info.ip, userAgent: request.info.userAgent,
      details: { quoteId: quote.id, number: quote.number, fingerprint, signatureKind: request.signature.kind },
    });
    await queueHostEvent(system, rights.tenantId, `quote.${request.decision}`, {
      quote_id: quote.hostId,
      decision_id: decisionId,
      signer_name: signerName,
      signer_email: rights.memberEmail,
      comment,
      evidence_sha256: fingerprint,
      decided_at: decidedAt,
    });
  });
  return { ok: true, decisionId, decision: request.decision, number: quote.number, fingerprint, decidedAt };
}

/**
 * A member's decision in a transaction of its own. When the database refuses
 * what our own checks allowed a moment earlier — a colleague's decision (the
 * trigger's 23514), or the quote decided or expired just before the insert
 * (the policy's 42501) — nothing is written and the member gets the reason.
 */
export async function decideQuoteAsMember(
  claims: ContactClaims,
  request: Omit<QuoteDecisionRequest, "sessionId">,
): Promise<QuoteDecisionResult> {
  try {
    return await withClaims(claims, (tx) => decideQuote(tx, { ...request, sessionId: claims.sessionId }));
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    if (code === "23514" && /no longer open/.test(message ?? "")) return { ok: false, reason: "no-longer-open" };
    if (code === "42501") {
      const now = await withClaims(claims, (tx) => quoteInPortal(tx, request.portalId, request.quoteId));
      if (now?.status === "expired") return { ok: false, reason: "expired" };
      if (now && now.status !== "open") return { ok: false, reason: "no-longer-open" };
    }
    throw error;
  }
}
