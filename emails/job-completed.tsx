import type { Language } from "../app/i18n";
import { EmailLayout, emailTexts, type Branding } from "./layout";
import {
  CallToAction,
  Facts,
  formatCalendarDay,
  NotificationFooter,
  NotificationHeading,
  notificationBranding,
  Paragraph,
  SignOff,
} from "./notification-parts";

export type JobCompletedEmailProps = {
  language: Language;
  branding?: Branding;
  tenantName: string;
  customerName: string;
  /** the customer contact it is sent to */
  memberName: string;
  title: string;
  /** yyyy-MM-dd */
  completedOn: string | null;
  siteName: string | null;
  /** absolute URL of the job in the portal */
  link: string;
};

export function jobCompletedSubject(props: Pick<JobCompletedEmailProps, "language" | "title">): string {
  const { t } = emailTexts(props.language);
  return t("email.jobCompleted.subject", { title: props.title });
}

/** A job for the customer was completed (F-6). */
export function JobCompletedEmail(props: JobCompletedEmailProps) {
  const { intl, t } = emailTexts(props.language);
  const branding = notificationBranding(props.branding, props.tenantName);
  const summary = t("email.jobCompleted.summary", { tenant: props.tenantName, customer: props.customerName, title: props.title });
  return (
    <EmailLayout language={props.language} preview={summary} branding={branding}>
      <NotificationHeading>{t("email.jobCompleted.heading")}</NotificationHeading>
      <Paragraph>{t("email.notify.greeting", { name: props.memberName })}</Paragraph>
      <Paragraph>{summary}</Paragraph>
      <Facts
        facts={[
          [t("email.jobCompleted.label.title"), props.title],
          [t("email.jobCompleted.label.completedOn"), props.completedOn === null ? null : formatCalendarDay(intl, props.completedOn)],
          [t("email.jobCompleted.label.site"), props.siteName],
        ]}
      />
      <CallToAction href={props.link} label={t("email.jobCompleted.button")} accentColor={branding.accentColor} t={t} />
      <SignOff tenantName={props.tenantName} t={t} />
      <NotificationFooter
        reason={t("email.jobCompleted.footer", { customer: props.customerName, tenant: props.tenantName })}
        tenantName={props.tenantName}
        t={t}
      />
    </EmailLayout>
  );
}

JobCompletedEmail.PreviewProps = {
  language: "nl",
  tenantName: "Studio Noord",
  customerName: "Acme B.V.",
  memberName: "Anna de Vries",
  title: "Netwerk vestiging Zwolle vervangen",
  completedOn: "2026-11-27",
  siteName: "Acme Zwolle, Stationsweg 12",
  link: "https://portaal.example/portals/acme-website/jobs/netwerk-zwolle",
} satisfies JobCompletedEmailProps;

export default JobCompletedEmail;
