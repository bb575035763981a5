import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb } from "pdf-lib";
import { PageFlow, type FontSet } from "../approvals/pdf-layout";
import { newStorageKey, sha256Hex, type FileStorage } from "../documents/storage";

/**
 * Small, real PDFs of the demo's invoices, quotes and orders, so that the
 * portal's "Download PDF" has something to download. In Dutch, like the rest
 * of Studio Noord's demo data; the host platform sends the real ones.
 */
export type DemoPdfKind = "invoice" | "quote" | "order";

export type DemoPdfInput = {
  kind: DemoPdfKind;
  tenantName: string;
  number: string;
  /** yyyy-MM-dd: issued (invoice, quote) or ordered (order). */
  date: string | null;
  /** yyyy-MM-dd: due (invoice) or valid until (quote). */
  until?: string | null;
  customerName: string;
  subject: string | null;
  currency: string;
  totalExclVat: number | string;
  /** Without it (an order), no VAT lines. */
  totalInclVat?: number | string | null;
};

const TYPE_LABEL: Record<DemoPdfKind, string> = { invoice: "Factuur", quote: "Offerte", order: "Opdrachtbevestiging" };
const UNTIL_LABEL: Record<DemoPdfKind, string> = { invoice: "Vervaldatum", quote: "Geldig tot", order: "" };
const MUTED = rgb(0.4, 0.4, 0.4);

let fontBytes: Promise<Uint8Array> | undefined;

/**
 * DejaVu Sans like the evidence PDFs (any name prints), but one face only:
 * subsetting a font is most of the time a PDF takes, and the seed makes a few
 * dozen of these.
 */
async function embedFont(doc: PDFDocument): Promise<FontSet> {
  fontBytes ??= readFile(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")).then((bytes) => new Uint8Array(bytes));
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(await fontBytes, { subset: true });
  return { regular: font, bold: font, italic: font, mono: font };
}

/** "Factuur 2026-0003.pdf": the file name the documents row and the download carry. */
export function demoPdfFileName(kind: DemoPdfKind, number: string): string {
  return `${demoPdfTitle(kind, number).replace(/[\\/:*?"<>|]/g, "-")}.pdf`;
}

export function demoPdfTitle(kind: DemoPdfKind, number: string): string {
  return `${TYPE_LABEL[kind]} ${number}`;
}

const dateFormat = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

function formatDate(day: string | null | undefined): string {
  return day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? dateFormat.format(new Date(`${day}T00:00:00Z`)) : "—";
}

function formatMoney(value: number | string, currency: string): string {
  const amount = Number(value);
  return /^[A-Z]{3}$/.test(currency)
    ? new Intl.NumberFormat("nl-NL", { style: "currency", currency }).format(amount)
    : `${new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)} ${currency}`;
}

/** One A4 page: who, to whom, which number and date, the subject and the amounts. */
export async function renderDemoPdf(input: DemoPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const title = demoPdfTitle(input.kind, input.number);
  doc.setTitle(`${title} – ${input.customerName}`);
  doc.setAuthor(input.tenantName);
  doc.setCreator("Portaal (demo)");
  doc.setLanguage("nl-NL");
  const fonts = await embedFont(doc);
  const flow = new PageFlow(doc, fonts);

  flow.title(title);
  flow.field("Van", input.tenantName);
  flow.field("Aan", input.customerName);
  flow.field("Nummer", input.number);
  flow.field(input.kind === "order" ? "Datum opdracht" : "Datum", formatDate(input.date));
  if (input.kind !== "order") flow.field(UNTIL_LABEL[input.kind], formatDate(input.until));
  flow.field("Onderwerp", input.subject ?? "—");

  flow.heading("Specificatie");
  const hasVat = input.totalInclVat !== undefined && input.totalInclVat !== null;
  const excl = Number(input.totalExclVat);
  flow.table(
    [
      { header: "Omschrijving", weight: 70 },
      { header: "Bedrag excl. btw", weight: 30, align: "right" },
    ],
    [[input.subject ?? title, formatMoney(excl, input.currency)]],
    9,
  );
  flow.gap(8);
  flow.field("Totaal excl. btw", formatMoney(excl, input.currency), hasVat ? {} : { size: 11 });
  if (hasVat) {
    const incl = Number(input.totalInclVat);
    flow.field("Btw", formatMoney(Math.round((incl - excl) * 100) / 100, input.currency));
    flow.field("Totaal incl. btw", formatMoney(incl, input.currency), { size: 11 });
  }
  flow.gap(12);
  flow.paragraph("Dit is een voorbeelddocument uit de demo van Portaal.", { font: fonts.regular, size: 8, color: MUTED });
  flow.addFooters(() => ({ left: `${input.tenantName} · ${title}`, right: input.customerName }));
  return doc.save();
}

const PARENT_COLUMN: Record<DemoPdfKind, "invoice_id" | "quote_id" | "order_id"> = {
  invoice: "invoice_id", quote: "quote_id", order: "order_id",
};

/**
 * Renders the PDF of a demo invoice, quote or order, stores it under a new
 * key, and answers the documents row that makes it that document's PDF
 * (is_document_pdf): seen by whoever sees the invoice, quote or order.
 */
export async function demoPdfDocument(
  storage: FileStorage,
  input: DemoPdfInput & { tenantId: string; customerId: string; projectId: string | null; parentId: string },
): Promise<Record<string, unknown>> {
  const bytes = await renderDemoPdf(input);
  const storageKey = newStorageKey(input.tenantId);
  await storage.put(storageKey, bytes, "application/pdf");
  return {
    id: randomUUID(), tenant_id: input.tenantId, customer_id: input.customerId, project_id: input.projectId,
    host_id: `seed-pdf-${input.number}`, title: demoPdfTitle(input.kind, input.number),
    file_name: demoPdfFileName(input.kind, input.number), content_type: "application/pdf", size_bytes: bytes.byteLength,
    sha256: sha256Hex(bytes), storage_key: storageKey, is_document_pdf: true,
    invoice_id: null, quote_id: null, order_id: null, [PARENT_COLUMN[input.kind]]: input.parentId,
    channel_portal: true,
    channel_email: true,
  };
}
