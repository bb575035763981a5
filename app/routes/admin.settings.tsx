import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { useT } from "~/i18n/use-t";
import { requireAdmin } from "~/.server/auth/guards";
import { withClaims } from "~/.server/db";
import { notFound } from "~/.server/http/params";
import { getSignInSettings, updateSignInSettings } from "~/.server/portals/tenant-settings";
import { CODE_LIFETIME_CHOICES } from "~/shared/sign-in";

export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const settings = await withClaims(claims, getSignInSettings);
  if (!settings) throw notFound();
  return json({ settings });
}

const settingsForm = z.object({
  codeLifetimeMinutes: z.coerce.number().int().refine((value) => (CODE_LIFETIME_CHOICES as readonly number[]).includes(value)),
});

export async function action({ request }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const parsed = settingsForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ saved: false }, { status: 400 });
  const saved = await withClaims(claims, (tx) => updateSignInSettings(tx, parsed.data));
  return json({ saved }, { status: saved ? 200 : 403 });
}

export default function AdminSettingsPage() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const [minutes, setMinutes] = useState(String(settings.codeLifetimeMinutes));
  return (
    <Page narrowWidth title={t("admin.settings.title")} backAction={{ content: t("admin.title"), url: "/admin" }}>
      <BlockStack gap="400">
        {actionData?.saved ? <Banner tone="success" title={t("admin.settings.saved")} /> : null}
        {actionData && !actionData.saved ? <Banner tone="critical" title={t("admin.settings.notSaved")} /> : null}
        <Card>
          <Form method="post">
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">{t("admin.settings.signIn")}</Text>
              <Select
                label={t("admin.settings.codeLifetime")}
                name="codeLifetimeMinutes"
                options={CODE_LIFETIME_CHOICES.map((value) => ({ label: t("admin.settings.minutes", { minutes: value }), value: String(value) }))}
                value={minutes}
                onChange={setMinutes}
                helpText={t("admin.settings.codeLifetimeHelp")}
              />
              <Button submit variant="primary" loading={navigation.state !== "idle"}>{t("admin.settings.save")}</Button>
            </BlockStack>
          </Form>
        </Card>
      </BlockStack>
    </Page>
  );
}
