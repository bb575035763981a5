import { z } from "zod";
import { QUOTE_COMMENT_MAX, QUOTE_DECISIONS, type QuoteDecision } from "../../shared/quotes";
import { decodeSignaturePng, signatureInputSchema } from "../../shared/signature";
import type { QuoteDecisionRefusal, QuoteSignature } from "./quotes";

const formSchema = z.object({
  quoteId: z.uuid(),
  decision: z.enum(QUOTE_DECISIONS),
  comment: z.string().trim().max(QUOTE_COMMENT_MAX).optional().transform((value) => (value ? value : null)),
});

/** Message ids per field of the quote decision dialog. */
export type QuoteDecisionFieldErrors = Partial<Record<"comment" | "signature" | "signerName" | "form", string>>;

export type ParsedQuoteDecisionForm =
  | { ok: true; quoteId: string; decision: QuoteDecision; comment: string | null; signature: QuoteSignature }
  | { ok: false; errors: QuoteDecisionFieldErrors };

/**
 * The accept / decline dialog of the quotes page: the quote, the answer, a
 * comment, and the fields SignatureField posts (signerName, signatureKind,
 * signature). A quote decision is always signed: drawn, or the typed name.
 */
export function parseQuoteDecisionForm(form: FormData): ParsedQuoteDecisionForm {
  const fields = Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string")) as Record<string, string>;
  const parsed = formSchema.safeParse(fields);
  if (!parsed.success) {
    const errors: QuoteDecisionFieldErrors = {};
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === "comment") errors.comment = "quotes.error.invalid";
      else errors.form = "quotes.error.invalid";
    }
    return { ok: false, errors };
  }
  const kind = fields.signatureKind ?? "none";
  if (kind !== "drawn" && kind !== "typed") {
    return { ok: false, errors: { signature: "quotes.error.signature-required" } };
  }
  if (kind === "drawn" && !fields.signature) return { ok: false, errors: { signature: "quotes.error.signature-required" } };
  const signature = signatureInputSchema.safeParse({ ...fields, signatureKind: kind });
  if (!signature.success) {
    const onName = signature.error.issues.some((issue) => issue.path[0] === "signerName");
    return { ok: false, errors: onName ? { signerName: "quotes.error.signerName" } : { signature: "quotes.error.signature-invalid" } };
  }
  const value = signature.data;
  return {
    ok: true,
    quoteId: parsed.data.quoteId,
    decision: parsed.data.decision,
    comment: parsed.data.comment,
    signature: {
      kind: value.signatureKind === "drawn" ? "drawn" : "typed",
      signerName: value.signerName,
      png: value.signatureKind === "drawn" ? decodeSignaturePng(value.signature) : null,
    },
  };
}

/** A refusal of decideQuote as the dialog shows it: at which field, in which words. */
export function quoteRefusalErrors(refusal: QuoteDecisionRefusal): QuoteDecisionFieldErrors {
  switch (refusal.reason) {
    case "comment-required":
      return { comment: "quotes.error.comment-required" };
    case "signature-required":
      return { signature: "quotes.error.signature-required" };
    default:
      return { form: `quotes.error.${refusal.reason}` };
  }
}
