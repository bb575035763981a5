import { rgb, type PDFDocument, type PDFImage } from "pdf-lib";
import type { MessageId } from "../../i18n";
import type { FontSet, PageFlow } from "./pdf-layout";

/** What every evidence PDF shows of a signed decision (hours and quotes alike). */
export type SignedBy = {
  signerName: string | null;
  signatureKind: "drawn" | "typed" | "none";
  signaturePng: Uint8Array | null;
  comment: string | null;
};

const SIGNATURE_BOX = { width: 220, height: 80 };
const CAPTION = { size: 7.5, color: rgb(0.4, 0.4, 0.4) };

/** The signature section: signer, the drawn image in a frame or the typed name, and the comment. */
export async function drawSignatureSection(
  flow: PageFlow,
  doc: PDFDocument,
  signed: SignedBy,
  t: (id: MessageId) => string,
  fonts: FontSet,
): Promise<void> {
  flow.heading(t("evidence.section.signature"));
  flow.field(t("evidence.field.signer"), signed.signerName ?? t("evidence.notRecorded"));
  if (signed.signatureKind === "drawn" && signed.signaturePng) {
    const image = await embedSignature(doc, signed.signaturePng);
    const size = image.scale(Math.min(1, SIGNATURE_BOX.width / image.width, SIGNATURE_BOX.height / image.height));
    flow.fieldBlock(t("evidence.field.signature"), size.height + 8, (page, x, top) => {
      page.drawRectangle({ x, y: top - size.height - 8, width: size.width + 8, height: size.height + 8, borderColor: rgb(0.8, 0.8, 0.8), borderWidth: 0.5 });
      page.drawImage(image, { x: x + 4, y: top - size.height - 4, ...size });
    });
    flow.field("", t("evidence.signature.drawn"), CAPTION);
  } else if (signed.signatureKind === "typed" && signed.signerName) {
    flow.field(t("evidence.field.signature"), signed.signerName, { font: fonts.italic, size: 16 });
    flow.field("", t("evidence.signature.typed"), CAPTION);
  } else {
    flow.field(t("evidence.field.signature"), t("evidence.signature.none"));
  }
  if (signed.comment !== null) flow.field(t("evidence.field.comment"), signed.comment);
}

async function embedSignature(doc: PDFDocument, png: Uint8Array): Promise<PDFImage> {
  try {
    return await doc.embedPng(png);
  } catch (cause) {
    // Evidence without the signature it claims would mislead: refuse rather than leave it out.
    throw new Error("The drawn signature of this decision is not a readable PNG image", { cause });
  }
}
