import type { Language } from "../app/i18n";
import { ApprovalDeadline, ApprovalFacts, type ApprovalTotals } from "./approval-request";
import { EmailLayout, emailTexts, type Branding } from "./layout";
import { CallToAction, NotificationFooter, NotificationHeading, notificationBranding, Paragraph, SignOff } from "./notification-parts";

export type ApprovalReminderEmailProps = ApprovalTotals & {
  language: Language;
  branding?: Branding;
  tenantName: string;
  customerName: string;
  portalName: string;
  /** the customer contact it is sent to */
  memberName: string;
  /** registrations of the submission still waiting for a decision; the totals count only these */
  waitingCount: number;
  /** a reminder comes only before a deadline (F-35) */
  deadline: Date;
  autoApproveAtDeadline: boolean;
  /** absolute URL straight to the waiting registrations */
  link: string;
};

export function approvalReminderSubject(
  props: Pick<ApprovalReminderEmailProps, "language" | "projectName" | "waitingCount">,
): string {
  const { t } = emailTexts(props.language);
  return t("email.approvalReminder.subject", { project: props.projectName, count: props.waitingCount });
}

/** Registrations of a submission still wait for the customer, and the deadline nears (F-35). */
export function ApprovalReminderEmail(props: ApprovalReminderEmailProps) {
  const { intl, t } = emailTexts(props.language);
  const branding = notificationBranding(props.branding, props.tenantName);
  const count = props.waitingCount;
  const summary = t("email.approvalReminder.summary", {
    tenant: props.tenantName,
    customer: props.customerName,
    portal: props.portalName,
    project: props.projectName,
    count,
  });
  return (
    <EmailLayout language={props.language} preview={summary} branding={branding}>
      <NotificationHeading>{t("email.approvalReminder.heading")}</NotificationHeading>
      <Paragraph>{t("email.notify.greeting", { name: props.memberName })}</Paragraph>
      <Paragraph>{summary}</Paragraph>
      <ApprovalDeadline intl={intl} t={t} deadline={props.deadline} autoApprove={props.autoApproveAtDeadline} count={count} />
      <ApprovalFacts {...props} />
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

ApprovalReminderEmail.PreviewProps = {
  language: "nl",
  tenantName: "Studio Noord",
  customerName: "Acme B.V.",
  portalName: "Acme – Website en app",
  projectName: "Website",
  memberName: "Anna de Vries",
  waitingCount: 3,
  totalHours: "12.50",
  amounts: [],
  totalKm: null,
  firstWorkDate: "2026-11-18",
  lastWorkDate: "2026-11-19",
  employees: ["Sanne Bakker"],
  deadline: new Date("2026-12-06T16:00:00Z"),
  autoApproveAtDeadline: false,
  link: "https://portaal.example/portals/acme-website/projects/website?submission=example",
} satisfies ApprovalReminderEmailProps;

export default ApprovalReminderEmail;
