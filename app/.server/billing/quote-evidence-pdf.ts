import { PDFDocument, rgb } from "pdf-lib";
import { intlFor, LOCALE_TAGS, type Language, type MessageId } from "../../i18n";
import { formatQuoteAmount, type QuoteDecision } from "../../shared/quotes";
import { embedFonts, PageFlow, type FontSet } from "../approvals/pdf-layout";
import { drawSignatureSection } from "../approvals/pdf-signature";
import type { DecidedQuote } from "./quotes";

export type QuoteDecisionEvidence = {
  id: string; // uuid of the decision
  decision: QuoteDecision;
  decidedAt: string; // ISO timestamp
  language: Language;
  tenantName: string;
  customerName: string;
  portalName: string;
  memberName: string;
  memberEmail: string;
  signerName: string;
  signatureKind: "drawn" | "typed";
  signaturePng: Uint8Array | null; // PNG bytes when drawn
  comment: string | null;
  statement: string; // the exact statement the member signed, shown verbatim
  ip: string | null;
  userAgent: string | null;
  sessionId: string;
  fingerprint: string; // SHA-256 hex of canonicalContent
  canonicalContent: string; // RFC 8785 JSON of the quote as decided
  quote: DecidedQuote; // read from canonicalContent
};

/** Times are shown as the customer's contract lives them: in the Netherlands. */
const TIME_ZONE = "Europe/Amsterdam";
const MUTED = rgb(0.4, 0.4, 0.4);

/**
 * The evidence PDF of one quote decision (F-19, like F-32's for hours): the
 * quote as it was decided on, who accepted or declined it with which
 * signature and statement, when and from where, and the fingerprint with
 * the very content it covers, so anyone can re-check it from the PDF alone.
 */
export async function renderQuoteEvidencePdf(evidence: QuoteDecisionEvidence): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedFonts(doc);
  const format = formatterFor(evidence.language);
  const title = format.t(`quotes.evidence.title.${evidence.decision}`);
  doc.setTitle(`${title} ${evidence.quote.number} – ${evidence.customerName}`);
  doc.setAuthor(evidence.tenantName);
  doc.setSubject(evidence.id);
  doc.setKeywords([evidence.fingerprint, evidence.quote.number]);
  doc.setCreator("Portaal");
  doc.setLanguage(LOCALE_TAGS[evidence.language]);

  const flow = new PageFlow(doc, fonts);
  flow.title(`${title} ${evidence.quote.number}`);
  drawDecision(flow, evidence, format, fonts);
  await drawSignatureSection(flow, doc, evidence, format.t, fonts);
  flow.heading(format.t("evidence.section.statement"));
  flow.paragraph(evidence.statement, { font: fonts.regular, size: 9.5 }, { indent: 10, bar: true });
  drawQuote(flow, evidence.quote, format, fonts);
  drawFingerprint(flow, evidence, format, fonts);
  drawRecording(flow, evidence, format, fonts);
  flow.addFooters((page, pages) => ({
    left: `${title} ${evidence.quote.number} · ${evidence.id}`,
    right: format.t("evidence.footer.page", { page, pages }),
  }));
  return doc.save();
}

type Format = ReturnType<typeof formatterFor>;

function formatterFor(language: Language) {
  const intl = intlFor(language);
  return {
    t: (id: MessageId, values?: Record<string, string | number>) => intl.formatMessage({ id }, values),
    dateTime: (iso: string) => intl.formatDate(new Date(iso), { dateStyle: "long", timeStyle: "long", timeZone: TIME_ZONE }),
    day: (day: string | null) =>
      day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? intl.formatDate(new Date(`${day}T00:00:00Z`), { dateStyle: "long", timeZone: "UTC" }) : (day ?? "—"),
    money: (amount: string, currency: string) => formatQuoteAmount(intl, amount, currency),
  };
}

function drawDecision(flow: PageFlow, evidence: QuoteDecisionEvidence, format: Format, fonts: FontSet): void {
  const { t } = format;
  flow.heading(t("evidence.section.decision"));
  flow.field(t("evidence.field.tenant"), evidence.tenantName);
  flow.field(t("evidence.field.customer"), evidence.customerName);
  flow.field(t("evidence.field.portal"), evidence.portalName);
  flow.field(t("quotes.evidence.field.quote"), evidence.quote.number);
  flow.field(t("evidence.field.decision"), t(`quotes.status.${evidence.decision}`), { font: fonts.bold });
  flow.field(t("evidence.field.decidedAt"), format.dateTime(evidence.decidedAt));
  flow.field(t("evidence.field.member"), t("evidence.member", { name: evidence.memberName, email: evidence.memberEmail }));
}


function drawQuote(flow: PageFlow, quote: DecidedQuote, format: Format, fonts: FontSet): void {
  const { t } = format;
  flow.heading(t("quotes.evidence.section.quote"));
  flow.field(t("quotes.column.number"), quote.number);
  flow.field(t("quotes.column.subject"), quote.subject ?? "—");
  flow.field(t("quotes.column.issuedOn"), format.day(quote.issuedOn));
  flow.field(t("quotes.column.validUntil"), format.day(quote.validUntil));
  flow.field(t("quotes.evidence.field.totalExclVat"), format.money(quote.totalExclVat, quote.currency), { font: fonts.bold });
  flow.field(t("quotes.evidence.field.totalInclVat"), format.money(quote.totalInclVat, quote.currency));
  flow.field(t("quotes.evidence.field.pdfSha256"), quote.pdfSha256 ?? t("quotes.evidence.noPdf"), quote.pdfSha256 ? { font: fonts.mono, size: 8.5 } : {});
}

function drawFingerprint(flow: PageFlow, evidence: QuoteDecisionEvidence, format: Format, fonts: FontSet): void {
  flow.heading(format.t("evidence.section.fingerprint"));
  flow.paragraph(evidence.fingerprint, { font: fonts.mono, size: 9 });
  flow.gap(3);
  flow.paragraph(format.t("quotes.evidence.fingerprint.explanation"), { font: fonts.regular, size: 8, color: MUTED });
  flow.gap(4);
  const size = 7;
  const perLine = Math.floor((flow.contentWidth - 10) / fonts.mono.widthOfTextAtSize("0", size)) - 1;
  for (const line of hardLines(evidence.canonicalContent, perLine)) {
    flow.paragraph(line, { font: fonts.mono, size }, { indent: 10, bar: true });
  }
}

/**
 * The content cut into lines of at most `width` characters, never next to a
 * space: wrapping at words would turn a space of the content into a line
 * break, and a copy from the PDF would no longer hash to the fingerprint.
 * Joined without separators, the lines are the content again.
 */
export function hardLines(content: string, width: number): string[] {
  const characters = Array.from(content);
  const lines: string[] = [];
  let start = 0;
  while (start < characters.length) {
    let end = Math.min(characters.length, start + width);
    while (end < characters.length && end > start + 1 && (characters[end] === " " || characters[end - 1] === " ")) end -= 1;
    lines.push(characters.slice(start, end).join(""));
    start = end;
  }
  return lines;
}

function drawRecording(flow: PageFlow, evidence: QuoteDecisionEvidence, format: Format, fonts: FontSet): void {
  const { t } = format;
  const notRecorded = t("evidence.notRecorded");
  flow.heading(t("evidence.section.recording"));
  flow.field(t("evidence.field.decisionId"), evidence.id, { font: fonts.mono, size: 8.5 });
  flow.field(t("evidence.field.recordedAtUtc"), new Date(evidence.decidedAt).toISOString(), { font: fonts.mono, size: 8.5 });
  flow.field(t("evidence.field.ip"), evidence.ip ?? notRecorded);
  flow.field(t("evidence.field.userAgent"), evidence.userAgent ?? notRecorded, { size: 8.5 });
  flow.field(t("evidence.field.sessionId"), evidence.sessionId || notRecorded, { font: fonts.mono, size: 8.5 });
}
