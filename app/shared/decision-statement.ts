import type { IntlShape } from "react-intl";
import type { Decision } from "./decisions";

/** What registrations add up to; null where none of that kind is included. */
export type QuantityTotals = { hours: number | null; money: Record<string, number>; distanceKm: number | null };

type Quantities = { kind: string; hours: string | null; amount: string | null; currency: string; distanceKm: string | null };

export function totalsOf(registrations: Quantities[]): QuantityTotals {
  const totals: QuantityTotals = { hours: null, money: {}, distanceKm: null };
  for (const registration of registrations) {
    if (registration.kind === "hours") totals.hours = (totals.hours ?? 0) + Number(registration.hours ?? 0);
    if (registration.kind === "mileage") totals.distanceKm = (totals.distanceKm ?? 0) + Number(registration.distanceKm ?? 0);
    if (registration.kind === "expense") {
      totals.money[registration.currency] = (totals.money[registration.currency] ?? 0) + Number(registration.amount ?? 0);
    }
  }
  return totals;
}

/** "12,50 uur, € 340,00, 42 km", in the intl's language. */
export function formatTotals(intl: IntlShape, totals: QuantityTotals): string {
  const parts: string[] = [];
  if (totals.hours !== null) {
    const hours = intl.formatNumber(totals.hours, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    parts.push(intl.formatMessage({ id: "decision.quantity.hours" }, { hours }));
  }
  for (const [currency, amount] of Object.entries(totals.money)) parts.push(intl.formatNumber(amount, { style: "currency", currency }));
  if (totals.distanceKm !== null) {
    parts.push(intl.formatMessage({ id: "decision.quantity.km" }, { km: intl.formatNumber(totals.distanceKm, { maximumFractionDigits: 1 }) }));
  }
  return parts.join(", ");
}

/**
 * The sentence a member confirms with a decision, shown in the form and kept
 * verbatim with the evidence: who, for which customer, what answer, how many
 * registrations and what they add up to.
 */
export function decisionStatement(
  intl: IntlShape,
  input: { decision: Decision; signerName: string; customerName: string; count: number; totals: QuantityTotals },
): string {
  return intl.formatMessage({ id: `decision.statement.${input.decision}` }, {
    signer: input.signerName,
    customer: input.customerName,
    count: input.count,
    totals: formatTotals(intl, input.totals),
  });
}
