import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineStack, Page, Text } from "@shopify/polaris";
import { useIntl } from "react-intl";
import { z } from "zod";
import { LanguageSwitch } from "~/components/language-switch";
import { useT } from "~/i18n/use-t";
import { clearSessionCookieHeader } from "~/.server/auth/cookies";
import { requireContact } from "~/.server/auth/guards";
import { describeDevice, endMemberSessions, listMemberSessions } from "~/.server/auth/member-sessions";
import { requestInfo } from "~/.server/auth/request-info";

export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireContact(request);
  const sessions = await listMemberSessions(claims);
  return json({
    sessions: sessions.map(({ userAgent, ...session }) => ({ ...session, device: describeDevice(userAgent) })),
  });
}

const endForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("end"), sessionId: z.string().uuid() }),
  z.object({ intent: z.literal("end-all") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const claims = await requireContact(request);
  const parsed = endForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ended: false }, { status: 400 });
  const which = parsed.data.intent === "end-all" ? "all" : parsed.data.sessionId;
  const result = await endMemberSessions(claims, which, requestInfo(request));
  if (result.includesCurrent) {
    return redirect("/login", { headers: { "Set-Cookie": await clearSessionCookieHeader(request) } });
  }
  return json({ ended: result.ended > 0 });
}

export default function SessionsPage() {
  const { sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const intl = useIntl();
  const when = (value: string) => intl.formatDate(value, { dateStyle: "medium", timeStyle: "short" });
  const busy = navigation.state !== "idle";
  return (
    <Page title={t("sessions.title")} backAction={{ content: t("portals.title"), url: "/portals?choose" }}>
      <BlockStack gap="400">
        {actionData?.ended ? <Banner tone="success" title={t("sessions.ended")} /> : null}
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <Text as="p">{t("sessions.intro")}</Text>
        </Box>
        {sessions.map((session) => (
          <Card key={session.id}>
            <BlockStack gap="200">
              <InlineStack gap="200" blockAlign="center" wrap>
                <Text as="h2" variant="headingSm">{session.device ?? t("sessions.unknownDevice")}</Text>
                {session.current ? <Badge tone="success">{t("sessions.current")}</Badge> : null}
              </InlineStack>
              <Text as="p" tone="subdued">
                {t("sessions.lastUsed", { when: when(session.lastUsedAt) })}
                {session.ip ? ` · ${session.ip}` : ""}
              </Text>
              <Text as="p" tone="subdued">
                {t("sessions.signedIn", { when: when(session.createdAt) })} · {t("sessions.expires", { when: when(session.expiresAt) })}
              </Text>
              <Form method="post">
                <input type="hidden" name="intent" value="end" />
                <input type="hidden" name="sessionId" value={session.id} />
                <Button submit disabled={busy} accessibilityLabel={`${t("sessions.end")}: ${session.device ?? t("sessions.unknownDevice")}`}>
                  {t("sessions.end")}
                </Button>
              </Form>
            </BlockStack>
          </Card>
        ))}
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <Form method="post">
            <input type="hidden" name="intent" value="end-all" />
            <Button submit variant="primary" tone="critical" disabled={busy}>
              {t("sessions.endAll")}
            </Button>
          </Form>
        </Box>
        <LanguageSwitch />
      </BlockStack>
    </Page>
  );
}
