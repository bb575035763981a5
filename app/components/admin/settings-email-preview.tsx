import { BlockStack, Box, Button, ButtonGroup, InlineStack, Spinner, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { Language } from "~/i18n";
import { useT } from "~/i18n/use-t";

/** What the preview shows, as typed: the server leaves out what is not valid yet. */
export type InvitationDraftValues = {
  invitationText: string;
  senderName: string;
  logoUrl: string;
  accentColor: string;
};

const PREVIEW_URL = "/admin/settings/email-preview";
const TYPING_PAUSE_MS = 400;

/**
 * The invitation e-mail as a contact would receive it, rendered by the server
 * from the form's unsaved values once typing pauses. It is shown in a frame
 * without any permission (sandbox=""): no scripts, no navigation, no forms.
 */
export function SettingsEmailPreview(props: {
  language: Language;
  onLanguageChange: (language: Language) => void;
  draft: InvitationDraftValues;
}) {
  const t = useT();
  const [html, setHtml] = useState<string | null>(null);
  const [state, setState] = useState<"loading" | "shown" | "failed">("loading");
  const { language } = props;
  const { invitationText, senderName, logoUrl, accentColor } = props.draft;

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState("loading");
      const body = new URLSearchParams({ language, invitationText, senderName, logoUrl, accentColor });
      // manual: a signed-out admin gets a redirect, which must not end up in the frame.
      fetch(PREVIEW_URL, { method: "POST", body, signal: controller.signal, redirect: "manual" })
        .then(async (response) => {
          if (!response.ok) throw new Error(`preview answered ${response.status}`);
          setHtml(await response.text());
          setState("shown");
        })
        .catch(() => {
          // An aborted request was replaced by a newer one; anything else keeps the last preview.
          if (!controller.signal.aborted) setState("failed");
        });
    }, TYPING_PAUSE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [language, invitationText, senderName, logoUrl, accentColor]);

  return (
    <BlockStack gap="300">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <ButtonGroup variant="segmented">
          {(["nl", "en"] as const).map((option) => (
            <Button key={option} pressed={language === option} onClick={() => props.onLanguageChange(option)}>
              {t(option === "nl" ? "admin.settings.language.nl" : "admin.settings.language.en")}
            </Button>
          ))}
        </ButtonGroup>
        {state === "loading" ? <Spinner size="small" accessibilityLabel={t("admin.settings.preview.loading")} /> : null}
      </InlineStack>
      {state === "failed" ? <Text as="p" tone="critical">{t("admin.settings.preview.failed")}</Text> : null}
      <Box borderWidth="025" borderColor="border" borderRadius="200" overflowX="hidden" overflowY="hidden">
        {html === null ? (
          <Box minHeight="480px" />
        ) : (
          <iframe
            title={t("admin.settings.preview.frameTitle")}
            sandbox=""
            srcDoc={html}
            style={{ display: "block", width: "100%", height: 480, border: 0, background: "#f4f5f7" }}
          />
        )}
      </Box>
    </BlockStack>
  );
}
