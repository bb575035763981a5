import { PDFDocument, rgb } from "pdf-lib";
import { intlFor, LOCALE_TAGS, messages, type Language, type MessageId } from "../../i18n";
import { embedFonts, PageFlow, type Column, type FontSet } from "./pdf-layout";
import { drawSignatureSection } from "./pdf-signature";

export type EvidenceRegistration = {
  workDate: string; // yyyy-MM-dd
  projectName: string;
  employeeName: string;
  taskName: string | null;
  kind: "hours" | "expense" | "mileage";
  hours: string | null; // numeric as text, e.g. "7.50"
  amount: string | null; // "123.40"
  currency: string; // "EUR"
  distanceKm: string | null; // "42.0"
  description: string | null; // null where the portal hides descriptions
  statusBefore: string; // e.g. "pending_external"
  statusAfter: string; // "approved" | "pending_internal" | "rejected" | "changes_requested"
};

export type DecisionEvidence = {
  id: string; // uuid of the decision
  decision: "approved" | "rejected" | "changes_requested";
  decidedAt: string; // ISO timestamp
  language: Language;
  tenantName: string;
  customerName: string;
  portalName: string;
  memberName: string; // the portal member (contact) who decided
  memberEmail: string;
  signerName: string | null;
  signatureKind: "drawn" | "typed" | "none";
  signaturePng: Uint8Array | null; // PNG bytes when drawn
  comment: string | null;
  reference: string | null; // purchase-order number (F-34)
  statement: string; // the exact statement the member agreed to, shown verbatim
  ip: string | null;
  userAgent: string | null;
  sessionId: string;
  fingerprint: string; // SHA-256 hex of the canonical content
  automatic: boolean; // recorded by the system (auto-approval at a deadline), not by a person
  registrations: EvidenceRegistration[];
};

/** Times are shown as the customer's contract lives them: in the Netherlands. */
const TIME_ZONE = "Europe/Amsterdam";
const MUTED = rgb(0.4, 0.4, 0.4);

/**
 * The evidence PDF of one approval decision (F-32): what was decided on which
 * registrations, by whom, with which signature and statement, when, from
 * where, and the fingerprint that ties it to the registrations kept with the
 * decision. A4, in the decision's language, any number of pages.
 */
export async function renderEvidencePdf(evidence: DecisionEvidence): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedFonts(doc);
  const format = formatterFor(evidence.language);
  const title = format.t(`evidence.title.${evidence.decision}`);
  describeDocument(doc, evidence, title);

  const flow = new PageFlow(doc, fonts);
  flow.title(title);
  drawDecision(flow, evidence, format, fonts);
  await drawSignatureSection(flow, doc, evidence, format.t, fonts);
  drawStatement(flow, evidence, format, fonts);
  drawTotals(flow, evidence.registrations, format);
  drawFingerprint(flow, evidence, format, fonts);
  drawRecording(flow, evidence, format, fonts);
  drawRegistrations(flow, evidence.registrations, format);
  flow.addFooters((page, pages) => ({
    left: `${title} · ${evidence.id}`,
    right: format.t("evidence.footer.page", { page, pages }),
  }));
  return doc.save();
}

type Format = ReturnType<typeof formatterFor>;

function formatterFor(language: Language) {
  const intl = intlFor(language);
  const decimals = (digits: number) => ({ minimumFractionDigits: digits, maximumFractionDigits: digits });
  return {
    t: (id: MessageId, values?: Record<string, string | number>) => intl.formatMessage({ id }, values),
    dateTime: (iso: string) => intl.formatDate(new Date(iso), { dateStyle: "long", timeStyle: "long", timeZone: TIME_ZONE }),
    workDate: (day: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(day) ? intl.formatDate(new Date(`${day}T00:00:00Z`), { dateStyle: "short", timeZone: "UTC" }) : day,
    count: (value: number) => intl.formatNumber(value),
    hours: (value: number) => intl.formatNumber(value, { style: "unit", unit: "hour", unitDisplay: "short", ...decimals(2) }),
    distance: (value: number) => intl.formatNumber(value, { style: "unit", unit: "kilometer", unitDisplay: "short", ...decimals(1) }),
    money: (value: number, currency: string) =>
      /^[A-Z]{3}$/.test(currency)
        ? intl.formatNumber(value, { style: "currency", currency })
        : `${intl.formatNumber(value, decimals(2))} ${currency}`,
  };
}

function describeDocument(doc: PDFDocument, evidence: DecisionEvidence, title: string): void {
  doc.setTitle(`${title} – ${evidence.customerName}`);
  doc.setAuthor(evidence.tenantName);
  doc.setSubject(evidence.id);
  doc.setKeywords([evidence.fingerprint]);
  doc.setCreator("Portaal");
  doc.setLanguage(LOCALE_TAGS[evidence.language]);
}

function drawDecision(flow: PageFlow, evidence: DecisionEvidence, format: Format, fonts: FontSet): void {
  const { t } = format;
  flow.heading(t("evidence.section.decision"));
  flow.field(t("evidence.field.tenant"), evidence.tenantName);
  flow.field(t("evidence.field.customer"), evidence.customerName);
  flow.field(t("evidence.field.portal"), evidence.portalName);
  flow.field(t("evidence.field.decision"), t(`evidence.decision.${evidence.decision}`), { font: fonts.bold });
  flow.field(t("evidence.field.decidedAt"), format.dateTime(evidence.decidedAt));
  flow.field(
    t("evidence.field.member"),
    evidence.automatic ? t("evidence.automatic") : t("evidence.member", { name: evidence.memberName, email: evidence.memberEmail }),
  );
  if (evidence.reference !== null) flow.field(t("evidence.field.reference"), evidence.reference);
}


function drawStatement(flow: PageFlow, evidence: DecisionEvidence, format: Format, fonts: FontSet): void {
  flow.heading(format.t("evidence.section.statement"));
  flow.paragraph(evidence.statement, { font: fonts.regular, size: 9.5 }, { indent: 10, bar: true });
}

function drawTotals(flow: PageFlow, registrations: EvidenceRegistration[], format: Format): void {
  const { t } = format;
  const totals = totalsOf(registrations);
  flow.heading(t("evidence.section.totals"));
  flow.field(t("evidence.totals.registrations"), t("evidence.totals.count", { count: registrations.length }));
  if (totals.hours !== null) flow.field(t("evidence.totals.hours"), format.hours(totals.hours));
  if (totals.amounts.size > 0) {
    const amounts = [...totals.amounts].sort(([a], [b]) => a.localeCompare(b)).map(([currency, sum]) => format.money(sum, currency));
    flow.field(t("evidence.totals.amounts"), amounts.join("; "));
  }
  if (totals.distanceKm !== null) flow.field(t("evidence.totals.distance"), format.distance(totals.distanceKm));
}

function drawFingerprint(flow: PageFlow, evidence: DecisionEvidence, format: Format, fonts: FontSet): void {
  flow.heading(format.t("evidence.section.fingerprint"));
  flow.paragraph(evidence.fingerprint, { font: fonts.mono, size: 9 });
  flow.gap(3);
  flow.paragraph(format.t("evidence.fingerprint.explanation"), { font: fonts.regular, size: 8, color: MUTED });
}

function drawRecording(flow: PageFlow, evidence: DecisionEvidence, format: Format, fonts: FontSet): void {
  const { t } = format;
  const notRecorded = t("evidence.notRecorded");
  flow.heading(t("evidence.section.recording"));
  flow.field(t("evidence.field.decisionId"), evidence.id, { font: fonts.mono, size: 8.5 });
  flow.field(t("evidence.field.recordedAtUtc"), new Date(evidence.decidedAt).toISOString(), { font: fonts.mono, size: 8.5 });
  flow.field(t("evidence.field.ip"), evidence.ip ?? notRecorded);
  flow.field(t("evidence.field.userAgent"), evidence.userAgent ?? notRecorded, { size: 8.5 });
  flow.field(t("evidence.field.sessionId"), evidence.sessionId || notRecorded, { font: fonts.mono, size: 8.5 });
}

function drawRegistrations(flow: PageFlow, registrations: EvidenceRegistration[], format: Format): void {
  const { t } = format;
  flow.heading(t("evidence.section.registrations"));
  if (registrations.length === 0) {
    flow.field("", t("evidence.noRegistrations"));
    return;
  }
  // Portals that hide descriptions send none: then the column would only take room.
  const withDescription = registrations.some((registration) => registration.description !== null);
  const columns: Column[] = [
    { header: t("evidence.column.date"), weight: 52 },
    { header: t("evidence.column.project"), weight: 68 },
    { header: t("evidence.column.employee"), weight: 62 },
    { header: t("evidence.column.task"), weight: 52 },
    { header: t("evidence.column.quantity"), weight: 62, align: "right" },
    ...(withDescription ? [{ header: t("evidence.column.description"), weight: 104 }] : []),
    { header: t("evidence.column.status"), weight: 105 },
  ];
  const rows = registrations.map((registration) => [
    format.workDate(registration.workDate),
    registration.projectName,
    registration.employeeName,
    registration.taskName ?? "",
    quantityOf(registration, format),
    ...(withDescription ? [registration.description ?? ""] : []),
    // "→" is in the embedded font (see pdf-layout.ts).
    `${statusLabel(registration.statusBefore, format)} → ${statusLabel(registration.statusAfter, format)}`,
  ]);
  flow.table(columns, rows);
}

function quantityOf(registration: EvidenceRegistration, format: Format): string {
  const value = registration.kind === "hours" ? registration.hours : registration.kind === "mileage" ? registration.distanceKm : registration.amount;
  if (value === null) return "—";
  const number = sumDecimals([value]);
  if (registration.kind === "hours") return format.hours(number);
  if (registration.kind === "mileage") return format.distance(number);
  return format.money(number, registration.currency);
}

function statusLabel(status: string, format: Format): string {
  const id = `evidence.status.${status}`;
  return id in messages.en ? format.t(id as MessageId) : status;
}

type Totals = { hours: number | null; distanceKm: number | null; amounts: Map<string, number> };

/** Each kind's total, over the registrations of that kind that have a quantity; null where there are none. */
function totalsOf(registrations: EvidenceRegistration[]): Totals {
  const values = (kind: EvidenceRegistration["kind"], pick: (registration: EvidenceRegistration) => string | null) =>
    registrations.filter((registration) => registration.kind === kind).flatMap((registration) => pick(registration) ?? []);
  const sumOrNull = (list: string[]) => (list.length > 0 ? sumDecimals(list) : null);

  const amountsByCurrency = new Map<string, string[]>();
  for (const registration of registrations) {
    if (registration.kind !== "expense" || registration.amount === null) continue;
    amountsByCurrency.set(registration.currency, [...(amountsByCurrency.get(registration.currency) ?? []), registration.amount]);
  }
  return {
    hours: sumOrNull(values("hours", (registration) => registration.hours)),
    distanceKm: sumOrNull(values("mileage", (registration) => registration.distanceKm)),
    amounts: new Map([...amountsByCurrency].map(([currency, amounts]) => [currency, sumDecimals(amounts)])),
  };
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Adds numeric columns as the exact decimals they are, in integers: a total
 * on evidence must not depend on how floating point rounds a thousand sums.
 */
function sumDecimals(values: string[]): number {
  const parsed = values.map((value) => {
    const match = DECIMAL.exec(value.trim());
    if (!match) throw new Error(`Not a decimal number: ${JSON.stringify(value)}`);
    return { sign: match[1] ?? "", whole: match[2] ?? "0", fraction: match[3] ?? "" };
  });
  const scale = Math.max(0, ...parsed.map((part) => part.fraction.length));
  const total = parsed.reduce((sum, part) => sum + BigInt(`${part.sign}${part.whole}${part.fraction.padEnd(scale, "0")}`), 0n);
  return Number(total) / 10 ** scale;
}
