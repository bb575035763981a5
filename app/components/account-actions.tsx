import { InlineStack, Link } from "@shopify/polaris";
import { useT } from "../i18n/use-t";
import { SignOutButton } from "./sign-out-button";

/** The member's own actions on every portal page: their sessions (F-37) and signing out. */
export function AccountActions() {
  const t = useT();
  return (
    <InlineStack gap="300" blockAlign="center" wrap>
      <Link url="/sessions">{t("sessions.link")}</Link>
      <SignOutButton />
    </InlineStack>
  );
}
