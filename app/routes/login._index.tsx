import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { LanguageSwitch } from "~/components/language-switch";
import { useT } from "~/i18n/use-t";
import { signInProvider } from "~/.server/auth/provider";
import { optionalContact, safeNextPath } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { wakeOutboxWorker } from "~/.server/email/worker";
import { baseUrl, requestLanguage } from "~/.server/http/language";

const emailForm = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  next: z.string().optional(),
  invitation: z.string().max(100).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const next = safeNextPath(url.searchParams.get("next"));
  if (await optionalContact(request)) throw redirect(next);
  return json({ email: url.searchParams.get("email") ?? "", next });
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = emailForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "login.invalidEmail" as const, minutes: 0 }, { status: 400 });
  const headers = new Headers();
  const result = await signInProvider(request, headers).requestCode({
    email: parsed.data.email,
    language: await requestLanguage(request),
    baseUrl: baseUrl(request),
    info: requestInfo(request),
  });
  if (result.status === "limited") {
    return json({ error: "code.limited" as const, minutes: result.minutes }, { status: 429, headers });
  }
  wakeOutboxWorker();
  const params = new URLSearchParams({ email: parsed.data.email, next: safeNextPath(parsed.data.next) });
  if (parsed.data.invitation) params.set("invitation", parsed.data.invitation);
  if (result.status === "wait") params.set("wait", String(result.seconds));
  else params.set("minutes", String(result.minutes));
  return redirect(`/login/code?${params}`, { headers });
}

export default function LoginPage() {
  const { email: initialEmail, next } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const [email, setEmail] = useState(initialEmail);
  return (
    <Page narrowWidth title={t("login.title")}>
      <BlockStack gap="400">
        <Card>
          <Form method="post">
            <BlockStack gap="400">
              {actionData?.error === "code.limited" ? (
                <Banner tone="warning" title={t("code.limited", { minutes: actionData.minutes })} />
              ) : null}
              <Text as="p">{t("login.intro")}</Text>
              <input type="hidden" name="next" value={next} />
              <TextField
                label={t("login.email")}
                name="email"
                type="email"
                autoComplete="email"
                inputMode="email"
                value={email}
                onChange={setEmail}
                error={actionData?.error === "login.invalidEmail" ? t(actionData.error) : undefined}
                requiredIndicator
              />
              <Button submit variant="primary" size="large" fullWidth loading={navigation.state !== "idle"}>
                {t("login.submit")}
              </Button>
            </BlockStack>
          </Form>
        </Card>
        <LanguageSwitch />
      </BlockStack>
    </Page>
  );
}
