import { Form } from "@remix-run/react";
import { Button } from "@shopify/polaris";
import { useT } from "../i18n/use-t";

export function SignOutButton() {
  const t = useT();
  return (
    <Form method="post" action="/logout">
      <Button submit variant="tertiary">
        {t("signOut")}
      </Button>
    </Form>
  );
}
