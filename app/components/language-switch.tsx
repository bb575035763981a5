import { Form, useLocation } from "@remix-run/react";
import { Box, Button, InlineStack } from "@shopify/polaris";
import { useIntl } from "react-intl";
import { useT } from "../i18n/use-t";

/** Lets a member switch between Dutch and English on any page (F-25). */
export function LanguageSwitch() {
  const t = useT();
  const intl = useIntl();
  const location = useLocation();
  const other = intl.locale.startsWith("nl") ? "en" : "nl";
  return (
    <Form method="post" action="/language">
      <input type="hidden" name="language" value={other} />
      <input type="hidden" name="next" value={location.pathname + location.search} />
      <Box paddingInline="400">
        <InlineStack align="end">
          <Button submit variant="plain" accessibilityLabel={t("language.switch")}>
            {t(other === "nl" ? "language.nl" : "language.en")}
          </Button>
        </InlineStack>
      </Box>
    </Form>
  );
}
