import { stringify } from "csv-stringify/sync";
import { intlFor, type Language } from "../../i18n";
import type { RegistrationKind } from "../../shared/registrations";
import type { RegistrationRow } from "./list";

/**
 * The CSV of a filtered set of registrations (F-17), in the member's
 * language: Dutch gets semicolons and decimal commas, as Excel expects there.
 * The description column exists only where the portal shows descriptions.
 */
export function registrationsCsv(
  rows: RegistrationRow[],
  options: { kind: RegistrationKind; showDescription: boolean; language: Language },
): string {
  const intl = intlFor(options.language);
  const t = (id: Parameters<typeof intl.formatMessage>[0]["id"]) => intl.formatMessage({ id });
  const number = (value: string | null, digits: number) =>
    value === null ? "" : intl.formatNumber(Number(value), { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
  const quantityHeading = t(options.kind === "hours" ? "hours.hours" : options.kind === "mileage" ? "hours.distance" : "hours.amount");
  const header = [
    t("hours.date"), t("hours.employee"), t("hours.task"), quantityHeading,
    ...(options.kind === "expense" ? [t("csv.currency")] : []),
    t("hours.status"),
    ...(options.showDescription ? [t("hours.description")] : []),
  ];
  const records = rows.map((row) => [
    row.workDate, row.employeeName, row.taskName ?? "",
    options.kind === "hours" ? number(row.hours, 2) : options.kind === "mileage" ? number(row.distanceKm, 1) : number(row.amount, 2),
    ...(options.kind === "expense" ? [row.currency] : []),
    t(`status.${row.status}` as Parameters<typeof intl.formatMessage>[0]["id"]),
    ...(options.showDescription ? [row.description ?? ""] : []),
  ]);
  // The byte-order mark makes Excel read the file as UTF-8.
  return `\uFEFF${stringify([header, ...records], { delimiter: options.language === "nl" ? ";" : "," })}`;
}
