import { Button, Heading, Text } from "@react-email/components";
import type { Language } from "../app/i18n";
import { DEFAULT_BRANDING, EmailLayout, emailTexts, type Branding } from "./layout";

export type InvitationEmailProps = {
  language: Language;
  portalName: string;
  tenantName: string;
  invitationText: string | null;
  invitationUrl: string;
  expiresAt: Date;
  branding?: Branding;
};

/** An invitation to a portal (F-13). The link only opens the sign-in page; a code does the rest. */
export function InvitationEmail(props: InvitationEmailProps) {
  const { intl, t } = emailTexts(props.language);
  const branding = props.branding ?? { ...DEFAULT_BRANDING, senderName: props.tenantName };
  const expiresOn = intl.formatDate(props.expiresAt, { dateStyle: "long", timeZone: "Europe/Amsterdam" });
  return (
    <EmailLayout language={props.language} preview={t("email.invitation.preview", { tenant: props.tenantName })} branding={branding}>
      <Heading as="h1" style={{ fontSize: 22, margin: "8px 0 16px" }}>
        {t("email.invitation.heading", { portal: props.portalName })}
      </Heading>
      {props.invitationText ? <Text style={{ fontSize: 15, lineHeight: "22px", whiteSpace: "pre-line" }}>{props.invitationText}</Text> : null}
      <Text style={{ fontSize: 15, lineHeight: "22px" }}>{t("email.invitation.body", { tenant: props.tenantName })}</Text>
      <Button
        href={props.invitationUrl}
        style={{ backgroundColor: branding.accentColor, color: "#ffffff", padding: "12px 20px", borderRadius: 6, fontSize: 15 }}
      >
        {t("email.invitation.button")}
      </Button>
      <Text style={{ fontSize: 13, color: "#6b7280", marginTop: 24 }}>{t("email.invitation.expires", { date: expiresOn })}</Text>
    </EmailLayout>
  );
}

InvitationEmail.PreviewProps = {
  language: "nl",
  portalName: "Acme – Website en app",
  tenantName: "Studio Noord",
  invitationText: "Via ons klantportaal zie je de voortgang van je projecten en keur je uren goed.",
  invitationUrl: "http://localhost:3000/invite/example-token",
  expiresAt: new Date("2026-12-06T10:00:00Z"),
} satisfies InvitationEmailProps;

export default InvitationEmail;
