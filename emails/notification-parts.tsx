import { Button, Heading, Link, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
import type { IntlShape } from "react-intl";
import { DEFAULT_BRANDING, type Branding, type emailTexts } from "./layout";

/**
 * What the notification e-mails (approval request and reminder, new quote and
 * invoice, completed job, shared document) share: the greeting, a list of facts
 * that stays a two-column list in the plain-text version, the call to action
 * and the footer that says why the mail came and who sets that (F-6).
 */

/** Instants (deadlines) are shown in the tenants' time zone: Portaal's tenants are Dutch. */
export const TIME_ZONE = "Europe/Amsterdam";

/** Names listed before "and N more". */
export const MAX_LISTED_NAMES = 5;

type Translate = ReturnType<typeof emailTexts>["t"];

/** The tenant's branding, or the default colour under the tenant's name. */
export function notificationBranding(branding: Branding | undefined, tenantName: string): Branding {
  return branding ?? { ...DEFAULT_BRANDING, senderName: tenantName };
}

/** A calendar day (yyyy-MM-dd): formatting it in UTC keeps it from shifting a day in any time zone. */
function calendarDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** "6 december 2026" / "6 December 2026". */
export function formatCalendarDay(intl: IntlShape, day: string): string {
  return intl.formatDate(calendarDay(day), { dateStyle: "long", timeZone: "UTC" });
}

/** "2–20 november 2026", or one day when first and last are the same. */
export function formatPeriod(intl: IntlShape, first: string, last: string): string {
  if (first === last) return formatCalendarDay(intl, first);
  return intl.formatDateTimeRange(calendarDay(first), calendarDay(last), { dateStyle: "long", timeZone: "UTC" });
}

/**
 * "6 december 2026 om 17:00" in Amsterdam. Takes an ISO string too: a payload
 * that went through JSON carries its instants as strings.
 */
export function formatInstant(intl: IntlShape, instant: Date | string): string {
  return intl.formatDate(instant, { dateStyle: "long", timeStyle: "short", timeZone: TIME_ZONE });
}

/** A decimal string of the database ("1801.25") as money: "€ 1.801,25" / "€1,801.25". */
export function formatMoney(intl: IntlShape, amount: string, currency: string): string {
  return intl.formatNumber(Number(amount), { style: "currency", currency });
}

/** Hours with two decimals, the way the portal's pages show them: "12,50" / "12.50". */
export function formatHours(intl: IntlShape, hours: string): string {
  return intl.formatNumber(Number(hours), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Kilometres with at most one decimal: "42,5" / "42.5". */
export function formatKm(intl: IntlShape, km: string): string {
  return intl.formatNumber(Number(km), { maximumFractionDigits: 1 });
}

/** "Anna, Bram en Carla", or the first MAX_LISTED_NAMES and "en nog 3". */
export function formatNames(intl: IntlShape, t: Translate, names: string[]): string {
  if (names.length <= MAX_LISTED_NAMES) return intl.formatList(names, { type: "conjunction" });
  return t("email.approval.employeesMore", { names: names.slice(0, MAX_LISTED_NAMES).join(", "), count: names.length - MAX_LISTED_NAMES });
}

export const paragraph: CSSProperties = { fontSize: 15, lineHeight: "22px", margin: "0 0 12px" };

export function NotificationHeading(props: { children: ReactNode }) {
  return (
    <Heading as="h1" style={{ fontSize: 22, margin: "8px 0 16px" }}>
      {props.children}
    </Heading>
  );
}

export function Paragraph(props: { children: ReactNode; strong?: boolean; testId?: string }) {
  return (
    <Text style={props.strong ? { ...paragraph, fontWeight: 700 } : paragraph} data-testid={props.testId}>
      {props.children}
    </Text>
  );
}

/** A fact for the list: [label, value]; null or an empty value leaves the row out. */
export type Fact = readonly [label: string, value: string | null] | null;

/** Label and value side by side; dataTable keeps them as aligned columns in the plain text. */
export function Facts(props: { facts: Fact[] }) {
  const rows = props.facts.filter((fact): fact is readonly [string, string] => fact !== null && fact[1] !== null && fact[1] !== "");
  if (rows.length === 0) return null;
  return (
    <table
      data-text-format="dataTable"
      cellPadding={0}
      cellSpacing={0}
      style={{ width: "100%", borderCollapse: "collapse", fontSize: 15, margin: "4px 0 16px" }}
    >
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <td style={{ ...factCell, color: "#6b7280", whiteSpace: "nowrap", width: "1%", paddingRight: 16 }}>{label}</td>
            <td style={{ ...factCell, fontWeight: 600 }}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const factCell: CSSProperties = { padding: "6px 0", borderBottom: "1px solid #eceef1", verticalAlign: "top", lineHeight: "20px" };

/**
 * The button in the tenant's colour. The link under it, for mail clients that
 * break buttons, is left out of the plain text, where the button already
 * reads "label URL".
 */
export function CallToAction(props: { href: string; label: string; accentColor: string; t: Translate }) {
  return (
    <>
      <Button
        href={props.href}
        style={{ backgroundColor: props.accentColor, color: "#ffffff", padding: "12px 20px", borderRadius: 6, fontSize: 15, fontWeight: 600 }}
      >
        {props.label}
      </Button>
      <Text style={{ fontSize: 13, lineHeight: "18px", color: "#6b7280", margin: "12px 0 0", wordBreak: "break-all" }} data-skip-in-text="true">
        {props.t("email.notify.linkFallback")}{" "}
        <Link href={props.href} style={{ color: props.accentColor }}>
          {props.href}
        </Link>
      </Text>
    </>
  );
}

/** "Met vriendelijke groet, <tenant>": who the mail is from. */
export function SignOff(props: { tenantName: string; t: Translate }) {
  return (
    <Text style={{ ...paragraph, marginTop: 24 }}>
      {props.t("email.notify.signOff")}
      <br />
      {props.tenantName}
    </Text>
  );
}

/** Why this mail came, and that the tenant's administrator sets which ones come (F-6). */
export function NotificationFooter(props: { reason: string; tenantName: string; t: Translate }) {
  const style: CSSProperties = { fontSize: 13, lineHeight: "18px", color: "#6b7280", margin: "0 0 8px" };
  return (
    <>
      <Text style={{ ...style, marginTop: 24, borderTop: "1px solid #eceef1", paddingTop: 16 }}>{props.reason}</Text>
      <Text style={style}>{props.t("email.notify.settings", { tenant: props.tenantName })}</Text>
    </>
  );
}
