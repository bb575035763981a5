import { Heading, Text } from "@react-email/components";
import type { CSSProperties } from "react";
import type { IntlShape } from "react-intl";
import type { Language, MessageId } from "../app/i18n";
import { DEFAULT_BRANDING, EmailLayout, emailTexts, type Branding } from "./layout";

export type RegistrationDecision = "approved" | "rejected" | "changes_requested";

export type DecidedRegistration = {
  /** yyyy-MM-dd: a calendar day, not an instant */
  workDate: string;
  projectName: string;
  taskName: string | null;
  kind: "hours" | "expense" | "mileage";
  hours: string | null;
  amount: string | null;
  currency: string;
  distanceKm: string | null;
};

export type RegistrationDecisionEmailProps = {
  language: Language;
  employeeName: string;
  decision: RegistrationDecision;
  /** true when the external approval hands the registrations on to internal approval (workflow external → internal), so "approved" is not final yet */
  handedToInternalApproval: boolean;
  decidedAt: Date;
  /** the customer contact who decided */
  memberName: string;
  signerName: string | null;
  customerName: string;
  portalName: string;
  tenantName: string;
  comment: string | null;
  /** purchase-order number (F-34), only with approvals */
  reference: string | null;
  registrations: DecidedRegistration[];
  /** may exceed registrations.length: the mail lists at most the first MAX_LISTED_REGISTRATIONS and says "and N more" */
  totalCount: number;
  branding?: Branding;
};

/** A decision can cover hundreds of registrations; past this the mail would be too long to read anyway. */
export const MAX_LISTED_REGISTRATIONS = 50;

const TIME_ZONE = "Europe/Amsterdam";

// The message ids spell the decision in camelCase: email.decision.<part>.changesRequested.
const DECISION_KEYS = { approved: "approved", rejected: "rejected", changes_requested: "changesRequested" } as const;

function messageId(part: "subject" | "heading" | "summary" | "next", decision: RegistrationDecision): MessageId {
  return `email.decision.${part}.${DECISION_KEYS[decision]}`;
}

/** The subject line, counting every registration of the decision, not only the listed ones. */
export function registrationDecisionSubject(
  props: Pick<RegistrationDecisionEmailProps, "language" | "decision" | "customerName" | "totalCount">,
): string {
  const { t } = emailTexts(props.language);
  return t(messageId("subject", props.decision), { customer: props.customerName, count: props.totalCount });
}

/** Tells the employee who booked the registrations what the customer decided and what to do next (F-18). */
export function RegistrationDecisionEmail(props: RegistrationDecisionEmailProps) {
  const { intl, t } = emailTexts(props.language);
  const branding = props.branding ?? { ...DEFAULT_BRANDING, senderName: props.tenantName };
  const count = props.totalCount;
  const decidedAt = intl.formatDate(props.decidedAt, { dateStyle: "long", timeStyle: "short", timeZone: TIME_ZONE });
  const summary = t(messageId("summary", props.decision), {
    member: props.memberName,
    customer: props.customerName,
    portal: props.portalName,
    decidedAt,
    count,
  });
  const listed = props.registrations.slice(0, MAX_LISTED_REGISTRATIONS);
  const notListedCount = Math.max(0, props.totalCount - listed.length);

  return (
    <EmailLayout language={props.language} preview={summary} branding={branding}>
      <Heading as="h1" style={{ fontSize: 22, margin: "8px 0 16px" }}>
        {t(messageId("heading", props.decision), { count })}
      </Heading>
      <Text style={paragraph}>{t("email.decision.greeting", { name: props.employeeName })}</Text>
      <Text style={paragraph}>{summary}</Text>
      {props.signerName ? <Text style={paragraph}>{t("email.decision.signedBy", { signer: props.signerName })}</Text> : null}
      {props.reference ? (
        <Text style={paragraph} data-testid="reference">
          {t("email.decision.reference", { reference: props.reference })}
        </Text>
      ) : null}
      {props.comment ? (
        <Comment
          label={t("email.decision.commentLabel", { member: props.memberName })}
          comment={props.comment}
          accentColor={branding.accentColor}
        />
      ) : null}
      <Text style={{ ...paragraph, fontWeight: 700 }}>{nextStep(props, t)}</Text>

      <Heading as="h2" style={{ fontSize: 17, margin: "24px 0 8px" }}>
        {t("email.decision.listHeading", { count })}
      </Heading>
      {/* dataTable keeps the rows as aligned columns in the plain-text version instead of one cell per line. */}
      <table data-text-format="dataTable" cellPadding={0} cellSpacing={0} style={{ width: "100%", borderCollapse: "collapse", fontSize: 14 }}>
        <thead>
          <tr>
            <th style={headerCell}>{t("email.decision.column.date")}</th>
            <th style={headerCell}>{t("email.decision.column.project")}</th>
            <th style={headerCell}>{t("email.decision.column.task")}</th>
            <th style={{ ...headerCell, textAlign: "right" }}>{t("email.decision.column.quantity")}</th>
          </tr>
        </thead>
        <tbody>
          {listed.map((registration, index) => (
            <tr key={index}>
              <td style={{ ...cell, whiteSpace: "nowrap" }}>{formatWorkDate(intl, registration.workDate)}</td>
              <td style={cell}>{registration.projectName}</td>
              <td style={cell}>{registration.taskName ?? ""}</td>
              <td style={{ ...cell, textAlign: "right", whiteSpace: "nowrap" }}>{formatQuantity(intl, t, registration)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {notListedCount > 0 ? (
        <Text style={{ ...paragraph, marginTop: 8 }} data-testid="more">
          {t("email.decision.more", { count: notListedCount })}
        </Text>
      ) : null}

      <Text style={{ fontSize: 13, color: "#6b7280", marginTop: 24 }}>
        {t("email.decision.footer", { count, customer: props.customerName })}
      </Text>
    </EmailLayout>
  );
}

/** The customer's own words matter most to the employee, so they stand out, line breaks kept. */
function Comment(props: { label: string; comment: string; accentColor: string }) {
  const lines = props.comment.trim().split(/\r?\n/);
  return (
    <>
      <Text style={{ ...paragraph, marginBottom: 4 }}>{props.label}</Text>
      <blockquote
        data-testid="comment"
        style={{
          margin: "0 0 16px",
          padding: "8px 16px",
          borderLeft: `4px solid ${props.accentColor}`,
          backgroundColor: "#f4f5f7",
          fontSize: 15,
          lineHeight: "22px",
          fontStyle: "italic",
        }}
      >
        {lines.map((line, index) => (
          <span key={index}>
            {index > 0 ? <br /> : null}
            {line}
          </span>
        ))}
      </blockquote>
    </>
  );
}

type Translate = ReturnType<typeof emailTexts>["t"];

function nextStep(props: RegistrationDecisionEmailProps, t: Translate): string {
  const values = { count: props.totalCount, member: props.memberName, customer: props.customerName, tenant: props.tenantName };
  // Only an approval can be handed on; a rejection or a change request goes back to the employee whatever the workflow.
  if (props.decision === "approved" && props.handedToInternalApproval) return t("email.decision.next.internalApproval", values);
  return t(messageId("next", props.decision), values);
}

/** A work date is a calendar day: formatting it in UTC keeps it from shifting a day in any time zone. */
function formatWorkDate(intl: IntlShape, workDate: string): string {
  return intl.formatDate(new Date(`${workDate}T00:00:00Z`), { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** The same precision as the portal's registration pages, so that the employee recognises the numbers. */
function formatQuantity(intl: IntlShape, t: Translate, registration: DecidedRegistration): string {
  switch (registration.kind) {
    case "hours":
      return registration.hours === null
        ? ""
        : t("email.decision.hours", { hours: intl.formatNumber(Number(registration.hours), { minimumFractionDigits: 2, maximumFractionDigits: 2 }) });
    case "expense":
      return registration.amount === null ? "" : intl.formatNumber(Number(registration.amount), { style: "currency", currency: registration.currency });
    case "mileage":
      return registration.distanceKm === null
        ? ""
        : t("email.decision.distance", { distance: intl.formatNumber(Number(registration.distanceKm), { maximumFractionDigits: 1 }) });
  }
}

const paragraph: CSSProperties = { fontSize: 15, lineHeight: "22px", margin: "0 0 12px" };
const headerCell: CSSProperties = { textAlign: "left", padding: "6px 8px 6px 0", borderBottom: "1px solid #d1d5db", fontSize: 13, color: "#6b7280" };
const cell: CSSProperties = { padding: "6px 8px 6px 0", borderBottom: "1px solid #eceef1", verticalAlign: "top" };

RegistrationDecisionEmail.PreviewProps = {
  language: "nl",
  employeeName: "Sanne Bakker",
  decision: "changes_requested",
  handedToInternalApproval: false,
  decidedAt: new Date("2026-11-23T14:05:00Z"),
  memberName: "Anna de Vries",
  signerName: "A. de Vries",
  customerName: "Acme",
  portalName: "Acme – Website en app",
  tenantName: "Studio Noord",
  comment: "De uren op 17 november horen bij het app-project, niet bij de website.\nWil je die verplaatsen?",
  reference: null,
  registrations: [
    { workDate: "2026-11-16", projectName: "Website", taskName: "Ontwerp", kind: "hours", hours: "7.50", amount: null, currency: "EUR", distanceKm: null },
    { workDate: "2026-11-17", projectName: "Website", taskName: "Development", kind: "hours", hours: "6.00", amount: null, currency: "EUR", distanceKm: null },
    { workDate: "2026-11-17", projectName: "Website", taskName: null, kind: "expense", hours: null, amount: "12.40", currency: "EUR", distanceKm: null },
    { workDate: "2026-11-18", projectName: "App", taskName: "Workshop", kind: "mileage", hours: null, amount: null, currency: "EUR", distanceKm: "42.5" },
  ],
  totalCount: 4,
} satisfies RegistrationDecisionEmailProps;

export default RegistrationDecisionEmail;
