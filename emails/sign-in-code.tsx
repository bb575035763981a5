import { Button, Heading, Text } from "@react-email/components";
import type { Language } from "../app/i18n";
import { DEFAULT_BRANDING, EmailLayout, emailTexts, type Branding } from "./layout";

export type SignInCodeEmailProps = {
  language: Language;
  code: string;
  minutes: number;
  expiresAt: Date;
  codePageUrl: string;
  branding?: Branding;
};

/** Shows the code large, when it expires, and a link that only pre-fills the address. */
export function SignInCodeEmail(props: SignInCodeEmailProps) {
  const { intl, t } = emailTexts(props.language);
  const branding = props.branding ?? DEFAULT_BRANDING;
  const expiresAt = intl.formatTime(props.expiresAt, { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });
  return (
    <EmailLayout language={props.language} preview={t("email.signInCode.preview")} branding={branding}>
      <Heading as="h1" style={{ fontSize: 22, margin: "8px 0 16px" }}>{t("email.signInCode.heading")}</Heading>
      <Text
        style={{ fontSize: 34, fontWeight: 700, letterSpacing: 6, fontFamily: "Menlo, Consolas, monospace", margin: "8px 0" }}
        data-testid="code"
      >
        {formatCode(props.code)}
      </Text>
      <Text style={{ fontSize: 15, lineHeight: "22px" }}>
        {t("email.signInCode.body", { minutes: props.minutes, expiresAt })}
      </Text>
      <Button
        href={props.codePageUrl}
        style={{ backgroundColor: branding.accentColor, color: "#ffffff", padding: "12px 20px", borderRadius: 6, fontSize: 15 }}
      >
        {t("email.signInCode.link")}
      </Button>
      <Text style={{ fontSize: 13, color: "#6b7280", marginTop: 24 }}>{t("email.signInCode.ignore")}</Text>
    </EmailLayout>
  );
}

/** 12345678 → "1234 5678": easier to read and type. */
export function formatCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

SignInCodeEmail.PreviewProps = {
  language: "nl",
  code: "48213907",
  minutes: 10,
  expiresAt: new Date("2026-11-22T10:10:00Z"),
  codePageUrl: "http://localhost:3000/login/code?email=anna%40acme.example",
} satisfies SignInCodeEmailProps;

export default SignInCodeEmail;
