import { createHash } from "node:crypto";
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFPage } from "pdf-lib";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { renderEvidencePdf, type DecisionEvidence, type EvidenceRegistration } from "./evidence-pdf";

const FINGERPRINT = createHash("sha256").update("the canonical content of a decision").digest("hex");
/** 48×16 RGBA with a stroke on a transparent background, as a signature pad sends it. */
const SIGNATURE_PNG = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAADAAAAAQCAYAAABQrvyxAAAAOElEQVR42mMQkav4jw0zDBWAywOjnhn1zKhnRj0z6hmSLaaWOKmYEntHk9moZ0Y9M+qZUc9Q5BkAZA4IB+JHiJgAAAAASUVORK5CYII=",
    "base64",
  ),
);
const A4 = { width: 595.28, height: 841.89 };

function registration(overrides: Partial<EvidenceRegistration> = {}): EvidenceRegistration {
  return {
    workDate: "2026-06-29",
    projectName: "Website relaunch",
    employeeName: "Jan Jansen",
    taskName: "Design",
    kind: "hours",
    hours: "7.50",
    amount: null,
    currency: "EUR",
    distanceKm: null,
    description: "Homepage wireframes",
    statusBefore: "pending_external",
    statusAfter: "approved",
    ...overrides,
  };
}

const THREE_KINDS = [
  registration(),
  registration({ kind: "hours", hours: "1.25", taskName: null, description: "Review with the customer" }),
  registration({ kind: "expense", hours: null, amount: "123.40", description: "Train tickets" }),
  registration({ kind: "mileage", hours: null, distanceKm: "42.0", description: "Visit to Utrecht" }),
];

function evidence(overrides: Partial<DecisionEvidence> = {}): DecisionEvidence {
  return {
    id: "0b6a4c1e-3a55-4a5e-9c1e-2f7f0d9d8a11",
    decision: "approved",
    decidedAt: "2026-07-06T09:10:05.000Z",
    language: "en",
    tenantName: "Studio Noord",
    customerName: "Acme",
    portalName: "Acme – Website en app",
    memberName: "Anna de Vries",
    memberEmail: "anna@acme.example",
    signerName: "Anna de Vries",
    signatureKind: "drawn",
    signaturePng: SIGNATURE_PNG,
    comment: "Fine, thanks for the quick work.",
    reference: "PO-2026-0042",
    statement: "I approve on behalf of Acme the 4 registrations listed in this document.",
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    sessionId: "9f1c2b3a-4d5e-4f60-8a7b-111122223333",
    fingerprint: FINGERPRINT,
    automatic: false,
    registrations: THREE_KINDS,
    ...overrides,
  };
}

/** Each page's text, white space (line breaks of wrapped text, no-break spaces) as single spaces. */
async function pageTexts(pdf: Uint8Array): Promise<string[]> {
  // pdf.js takes over the buffer it is given: hand it a copy.
  const { text } = await extractText(await getDocumentProxy(pdf.slice()), { mergePages: false });
  return text.map(squash);
}

function squash(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}

/** "font size" of every Tf operator in a page's content: which fonts the page writes with. */
function fontsUsed(page: PDFPage): string[] {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  return streams.flatMap((stream) => {
    if (!(stream instanceof PDFRawStream)) return [];
    const operators = Buffer.from(decodePDFRawStream(stream).decode()).toString("latin1");
    return [...operators.matchAll(/\/(\S+)-\d+ ([\d.]+) Tf/g)].map((match) => `${match[1]} ${match[2]}`);
  });
}

/** The images a page draws (a PNG's alpha channel is a separate image inside the one drawn, not counted). */
function imagesOn(page: PDFPage): number {
  const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of("XObject"), PDFDict);
  if (!xObjects) return 0;
  return xObjects.values().filter((ref) => {
    const object = page.doc.context.lookup(ref);
    return object instanceof PDFRawStream && object.dict.get(PDFName.of("Subtype")) === PDFName.of("Image");
  }).length;
}

describe("the evidence PDF of a decision", () => {
  it("in English says who decided what, when, with which signature, statement and fingerprint", async () => {
    const pdf = await renderEvidencePdf(evidence());

    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getPage(0).getSize()).toEqual(A4);
    expect(doc.getTitle()).toBe("Approval evidence – Acme");
    expect(imagesOn(doc.getPage(0))).toBe(1);
    const text = (await pageTexts(pdf)).join(" ");
    for (const expected of [
      "Approval evidence",
      "Supplier Studio Noord",
      "Customer Acme",
      "Portal Acme – Website en app",
      "Decision Approved",
      "Date and time 6 July 2026 at 11:10:05 CEST",
      "Decided by Anna de Vries (anna@acme.example)",
      "Purchase order number PO-2026-0042",
      "Signer Anna de Vries",
      "Drawn signature",
      "Comment Fine, thanks for the quick work.",
      "I approve on behalf of Acme the 4 registrations listed in this document.",
      FINGERPRINT,
      "SHA-256 hash over the canonical content of the registrations kept with this decision",
      "Decision ID 0b6a4c1e-3a55-4a5e-9c1e-2f7f0d9d8a11",
      "Recorded at (UTC) 2026-07-06T09:10:05.000Z",
      "IP address 203.0.113.7",
      "Session 9f1c2b3a-4d5e-4f60-8a7b-111122223333",
      "Registrations 4 registrations",
      "Hours 8.75 hrs",
      "Expenses €123.40",
      "Mileage 42.0 km",
      "29/06/2026 Website relaunch Jan Jansen Design 7.50 hrs Homepage wireframes Awaiting customer approval → Approved",
      "Page 1 of",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(
      "Browser (user agent) Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    );
  });

  it("in Dutch writes dates, numbers and money the Dutch way", async () => {
    const pdf = await renderEvidencePdf(
      evidence({
        language: "nl",
        decision: "changes_requested",
        signatureKind: "typed",
        signaturePng: null,
        comment: "Graag de reistijd apart boeken.",
        registrations: [
          ...THREE_KINDS,
          registration({ kind: "expense", hours: null, amount: "1000.10", currency: "EUR", statusAfter: "changes_requested" }),
          registration({ kind: "expense", hours: null, amount: "10.00", currency: "USD", statusAfter: "changes_requested" }),
        ],
      }),
    );

    const text = (await pageTexts(pdf)).join(" ");
    for (const expected of [
      "Bewijs van een wijzigingsverzoek",
      "Leverancier Studio Noord",
      "Besluit Wijziging gevraagd",
      "Datum en tijd 6 juli 2026 om 11:10:05 CEST",
      "Besloten door Anna de Vries (anna@acme.example)",
      "Ondertekenaar Anna de Vries",
      "Handtekening Anna de Vries",
      "Getypte handtekening",
      "Opmerking Graag de reistijd apart boeken.",
      FINGERPRINT,
      "Registraties 6 registraties",
      "Uren 8,75 uur",
      "Onkosten € 1.123,50; US$ 10,00",
      "Kilometers 42,0 km",
      "29-06-2026 Website relaunch Jan Jansen Design 7,50 uur Homepage wireframes Wacht op goedkeuring klant → Goedgekeurd",
      "Wacht op goedkeuring klant → Wijziging gevraagd",
      "Pagina 1 van 2",
      "Pagina 2 van 2",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it.each([
    ["en", "approved", "Approval evidence"],
    ["en", "rejected", "Rejection evidence"],
    ["en", "changes_requested", "Evidence of a change request"],
    ["nl", "approved", "Bewijs van goedkeuring"],
    ["nl", "rejected", "Bewijs van afkeuring"],
  ] as const)("in %s, for %s, is titled %s", async (language, decision, title) => {
    const pdf = await renderEvidencePdf(evidence({ language, decision }));

    expect((await pageTexts(pdf))[0]?.startsWith(title)).toBe(true);
    expect((await PDFDocument.load(pdf)).getTitle()).toBe(`${title} – Acme`);
  });

  it("shows a typed signature in the italic font, and no image", async () => {
    const pdf = await renderEvidencePdf(evidence({ signatureKind: "typed", signaturePng: null }));

    const doc = await PDFDocument.load(pdf);
    expect(fontsUsed(doc.getPage(0))).toContain("DejaVuSans-Oblique 16");
    expect(imagesOn(doc.getPage(0))).toBe(0);
    expect((await pageTexts(pdf)).join(" ")).toContain("Signature Anna de Vries Typed signature");
  });

  it("says when the system decided on its own, without signer or signature", async () => {
    const pdf = await renderEvidencePdf(
      evidence({ automatic: true, signerName: null, signatureKind: "none", signaturePng: null, comment: null, reference: null, ip: null, userAgent: null }),
    );

    const text = (await pageTexts(pdf)).join(" ");
    expect(text).toContain("Decided by Recorded automatically by the system when the approval deadline passed; no person made this decision.");
    expect(text).not.toContain("anna@acme.example");
    expect(text).toContain("Signer Not recorded");
    expect(text).toContain("Signature No signature");
    expect(text).toContain("IP address Not recorded");
    expect(text).not.toContain("Comment");
    expect(text).not.toContain("Purchase order number");
  });

  it("leaves out the description column where the portal hides descriptions", async () => {
    const pdf = await renderEvidencePdf(evidence({ registrations: THREE_KINDS.map((row) => ({ ...row, description: null })) }));

    const text = (await pageTexts(pdf)).join(" ");
    expect(text).toContain("Date Project Employee Task Quantity Status");
    expect(text).not.toContain("Description");
  });

  it("puts 1,000 registrations on numbered pages, each with the table header, and adds them up exactly", async () => {
    const registrations = Array.from({ length: 1000 }, (_, index) =>
      registration({
        projectName: `Project ${String(index + 1).padStart(4, "0")}`,
        kind: (["hours", "expense", "mileage"] as const)[index % 3],
        hours: index % 3 === 0 ? "0.10" : null,
        amount: index % 3 === 1 ? "0.10" : null,
        distanceKm: index % 3 === 2 ? "0.1" : null,
      }),
    );

    const pdf = await renderEvidencePdf(evidence({ registrations }));

    const pages = await pageTexts(pdf);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(pages.length);
    expect(pages.length).toBeGreaterThan(15);
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
    const tablePages = pages.slice(pages.findIndex((page) => page.includes("Project 0001")));
    for (const page of tablePages) expect(page).toContain("Date Project Employee Task Quantity Description Status");
    const text = pages.join(" ");
    for (let number = 1; number <= 1000; number += 1) expect(text).toContain(`Project ${String(number).padStart(4, "0")} `);
    expect(text).toContain("Registrations 1,000 registrations");
    expect(text).toContain("Hours 33.40 hrs"); // 334 × 0.10
    expect(text).toContain("Expenses €33.30"); // 333 × 0.10
    expect(text).toContain("Mileage 33.3 km");
  });

  it("wraps long comments, descriptions and user agents within the page, and keeps all their words", async () => {
    const comment = Array.from({ length: 300 }, (_, index) => `c${index}`).join(" ").slice(0, 2000);
    const description = Array.from({ length: 800 }, (_, index) => `d${index}`).join(" ").slice(0, 5000);
    const userAgent = `Mozilla/5.0 ${"(KHTML,like-Gecko)".repeat(25)}`;

    const pdf = await renderEvidencePdf(evidence({ comment, userAgent, registrations: [registration({ description }), registration()] }));

    const proxy = await getDocumentProxy(pdf.slice());
    for (let number = 1; number <= proxy.numPages; number += 1) {
      const { items } = await (await proxy.getPage(number)).getTextContent();
      for (const item of items) {
        if (!("str" in item) || item.str.trim() === "") continue;
        const x = item.transform[4] as number;
        expect(x, item.str).toBeGreaterThanOrEqual(40);
        expect(x + item.width, item.str).toBeLessThanOrEqual(A4.width - 40);
      }
    }
    const text = (await pageTexts(pdf)).join(" ");
    expect(text).toContain(comment);
    expect(text).toContain("d0 d1 d2");
    expect(text).toContain("d798 d799");
    expect(proxy.numPages).toBeGreaterThan(1);
  });

  it("draws text outside WinAnsi, and puts U+FFFD for what the font lacks, without throwing", async () => {
    const unusual = "Łukasz Dvořák: ✓ ok → klaar. Ελληνικά, Привет, 中文, 😀 👍🏽\u200b\ttab\u0000";

    const pdf = await renderEvidencePdf(
      evidence({
        comment: unusual,
        signerName: "Łukasz Dvořák",
        signatureKind: "typed",
        signaturePng: null,
        tenantName: "Studio Noord 🚀",
        userAgent: unusual,
        registrations: [registration({ description: unusual, employeeName: "Zoë Šťastná" })],
      }),
    );

    const text = (await pageTexts(pdf)).join(" ");
    // DejaVu has 😀 but not 👍, nor CJK; the skin tone, the zero-width space and the NUL vanish, the tab is a space.
    expect(text).toContain("Comment Łukasz Dvořák: ✓ ok → klaar. Ελληνικά, Привет, \uFFFD\uFFFD, 😀 \uFFFD tab Statement");
    expect(text).toContain("Signature Łukasz Dvořák");
    expect(text).toContain("Supplier Studio Noord \uFFFD");
    expect(text).toContain("Zoë Šťastná");
  });

  it("refuses a drawn signature that is not a PNG rather than leave it out", async () => {
    await expect(renderEvidencePdf(evidence({ signaturePng: new Uint8Array([1, 2, 3]) }))).rejects.toThrow("not a readable PNG image");
  });
});
