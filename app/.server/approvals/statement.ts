import { intlFor, type Language } from "../../i18n";
import { decisionStatement, totalsOf } from "../../shared/decision-statement";
import type { Decision } from "../../shared/decisions";
import type { DecidedRegistration } from "./canonical";

/** The statement kept with the evidence, in the language the member used. */
export function statementFor(input: {
  language: Language;
  decision: Decision;
  signerName: string;
  customerName: string;
  registrations: DecidedRegistration[];
}): string {
  return decisionStatement(intlFor(input.language), {
    decision: input.decision,
    signerName: input.signerName,
    customerName: input.customerName,
    count: input.registrations.length,
    totals: totalsOf(input.registrations),
  });
}
