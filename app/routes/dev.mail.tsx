import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, Page, Text } from "@shopify/polaris";
import { useIntl } from "react-intl";
import { useT } from "~/i18n/use-t";
import { isDemoMode } from "~/.server/config/mode";
import { listDevMailbox } from "~/.server/email/dev-mailbox";
import { notFound } from "~/.server/http/params";

export async function loader({ request }: LoaderFunctionArgs) {
  if (!isDemoMode()) throw notFound();
  return json({ messages: await listDevMailbox(new URL(request.url).searchParams.get("to")) });
}

export default function DevMailbox() {
  const { messages } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  return (
    <Page title={t("mail.title")} subtitle={t("mail.intro")}>
      <BlockStack gap="400">
        {messages.length === 0 ? <Card><Text as="p">{t("mail.empty")}</Text></Card> : null}
        {messages.map((message) => (
          <Card key={message.id}>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">{message.subject}</Text>
              <Text as="p" tone="subdued">
                {t("mail.to")}: {message.to} · {t("mail.sent")}: {intl.formatDate(message.createdAt, { dateStyle: "medium", timeStyle: "medium" })}
              </Text>
              <iframe title={message.subject} srcDoc={message.html} sandbox="" style={{ width: "100%", height: 420, border: "1px solid #e1e3e5", borderRadius: 8 }} />
            </BlockStack>
          </Card>
        ))}
      </BlockStack>
    </Page>
  );
}
