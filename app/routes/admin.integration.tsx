import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, Page, Text } from "@shopify/polaris";
import { EmptyNote } from "~/components/empty-note";
import { useIntl } from "react-intl";
import { z } from "zod";
import { useT } from "~/i18n/use-t";
import { requireAdmin } from "~/.server/auth/guards";
import { withClaims } from "~/.server/db";
import { listOpenFailures, replayFailure } from "~/.server/host/ingest";
import { enableHostEvents, listOutboundEvents } from "~/.server/host/outbound";

export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const { failures, outbound } = await withClaims(claims, async (tx) => ({
    failures: await listOpenFailures(tx),
    outbound: await listOutboundEvents(tx),
  }));
  return json({ failures, outbound });
}

const actionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("replay"), failureId: z.string().uuid() }),
  z.object({ intent: z.literal("enable-events") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const parsed = actionForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ outcome: "invalid-request" as const }, { status: 400 });
  if (parsed.data.intent === "enable-events") {
    return json({ outcome: (await enableHostEvents(claims)) ? ("enabled" as const) : ("invalid-request" as const) });
  }
  return json({ outcome: await replayFailure(claims, parsed.data.failureId) });
}

const OUTCOME_TONE = { applied: "success", enabled: "success", waiting: "warning", invalid: "critical", "not-found": "warning", "invalid-request": "critical" } as const;

export default function AdminIntegrationPage() {
  const { failures, outbound } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const intl = useIntl();
  const when = (value: string | null) => (value ? intl.formatDate(value, { dateStyle: "short", timeStyle: "short" }) : "—");
  const busy = navigation.state !== "idle";
  return (
    <Page title={t("admin.integration.title")} backAction={{ content: t("admin.title"), url: "/admin" }}>
      <BlockStack gap="400">
        {actionData ? <Banner tone={OUTCOME_TONE[actionData.outcome]} title={t(`admin.integration.outcome.${actionData.outcome}`)} /> : null}
        {outbound.disabledAt ? (
          <Banner tone="critical" title={t("admin.integration.eventsStopped")}>
            <BlockStack gap="200">
              <p>{outbound.disabledReason}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="enable-events" />
                <Button submit disabled={busy}>{t("admin.integration.enableEvents")}</Button>
              </Form>
            </BlockStack>
          </Banner>
        ) : null}
        <Card padding="0">
          <div style={{ padding: "var(--p-space-400)" }}>
            <BlockStack gap="100">
              <Text as="h2" variant="headingMd">{t("admin.integration.failures")}</Text>
              <Text as="p" tone="subdued">{t("admin.integration.failuresHelp")}</Text>
            </BlockStack>
          </div>
          {failures.length === 0 ? (
            <EmptyNote>{t("admin.integration.noFailures")}</EmptyNote>
          ) : (
            <IndexTable
              resourceName={{ singular: t("admin.integration.event"), plural: t("admin.integration.events") }}
              itemCount={failures.length}
              selectable={false}
              headings={[
                { title: t("admin.integration.received") }, { title: t("admin.integration.topic") },
                { title: t("admin.integration.reason") }, { title: t("admin.integration.errors") }, { title: "" },
              ]}
            >
              {failures.map((failure, index) => (
                <IndexTable.Row id={failure.id} key={failure.id} position={index}>
                  <IndexTable.Cell>{when(failure.createdAt)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">{failure.topic}</Text> {failure.entityHostId ?? ""}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={failure.reason === "waiting" ? "attention" : "critical"}>{t(`admin.integration.reason.${failure.reason}`)}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{failure.errors.map((error) => `${error.path}: ${error.message}`).join("; ")}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Form method="post">
                      <input type="hidden" name="intent" value="replay" />
                      <input type="hidden" name="failureId" value={failure.id} />
                      <Button submit size="slim" disabled={busy}>{t("admin.integration.replay")}</Button>
                    </Form>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
        <Card padding="0">
          <div style={{ padding: "var(--p-space-400)" }}>
            <Text as="h2" variant="headingMd">{t("admin.integration.deliveries")}</Text>
          </div>
          {outbound.events.length === 0 ? (
            <EmptyNote>{t("admin.integration.noDeliveries")}</EmptyNote>
          ) : (
            <IndexTable
              resourceName={{ singular: t("admin.integration.event"), plural: t("admin.integration.events") }}
              itemCount={outbound.events.length}
              selectable={false}
              headings={[
                { title: t("admin.integration.created") }, { title: t("admin.integration.topic") }, { title: t("admin.integration.status") },
                { title: t("admin.integration.attempts") }, { title: t("admin.integration.lastAnswer") },
              ]}
            >
              {outbound.events.map((event, index) => (
                <IndexTable.Row id={event.id} key={event.id} position={index}>
                  <IndexTable.Cell>{when(event.createdAt)}</IndexTable.Cell>
                  <IndexTable.Cell>{event.type}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={event.status === "delivered" ? "success" : event.status === "failed" || event.status === "held" ? "critical" : "attention"}>
                      {t(`admin.integration.status.${event.status as "queued" | "sending" | "delivered" | "failed" | "held"}`)}
                    </Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{event.attempts}</IndexTable.Cell>
                  <IndexTable.Cell>
                    {event.lastStatusCode ?? "—"} {event.lastError ?? ""}
                    {event.status === "queued" && event.attempts > 0 ? ` · ${t("admin.integration.nextAttempt", { when: when(event.nextAttemptAt) })}` : ""}
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}
