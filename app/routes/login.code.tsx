import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Link, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { LanguageSwitch } from "~/components/language-switch";
import { useT } from "~/i18n/use-t";
import { signInProvider } from "~/.server/auth/provider";
import { RESEND_AFTER_SECONDS } from "~/shared/sign-in";
import { sessionCookieHeader } from "~/.server/auth/cookies";
import { safeNextPath } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";

const codeForm = (digits: number) =>
  z.object({
    email: z.string().trim().toLowerCase().email(),
    code: z.string().transform((value) => value.replace(/\D/g, "")).pipe(z.string().length(digits)),
    next: z.string().optional(),
    invitation: z.string().max(100).optional(),
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const email = url.searchParams.get("email") ?? "";
  // This page only shows a form: opening its link (a mail scanner does) signs nobody in.
  if (!z.string().email().safeParse(email).success) throw redirect("/login");
  const wait = Number(url.searchParams.get("wait") ?? 0);
  const minutes = Number(url.searchParams.get("minutes") ?? 10);
  return json({
    email,
    next: safeNextPath(url.searchParams.get("next")),
    wait: Number.isFinite(wait) && wait > 0 ? Math.min(wait, RESEND_AFTER_SECONDS) : url.searchParams.has("minutes") ? RESEND_AFTER_SECONDS : 0,
    minutes: Number.isFinite(minutes) ? minutes : 10,
    rateLimited: wait > 0,
    invitation: url.searchParams.get("invitation") ?? "",
    codeDigits: signInProvider(request, new Headers()).codeDigits,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const headers = new Headers();
  const provider = signInProvider(request, headers);
  const parsed = codeForm(provider.codeDigits).safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: { id: "code.invalidFormat" as const, digits: provider.codeDigits } }, { status: 400 });
  const result = await provider.verifyCode({
    email: parsed.data.email,
    code: parsed.data.code,
    info: requestInfo(request),
    invitationToken: parsed.data.invitation || null,
  });
  switch (result.status) {
    case "signed-in":
      headers.append("Set-Cookie", await sessionCookieHeader(request, result.token, result.expiresAt));
      return redirect(safeNextPath(parsed.data.next), { headers });
    case "wrong":
      return result.attemptsLeft === null
        ? json({ error: { id: "code.wrongOrExpired" as const } }, { status: 400 })
        : json({ error: { id: "code.wrong" as const, left: result.attemptsLeft } }, { status: 400 });
    case "locked":
      return json({ error: { id: "code.locked" as const } }, { status: 400 });
    case "expired":
      return json({ error: { id: "code.expired" as const } }, { status: 400 });
    case "limited":
      return json({ error: { id: "code.limited" as const, minutes: result.minutes } }, { status: 429 });
  }
}

export default function CodePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const [code, setCode] = useState("");
  const [wait, setWait] = useState(data.wait);
  useEffect(() => setWait(data.wait), [data.wait]);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((seconds) => seconds - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  const error = actionData?.error;
  const errorText = !error
    ? undefined
    : "left" in error
      ? t(error.id, { left: error.left })
      : "minutes" in error
        ? t(error.id, { minutes: error.minutes })
        : "digits" in error
          ? t(error.id, { digits: error.digits })
          : t(error.id);
  const submitting = navigation.state !== "idle" && navigation.formAction?.startsWith("/login/code");

  return (
    <Page narrowWidth title={t("code.title")}>
      <BlockStack gap="400">
        {data.rateLimited ? <Banner tone="warning" title={t("code.wait", { seconds: data.wait })} /> : null}
        <Card>
          <Form method="post">
            <BlockStack gap="400">
              <Text as="p">{t("code.sentTo", { email: data.email, minutes: data.minutes })}</Text>
              <input type="hidden" name="email" value={data.email} />
              <input type="hidden" name="next" value={data.next} />
              <input type="hidden" name="invitation" value={data.invitation} />
              <TextField
                label={t("code.label", { digits: data.codeDigits })}
                name="code"
                autoComplete="one-time-code"
                inputMode="numeric"
                value={code}
                onChange={setCode}
                maxLength={data.codeDigits + 1}
                error={errorText}
                autoFocus
              />
              <Button submit variant="primary" size="large" fullWidth loading={submitting}>
                {t("code.submit")}
              </Button>
            </BlockStack>
          </Form>
        </Card>
        <Card>
          <Form method="post" action="/login">
            <BlockStack gap="200">
              <input type="hidden" name="email" value={data.email} />
              <input type="hidden" name="next" value={data.next} />
              <input type="hidden" name="invitation" value={data.invitation} />
              <Button submit disabled={wait > 0}>
                {t("code.sendAgain")}
              </Button>
              {wait > 0 ? <Text as="p" tone="subdued">{t("code.wait", { seconds: wait })}</Text> : null}
              <Link url="/login">{t("code.otherAddress")}</Link>
            </BlockStack>
          </Form>
        </Card>
        <LanguageSwitch />
      </BlockStack>
    </Page>
  );
}

