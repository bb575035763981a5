import type { Language } from "../app/i18n";
import { EmailLayout, emailTexts, type Branding } from "./layout";
import { CallToAction, Facts, NotificationFooter, NotificationHeading, notificationBranding, Paragraph, SignOff } from "./notification-parts";

export type DocumentSharedEmailProps = {
  language: Language;
  branding?: Branding;
  tenantName: string;
  customerName: string;
  /** the customer contact it is sent to */
  memberName: string;
  title: string;
  fileName: string;
  projectName: string | null;
  /** absolute URL of the document in the portal */
  link: string;
};

export function documentSharedSubject(props: Pick<DocumentSharedEmailProps, "language" | "tenantName" | "title">): string {
  const { t } = emailTexts(props.language);
  return t("email.documentShared.subject", { tenant: props.tenantName, title: props.title });
}

/** The tenant shared a document with the customer in the portal (F-6). */
export function DocumentSharedEmail(props: DocumentSharedEmailProps) {
  const { t } = emailTexts(props.language);
  const branding = notificationBranding(props.branding, props.tenantName);
  const summary = t("email.documentShared.summary", { tenant: props.tenantName, customer: props.customerName });
  return (
    <EmailLayout language={props.language} preview={summary} branding={branding}>
      <NotificationHeading>{t("email.documentShared.heading")}</NotificationHeading>
      <Paragraph>{t("email.notify.greeting", { name: props.memberName })}</Paragraph>
      <Paragraph>{summary}</Paragraph>
      <Facts
        facts={[
          [t("email.documentShared.label.title"), props.title],
          [t("email.documentShared.label.file"), props.fileName],
          [t("email.documentShared.label.project"), props.projectName],
        ]}
      />
      <CallToAction href={props.link} label={t("email.documentShared.button")} accentColor={branding.accentColor} t={t} />
      <SignOff tenantName={props.tenantName} t={t} />
      <NotificationFooter
        reason={t("email.documentShared.footer", { customer: props.customerName, tenant: props.tenantName })}
        tenantName={props.tenantName}
        t={t}
      />
    </EmailLayout>
  );
}

DocumentSharedEmail.PreviewProps = {
  language: "nl",
  tenantName: "Studio Noord",
  customerName: "Acme B.V.",
  memberName: "Anna de Vries",
  title: "Functioneel ontwerp webshop",
  fileName: "functioneel-ontwerp-webshop-v2.pdf",
  projectName: "Website",
  link: "https://portaal.example/portals/acme-website/documents/functioneel-ontwerp",
} satisfies DocumentSharedEmailProps;

export default DocumentSharedEmail;
