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

export type NewInvoiceEmailProps = {
  language: Language;
  branding?: Branding;
  tenantName: string;
  customerName: string;
  /** the customer contact it is sent to */
  memberName: string;
  number: string;
  subject: string | null;
  /** decimal string, e.g. "2179.51" */
  totalInclVat: string;
  currency: string;
  /** yyyy-MM-dd */
  issuedOn: string | null;
  /** yyyy-MM-dd */
  dueOn: string | null;
  /** absolute URL of the invoice in the portal */
  link: string;
};

export function newInvoiceSubject(props: Pick<NewInvoiceEmailProps, "language" | "tenantName" | "number">): string {
  const { t } = emailTexts(props.language);
  return t("email.newInvoice.subject", { number: props.number, tenant: props.tenantName });
}

/** An invoice for the customer became open (F-6, F-27). */
export function NewInvoiceEmail(props: NewInvoiceEmailProps) {
  const { intl, t } = emailTexts(props.language);
  const branding = notificationBranding(props.branding, props.tenantName);
  const summary = t("email.newInvoice.summary", { tenant: props.tenantName, customer: props.customerName });
  const dueOn = props.dueOn === null ? null : formatCalendarDay(intl, props.dueOn);
  return (
    <EmailLayout language={props.language} preview={summary} branding={branding}>
      <NotificationHeading>{t("email.newInvoice.heading", { number: props.number })}</NotificationHeading>
      <Paragraph>{t("email.notify.greeting", { name: props.memberName })}</Paragraph>
      <Paragraph>{summary}</Paragraph>
      <Facts
        facts={[
          [t("email.newInvoice.label.number"), props.number],
          [t("email.notify.label.subject"), props.subject],
          [t("email.newInvoice.label.total"), formatMoney(intl, props.totalInclVat, props.currency)],
          [t("email.newInvoice.label.issuedOn"), props.issuedOn === null ? null : formatCalendarDay(intl, props.issuedOn)],
          [t("email.newInvoice.label.dueOn"), dueOn],
        ]}
      />
      {dueOn === null ? null : <Paragraph strong>{t("email.newInvoice.due", { date: dueOn })}</Paragraph>}
      <CallToAction href={props.link} label={t("email.newInvoice.button")} accentColor={branding.accentColor} t={t} />
      <SignOff tenantName={props.tenantName} t={t} />
      <NotificationFooter
        reason={t("email.newInvoice.footer", { customer: props.customerName, tenant: props.tenantName })}
        tenantName={props.tenantName}
        t={t}
      />
    </EmailLayout>
  );
}

NewInvoiceEmail.PreviewProps = {
  language: "nl",
  tenantName: "Studio Noord",
  customerName: "Acme B.V.",
  memberName: "Anna de Vries",
  number: "F2026-0117",
  subject: "Website, november 2026",
  totalInclVat: "2179.51",
  currency: "EUR",
  issuedOn: "2026-12-01",
  dueOn: "2026-12-31",
  link: "https://portaal.example/portals/acme-website/invoices/f2026-0117",
} satisfies NewInvoiceEmailProps;

export default NewInvoiceEmail;
