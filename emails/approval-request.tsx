import type { IntlShape } from "react-intl";
import type { Language } from "../app/i18n";
import { EmailLayout, emailTexts, type Branding } from "./layout";
import {
  CallToAction,
  Facts,
  formatHours,
  formatInstant,
  formatKm,
  formatMoney,
  formatNames,
  formatPeriod,
  NotificationFooter,
  NotificationHeading,
  notificationBranding,
  Paragraph,
  SignOff,
  type Fact,
} from "./notification-parts";

/** The totals of registrations waiting for a customer's decision, as the approval e-mails show them. */
export type ApprovalTotals = {
  projectName: string;
  /** decimal string, e.g. "12.50"; null when there are no hours among them */
  totalHours: string | null;
  /** expense totals per currency; empty when there are no expenses */
  amounts: Array<{ currency: string; amount: string }>;
  /** decimal string; null when there is no mileage among them */
  totalKm: string | null;
  /** yyyy-MM-dd: calendar days, not instants */
  firstWorkDate: string;
  lastWorkDate: string;
  /** who booked them; the mail names the first five and counts the rest */
  employees: string[];
};

export type ApprovalRequestEmailProps = ApprovalTotals & {
  language: Language;
  branding?: Branding;
  tenantName: string;
  customerName: string;
  portalName: string;
  /** the customer contact it is sent to */
  memberName: string;
  registrationCount: number;
  /** decide before this instant (F-35); null when the tenant sets no deadline */
  deadline: Date | null;
  /** the tenant approves what is still undecided at the deadline */
  autoApproveAtDeadline: boolean;
  /** absolute URL straight to the submitted registrations */
  link: string;
};

export function approvalRequestSubject(
  props: Pick<ApprovalRequestEmailProps, "language" | "tenantName" | "projectName" | "registrationCount">,
): string {
  const { t } = emailTexts(props.language);
  return t("email.approvalRequest.subject", { tenant: props.tenantName, project: props.projectName, count: props.registrationCount });
}

/** One e-mail per submission: hours, expenses and mileage that wait for the customer's approval (F-35). */
export function ApprovalRequestEmail(props: ApprovalRequestEmailProps) {
  const { intl, t } = emailTexts(props.language);
  const branding = notificationBranding(props.branding, props.tenantName);
  const count = props.registrationCount;
  const summary = t("email.approvalRequest.summary", {
    tenant: props.tenantName,
    customer: props.customerName,
    portal: props.portalName,
    project: props.projectName,
    count,
  });
  return (
    <EmailLayout language={props.language} preview={summary} branding={branding}>
      <NotificationHeading>{t("email.approvalRequest.heading", { count })}</NotificationHeading>
      <Paragraph>{t("email.notify.greeting", { name: props.memberName })}</Paragraph>
      <Paragraph>{summary}</Paragraph>
      <ApprovalFacts {...props} />
      <ApprovalDeadline intl={intl} t={t} deadline={props.deadline} autoApprove={props.autoApproveAtDeadline} count={count} />
      <Paragraph>{t("email.approval.howTo", { count })}</Paragraph>
      <CallToAction href={props.link} label={t("email.approval.button", { count })} accentColor={branding.accentColor} t={t} />
      <SignOff tenantName={props.tenantName} t={t} />
      <NotificationFooter
        reason={t("email.approval.footer", { customer: props.customerName, portal: props.portalName, tenant: props.tenantName })}
        tenantName={props.tenantName}
        t={t}
      />
    </EmailLayout>
  );
}

type Translate = ReturnType<typeof emailTexts>["t"];

/** Project, period, totals and who booked them, shared with the reminder. */
export function ApprovalFacts(props: ApprovalTotals & { language: Language }) {
  const { intl, t } = emailTexts(props.language);
  const facts: Fact[] = [
    [t("email.approval.label.project"), props.projectName],
    [t("email.approval.label.period"), formatPeriod(intl, props.firstWorkDate, props.lastWorkDate)],
    props.totalHours === null
      ? null
      : [t("email.approval.label.hours"), t("email.approval.hours", { hours: formatHours(intl, props.totalHours) })],
    props.amounts.length === 0
      ? null
      : [
          t("email.approval.label.expenses"),
          intl.formatList(
            props.amounts.map((total) => formatMoney(intl, total.amount, total.currency)),
            { type: "conjunction" },
          ),
        ],
    props.totalKm === null ? null : [t("email.approval.label.mileage"), t("email.approval.distance", { distance: formatKm(intl, props.totalKm) })],
    props.employees.length === 0 ? null : [t("email.approval.label.employees"), formatNames(intl, t, props.employees)],
  ];
  return <Facts facts={facts} />;
}

/** "Please decide before …", and what happens then when the tenant approves automatically. */
export function ApprovalDeadline(props: { intl: IntlShape; t: Translate; deadline: Date | null; autoApprove: boolean; count: number }) {
  if (props.deadline === null) return null;
  return (
    <Paragraph strong testId="deadline">
      {props.t("email.approval.deadline", { deadline: formatInstant(props.intl, props.deadline) })}
      {props.autoApprove ? ` ${props.t("email.approval.autoApprove", { count: props.count })}` : null}
    </Paragraph>
  );
}

ApprovalRequestEmail.PreviewProps = {
  language: "nl",
  tenantName: "Studio Noord",
  customerName: "Acme B.V.",
  portalName: "Acme – Website en app",
  projectName: "Website",
  memberName: "Anna de Vries",
  registrationCount: 14,
  totalHours: "52.50",
  amounts: [{ currency: "EUR", amount: "1801.25" }],
  totalKm: "84.5",
  firstWorkDate: "2026-11-16",
  lastWorkDate: "2026-11-20",
  employees: ["Sanne Bakker", "Tom Jansen"],
  deadline: new Date("2026-12-06T16:00:00Z"),
  autoApproveAtDeadline: true,
  link: "https://portaal.example/portals/acme-website/projects/website?submission=example",
} satisfies ApprovalRequestEmailProps;

export default ApprovalRequestEmail;
