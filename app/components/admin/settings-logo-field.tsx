import { BlockStack, Box, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useT } from "~/i18n/use-t";
import { SETTINGS_LIMITS } from "~/shared/tenant-settings";

const LOOKS_COMPLETE = /^https:\/\/[^/\s]+\.[^/\s]+\/\S+$/;

/** The logo's https address, with the image itself below it once the address looks complete. */
export function SettingsLogoField(props: { value: string; onChange: (value: string) => void; tenantName: string; error?: string }) {
  const t = useT();
  // Loads the image once typing pauses, not for every half-typed address.
  const [url, setUrl] = useState(props.value.trim());
  useEffect(() => {
    const timer = setTimeout(() => setUrl(props.value.trim()), 400);
    return () => clearTimeout(timer);
  }, [props.value]);
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  return (
    <BlockStack gap="200">
      <TextField
        label={t("admin.settings.branding.logoUrl")}
        name="logoUrl"
        type="url"
        value={props.value}
        onChange={props.onChange}
        autoComplete="off"
        placeholder="https://"
        maxLength={SETTINGS_LIMITS.logoUrl}
        helpText={t("admin.settings.branding.logoUrlHelp")}
        error={props.error}
      />
      {LOOKS_COMPLETE.test(url) ? (
        <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200" background="bg-surface-secondary">
          {failedUrl === url ? (
            <Text as="p" tone="critical">{t("admin.settings.branding.logoFailed")}</Text>
          ) : (
            <img key={url} src={url} alt={props.tenantName} style={{ display: "block", maxHeight: 32, maxWidth: "100%" }} onError={() => setFailedUrl(url)} />
          )}
        </Box>
      ) : null}
    </BlockStack>
  );
}
