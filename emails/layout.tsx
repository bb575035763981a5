import { Body, Container, Head, Html, Img, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import { intlFor, type Language, type MessageId } from "../app/i18n";

export type Branding = { senderName: string; accentColor: string; logoUrl: string | null };

/** The texts of an e-mail in its language: `intl` for dates and numbers, `t` for messages. */
export function emailTexts(language: Language) {
  const intl = intlFor(language);
  const t = (id: MessageId, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
  return { intl, t };
}

export const DEFAULT_BRANDING: Branding = { senderName: "Portaal", accentColor: "#1f5199", logoUrl: null };

/** A tenant's e-mail branding, with the defaults for what it left empty. */
export function tenantBranding(tenant: { tenantName: string; senderName: string | null; logoUrl: string | null; accentColor: string | null }): Branding {
  return {
    senderName: tenant.senderName ?? tenant.tenantName,
    accentColor: tenant.accentColor ?? DEFAULT_BRANDING.accentColor,
    logoUrl: tenant.logoUrl,
  };
}

/** The frame every Portaal e-mail shares: the tenant's logo and colour. */
export function EmailLayout(props: { language: string; preview: string; branding: Branding; children: ReactNode }) {
  const { branding } = props;
  return (
    <Html lang={props.language}>
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={{ backgroundColor: "#f4f5f7", fontFamily: "Helvetica, Arial, sans-serif", margin: 0 }}>
        <Container style={{ maxWidth: 560, margin: "24px auto", backgroundColor: "#ffffff", borderRadius: 8 }}>
          <Section style={{ borderTop: `4px solid ${branding.accentColor}`, padding: "24px 32px 8px" }}>
            {branding.logoUrl ? (
              <Img src={branding.logoUrl} alt={branding.senderName} height={32} />
            ) : (
              <Text style={{ fontSize: 18, fontWeight: 700, margin: 0, color: branding.accentColor }}>{branding.senderName}</Text>
            )}
          </Section>
          <Section style={{ padding: "8px 32px 24px" }}>{props.children}</Section>
        </Container>
      </Body>
    </Html>
  );
}
