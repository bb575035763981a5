import { z } from "zod";
import { COMMENT_MAX, DECISION_MAX_REGISTRATIONS, DECISIONS, REFERENCE_MAX, type Decision } from "../../shared/decisions";
import { registrationFilterSchema } from "../../shared/registration-filter";
import { decodeSignaturePng, signatureInputSchema } from "../../shared/signature";
import type { DecisionRefusal, DecisionSignature, DecisionTarget } from "./decide";

const optionalText = (max: number) =>
  z.string().trim().max(max).optional().transform((value) => (value ? value : null));

const formSchema = z.object({
  decision: z.enum(DECISIONS),
  scope: z.enum(["ids", "filter"]),
  ids: z.string().optional().transform((value) => (value ? value.split(",").filter(Boolean) : []))
    .pipe(z.array(z.uuid()).max(DECISION_MAX_REGISTRATIONS)),
  comment: optionalText(COMMENT_MAX),
  reference: optionalText(REFERENCE_MAX),
});

export type DecisionFieldErrors = Partial<Record<"comment" | "reference" | "signature" | "signerName" | "form", string>>;

export type ParsedDecisionForm =
  | { ok: true; decision: Decision; target: DecisionTarget; comment: string | null; reference: string | null; signature: DecisionSignature }
  | { ok: false; errors: DecisionFieldErrors };

/**
 * The decision form of a project's registrations page. "filter" takes the
 * page's own filter from the query string, so "all matching" means exactly
 * what the member was looking at. Error values are message ids.
 */
export function parseDecisionForm(form: FormData, pageUrl: URL, projectId: string): ParsedDecisionForm {
  const fields = Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string")) as Record<string, string>;
  const parsed = formSchema.safeParse(fields);
  if (!parsed.success) {
    const errors: DecisionFieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "comment" || field === "reference") errors[field] = "decide.error.invalid";
      else errors.form = "decide.error.invalid";
    }
    return { ok: false, errors };
  }
  const signature = parseSignature(fields);
  if (!signature.ok) return { ok: false, errors: signature.errors };

  const filter = registrationFilterSchema.parse(Object.fromEntries(pageUrl.searchParams));
  const target: DecisionTarget = parsed.data.scope === "ids"
    ? { kind: "ids", ids: parsed.data.ids }
    : {
        kind: "filter", projectId, registrationKind: filter.kind, from: filter.from, to: filter.to,
        employeeId: filter.employeeId, taskId: filter.taskId,
      };
  if (target.kind === "ids" && target.ids.length === 0) return { ok: false, errors: { form: "decide.error.nothing-waiting" } };
  return { ok: true, decision: parsed.data.decision, target, comment: parsed.data.comment, reference: parsed.data.reference, signature: signature.value };
}

function parseSignature(fields: Record<string, string>):
  | { ok: true; value: DecisionSignature }
  | { ok: false; errors: DecisionFieldErrors } {
  const kind = fields.signatureKind ?? "none";
  if (kind === "none" && !fields.signerName?.trim()) return { ok: true, value: { kind: "none", signerName: null, png: null } };
  if (kind === "drawn" && !fields.signature) return { ok: false, errors: { signature: "decide.error.signature-required" } };
  const parsed = signatureInputSchema.safeParse({ ...fields, signatureKind: kind });
  if (!parsed.success) {
    const onName = parsed.error.issues.some((issue) => issue.path[0] === "signerName");
    return { ok: false, errors: onName ? { signerName: "decide.error.signerName" } : { signature: "decide.error.signature-invalid" } };
  }
  const value = parsed.data;
  return {
    ok: true,
    value: {
      kind: value.signatureKind,
      signerName: value.signerName,
      png: value.signatureKind === "drawn" ? decodeSignaturePng(value.signature) : null,
    },
  };
}

/** A refusal of the approvals module as the form shows it: where, and in which words. */
export function refusalErrors(refusal: DecisionRefusal): { errors: DecisionFieldErrors; values?: Record<string, number> } {
  switch (refusal.reason) {
    case "comment-required":
      return { errors: { comment: "decide.error.comment-required" } };
    case "signature-required":
      return { errors: { signature: "decide.error.signature-required" } };
    case "no-longer-waiting":
      return { errors: { form: "decide.error.no-longer-waiting" }, values: { requested: refusal.requested, waiting: refusal.waiting } };
    case "too-many":
      return { errors: { form: "decide.error.too-many" }, values: { max: refusal.max } };
    default:
      return { errors: { form: `decide.error.${refusal.reason}` } };
  }
}
