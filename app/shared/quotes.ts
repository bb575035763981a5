import type { IntlShape } from "react-intl";

/*
 * Shared by server and browser (no zod here): the quotes a portal shows
 * (F-19) and the sentence a member signs when accepting or declining one.
 */

/** The statuses a member sees; an open quote past its valid-until date counts as expired. */
export const QUOTE_STATUSES = ["open", "accepted", "declined", "expired"] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** A member's two answers to an open quote. */
export const QUOTE_DECISIONS = ["accepted", "declined"] as const;
export type QuoteDecision = (typeof QUOTE_DECISIONS)[number];

export const QUOTES_PAGE_SIZE = 25;
/** As the quote_decisions table allows. */
export const QUOTE_COMMENT_MAX = 2000;
export const QUOTE_SEARCH_MAX = 100;

/** Declining needs a comment (the supplier wants to know why); accepting does not. */
export function quoteDecisionNeedsComment(decision: QuoteDecision): boolean {
  return decision === "declined";
}

/** A quote's total as the locale writes money; an unknown currency code is written after the number. */
export function formatQuoteAmount(intl: IntlShape, amount: string | number, currency: string): string {
  const value = Number(amount);
  return /^[A-Z]{3}$/.test(currency)
    ? intl.formatNumber(value, { style: "currency", currency })
    : `${intl.formatNumber(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

/**
 * The sentence a member confirms, shown in the dialog and kept verbatim with
 * the evidence: "Ik, Anna de Vries, accepteer namens Acme B.V. offerte
 * OFF-0011 (€ 12.345,67 excl. btw)."
 */
export function quoteStatement(
  intl: IntlShape,
  input: { decision: QuoteDecision; signerName: string; customerName: string; number: string; totalExclVat: string | number; currency: string },
): string {
  return intl.formatMessage({ id: `quotes.statement.${input.decision}` }, {
    signer: input.signerName,
    customer: input.customerName,
    number: input.number,
    amount: formatQuoteAmount(intl, input.totalExclVat, input.currency),
  });
}
