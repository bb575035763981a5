import type { Language } from "../app/i18n";
import { EmailLayout, emailTexts, type Branding } from "./layout";
import {
  CallToAction,
  Facts,
  formatCalendarDay,
  formatMoney,
  NotificationFooter,
  NotificationHeading,
  notificationBranding,
  Paragraph,
  SignOff,
} from "./notification-parts";

export type NewQuoteEmailProps = {
  language: Language;
  branding?: Branding;
  tenantName: string;
  customerName: string;
  /** the customer contact it is sent to */
  memberName: string;
  number: string;
  subject: string | null;
  /** decimal string, e.g. "1801.25" */
  totalExclVat: string;
  currency: string;
  /** yyyy-MM-dd */
  validUntil: string | null;
  /** absolute URL of the quote in the portal */
  link: string;
};

export function newQuoteSubject(props: Pick<NewQuoteEmailProps, "language" | "tenantName" | "number">): string {
  const { t } = emailTexts(props.language);
  return t("email.newQuote.subject", { number: props.number, tenant: props.tenantName });
}

/** A quote for the customer became open (F-6, F-27). */
export function NewQuoteEmail(props: NewQuoteEmailProps) {
  const { intl, t } = emailTexts(props.language);
  const branding = notificationBranding(props.branding, props.tenantName);
  const summary = t("email.newQuote.summary", { tenant: props.tenantName, customer: props.customerName });
  return (
    <EmailLayout language={props.language} preview={summary} branding={branding}>
      <NotificationHeading>{t("email.newQuote.heading", { number: props.number })}</NotificationHeading>
      <Paragraph>{t("email.notify.greeting", { name: props.memberName })}</Paragraph>
      <Paragraph>{summary}</Paragraph>
      <Facts
        facts={[
          [t("email.newQuote.label.number"), props.number],
          [t("email.notify.label.subject"), props.subject],
          [t("email.newQuote.label.total"), formatMoney(intl, props.totalExclVat, props.currency)],
          [t("email.newQuote.label.validUntil"), props.validUntil === null ? null : formatCalendarDay(intl, props.validUntil)],
        ]}
      />
      <CallToAction href={props.link} label={t("email.newQuote.button")} accentColor={branding.accentColor} t={t} />
      <SignOff tenantName={props.tenantName} t={t} />
      <NotificationFooter
        reason={t("email.newQuote.footer", { customer: props.customerName, tenant: props.tenantName })}
        tenantName={props.tenantName}
        t={t}
      />
    </EmailLayout>
  );
}

NewQuoteEmail.PreviewProps = {
  language: "nl",
  tenantName: "Studio Noord",
  customerName: "Acme B.V.",
  memberName: "Anna de Vries",
  number: "OFF-2026-0042",
  subject: "Onderhoud website 2027",
  totalExclVat: "1801.25",
  currency: "EUR",
  validUntil: "2026-12-06",
  link: "https://portaal.example/portals/acme-website/quotes/off-2026-0042",
} satisfies NewQuoteEmailProps;

export default NewQuoteEmail;
