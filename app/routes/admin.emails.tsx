import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import {
  Badge, Banner, BlockStack, Box, Button, Card, IndexTable, InlineGrid, InlineStack, Page, Pagination, Select, Tabs, Text,
  useIndexResourceState,
} from "@shopify/polaris";
import { useEffect, useState, type MouseEvent } from "react";
import { useIntl, type IntlShape } from "react-intl";
import { z } from "zod";
import { ActionToast } from "~/components/admin/action-toast";
import { EmptyNote } from "~/components/empty-note";
import { useNarrowScreen } from "~/components/use-narrow-screen";
import type { MessageId } from "~/i18n";
import { SearchField } from "~/components/search-field";
import { useT } from "~/i18n/use-t";
import { requireAdmin } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { EMAIL_TEMPLATE_NAMES, emailListQuerySchema, listTenantEmails, NOT_RESENT_TEMPLATES, sendAgain } from "~/.server/email/admin-outbox";
import { wakeOutboxWorker } from "~/.server/email/worker";

/** The tenant's outgoing e-mail and its delivery state (F-28); failed e-mail can be sent again. */
export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const query = emailListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const list = await listTenantEmails(claims, query);
  return json({ ...list, query, templates: [...EMAIL_TEMPLATE_NAMES] as string[], notResent: [...NOT_RESENT_TEMPLATES] });
}

const actionForm = z.object({ intent: z.literal("send-again"), ids: z.array(z.uuid()).min(1).max(200) });

type Answer = { ok: boolean; requeued: number; invalid?: boolean };

export async function action({ request }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const form = await request.formData();
  // Several e-mails (the bulk action) arrive as repeated fields.
  const parsed = actionForm.safeParse({ intent: form.get("intent"), ids: form.getAll("id") });
  if (!parsed.success) return json<Answer>({ ok: false, requeued: 0, invalid: true }, { status: 400 });
  const { requeued } = await sendAgain(claims, parsed.data.ids, requestInfo(request));
  if (requeued === 0) return json<Answer>({ ok: false, requeued }, { status: 409 });
  // The table's trigger schedules the job queue; the in-process worker is asked to look now.
  wakeOutboxWorker();
  return json<Answer>({ ok: true, requeued });
}

type Data = SerializeFrom<typeof loader>;
type Row = Data["rows"][number];
type Status = Row["status"];

/** The tabs, failed first after "all": that is where an admin has something to do. */
const TABS: Array<"all" | Status> = ["all", "failed", "queued", "sending", "sent", "cancelled"];

const STATUS_BADGE: Record<Status, { tone?: "info" | "attention" | "success" | "critical"; progress?: "incomplete" | "partiallyComplete" | "complete" }> = {
  queued: { tone: "info", progress: "incomplete" },
  sending: { tone: "attention", progress: "partiallyComplete" },
  sent: { tone: "success", progress: "complete" },
  failed: { tone: "critical" },
  cancelled: {},
};

/** The template's human name in the caller's language; a template without one shows as written. */
function templateLabel(intl: IntlShape, template: string): string {
  const id = `admin.emails.template.${template}`;
  return id in intl.messages ? intl.formatMessage({ id }) : template;
}

export default function AdminEmailsPage() {
  const { rows, total, page, pages, counts, query, templates, notResent } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const intl = useIntl();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const submit = useSubmit();
  const [searchParams] = useSearchParams();
  const [search, setSearch] = useState(query.q);
  // Links (the overview's, back and forward) change the query without remounting the page.
  useEffect(() => setSearch(query.q), [query.q]);
  // On a phone each e-mail is one stacked row instead of a wide table.
  const condensed = useNarrowScreen();

  const resendable = (row: Row) => row.status === "failed" && !notResent.includes(row.template);
  // Only the failed tab selects rows for the bulk action; elsewhere a failed row has its own button.
  const selectable = query.status === "failed" && rows.some(resendable);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows, {
    resourceFilter: resendable,
  });
  useEffect(() => {
    if (answer?.ok) clearSelection();
  }, [answer, clearSelection]);

  const busy = navigation.state === "submitting";
  const searching = navigation.state === "loading" && navigation.location.pathname === "/admin/emails";
  const filtered = query.q !== "" || query.template !== undefined;

  // A changed filter starts again at page 1.
  const applyFilters = (changes: { q?: string; template?: string; status?: string }) => {
    const values = { status: query.status === "all" ? "" : query.status, q: search, template: query.template ?? "", ...changes };
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value && !(key === "status" && value === "all")) next.set(key, value);
    navigate(next.size > 0 ? `?${next}` : "/admin/emails");
  };
  const goToPage = (next: number) => {
    const params = new URLSearchParams(searchParams);
    if (next > 1) params.set("page", String(next));
    else params.delete("page");
    navigate(`?${params}`);
  };
  const sendAgainIds = (ids: string[]) => {
    const data = new FormData();
    data.set("intent", "send-again");
    for (const id of ids) data.append("id", id);
    submit(data, { method: "post" });
  };

  const when = (value: string) => intl.formatDate(value, { dateStyle: "medium", timeStyle: "short" });
  const subject = (row: Row) =>
    row.subject ? <Text as="span" breakWord>{row.subject}</Text> : <Text as="span" tone="subdued">{templateLabel(intl, row.template)}</Text>;
  const recipient = (row: Row) => (
    <BlockStack>
      <Text as="span" fontWeight="semibold" breakWord>{row.to}</Text>
      {row.portalName ? <Text as="span" tone="subdued">{row.portalName}</Text> : null}
    </BlockStack>
  );
  const status = (row: Row) => (
    <Badge tone={STATUS_BADGE[row.status].tone} progress={STATUS_BADGE[row.status].progress}>
      {t(`admin.emails.status.${row.status}` as MessageId)}
    </Badge>
  );
  const time = (row: Row) => (
    <BlockStack>
      <Text as="span">{when(row.createdAt)}</Text>
      {row.sentAt ? <Text as="span" tone="subdued">{t("admin.emails.sentAt", { when: when(row.sentAt) })}</Text> : null}
    </BlockStack>
  );
  const resendButton = (row: Row) => (resendable(row) ? <SendAgainButton row={row} busy={busy} /> : null);

  const tabIndex = Math.max(0, TABS.indexOf(query.status));
  const tabs = TABS.map((tab) => ({
    id: `emails-${tab}`,
    content: t(tab === "all" ? "admin.emails.tab.all" : (`admin.emails.status.${tab}` as MessageId)),
    badge: counts[tab] > 0 ? intl.formatNumber(counts[tab]) : undefined,
  }));

  return (
    <Page title={t("admin.emails.title")} fullWidth>
      <BlockStack gap="400">
        {counts.failed > 0 ? (
          <Banner
            tone="critical"
            title={t("admin.emails.failedBanner.title", { count: counts.failed })}
            action={query.status === "failed" ? undefined : { content: t("admin.emails.failedBanner.show"), url: "/admin/emails?status=failed" }}
          >
            <Text as="p">{t("admin.emails.failedBanner.body")}</Text>
          </Banner>
        ) : null}
        <Card padding="0">
          <Tabs tabs={tabs} selected={tabIndex} onSelect={(index) => applyFilters({ status: TABS[index] ?? "all" })} />
          <Box padding="400" borderBlockEndWidth="025" borderColor="border">
            <form
              role="search"
              onSubmit={(event) => {
                event.preventDefault();
                applyFilters({ q: search });
              }}
            >
              <InlineGrid columns={{ xs: 1, md: ["twoThirds", "oneThird"] }} gap="300">
                <SearchField
                  label={t("admin.emails.search")}
                  placeholder={t("admin.emails.searchPlaceholder")}
                  submitLabel={t("admin.emails.searchSubmit")}
                  value={search}
                  onChange={setSearch}
                  onSearch={(q) => applyFilters({ q })}
                  searching={searching}
                />
                <Select
                  label={t("admin.emails.template")}
                  labelHidden
                  name="template"
                  options={[
                    { label: t("admin.emails.allTemplates"), value: "" },
                    // A template named in the URL stays choosable even when it is not one of the known ones.
                    ...[...templates, ...(query.template && !templates.includes(query.template) ? [query.template] : [])]
                      .map((template) => ({ label: templateLabel(intl, template), value: template })),
                  ]}
                  value={query.template ?? ""}
                  onChange={(template) => applyFilters({ template })}
                />
              </InlineGrid>
            </form>
          </Box>
          <IndexTable
            resourceName={{ singular: t("admin.emails.resource.one"), plural: t("admin.emails.resource.other") }}
            itemCount={rows.length}
            selectable={selectable}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[{
              content: t("admin.emails.sendAgain"),
              disabled: busy,
              onAction: () => sendAgainIds(selectedResources.filter((id) => rows.some((row) => row.id === id && resendable(row)))),
            }]}
            condensed={condensed}
            emptyState={
              filtered || query.status !== "all" ? (
                <Box padding="600">
                  <BlockStack gap="300" inlineAlign="center">
                    <Text as="p" alignment="center" tone="subdued">{t("admin.emails.empty")}</Text>
                    <Button url="/admin/emails">{t("admin.emails.clearFilters")}</Button>
                  </BlockStack>
                </Box>
              ) : (
                <EmptyNote>{t(counts.all === 0 ? "admin.emails.none" : "admin.emails.empty")}</EmptyNote>
              )
            }
            headings={[
              { title: t("admin.emails.column.recipient") },
              { title: t("admin.emails.column.subject") },
              { title: t("admin.emails.column.status") },
              { title: t("admin.emails.column.attempts"), alignment: "end" },
              { title: t("admin.emails.column.time") },
              { title: t("admin.emails.column.delivery") },
              { title: t("admin.emails.column.actions"), hidden: true },
            ]}
          >
            {rows.map((row, index) =>
              condensed ? (
                <IndexTable.Row
                  id={row.id} key={row.id} position={index} selected={selectedResources.includes(row.id)} disabled={selectable && !resendable(row)}
                >
                  <Box paddingBlock="300" paddingInline="400">
                    <BlockStack gap="100">
                      <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
                        {recipient(row)}
                        {status(row)}
                      </InlineStack>
                      {subject(row)}
                      <Text as="span" tone="subdued">
                        {when(row.createdAt)} · {t("admin.emails.attempts", { count: row.attempts })}
                      </Text>
                      <Delivery row={row} notResent={notResent} />
                      {resendButton(row) ? <InlineStack>{resendButton(row)}</InlineStack> : null}
                    </BlockStack>
                  </Box>
                </IndexTable.Row>
              ) : (
                <IndexTable.Row
                  id={row.id} key={row.id} position={index} selected={selectedResources.includes(row.id)} disabled={selectable && !resendable(row)}
                >
                  <IndexTable.Cell>{recipient(row)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack>
                      {subject(row)}
                      {row.subject ? <Text as="span" tone="subdued">{templateLabel(intl, row.template)}</Text> : null}
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{status(row)}</IndexTable.Cell>
                  <IndexTable.Cell><Text as="span" alignment="end" numeric>{intl.formatNumber(row.attempts)}</Text></IndexTable.Cell>
                  <IndexTable.Cell>{time(row)}</IndexTable.Cell>
                  <IndexTable.Cell><Delivery row={row} notResent={notResent} /></IndexTable.Cell>
                  <IndexTable.Cell>{resendButton(row)}</IndexTable.Cell>
                </IndexTable.Row>
              ),
            )}
          </IndexTable>
          {total > 0 ? (
            <Box padding="400" borderBlockStartWidth="025" borderColor="border">
              <InlineStack align="space-between" blockAlign="center" gap="300">
                <Text as="p" tone="subdued">{t("admin.emails.count", { count: total })}</Text>
                <Pagination
                  label={t("admin.emails.page", { page, pages })}
                  hasPrevious={page > 1}
                  onPrevious={() => goToPage(page - 1)}
                  hasNext={page < pages}
                  onNext={() => goToPage(page + 1)}
                />
              </InlineStack>
            </Box>
          ) : null}
        </Card>
      </BlockStack>
      <ActionToast
        message={answer ? (answer.ok ? t("admin.emails.toast.resent", { count: answer.requeued }) : t(answer.invalid ? "admin.emails.toast.invalid" : "admin.emails.toast.nothingResent")) : null}
        error={answer ? !answer.ok : false}
        answer={answer}
      />
    </Page>
  );
}

/** What the provider last answered, and what happens next: for e-mail still on its way or given up on. */
function Delivery({ row, notResent }: { row: Row; notResent: string[] }) {
  const t = useT();
  const intl = useIntl();
  if (row.status !== "failed" && row.status !== "queued") return null;
  const when = (value: string) => intl.formatDate(value, { dateStyle: "medium", timeStyle: "short" });
  const error = row.lastError && row.lastError.length > 300 ? `${row.lastError.slice(0, 300)}…` : row.lastError;
  return (
    <BlockStack gap="050">
      {row.providerStatus !== null ? <Text as="span">{t("admin.emails.providerStatus", { code: String(row.providerStatus) })}</Text> : null}
      {error ? <Text as="span" tone={row.status === "failed" ? "critical" : "subdued"} breakWord>{error}</Text> : null}
      {row.lastAttemptAt ? <Text as="span" tone="subdued">{t("admin.emails.lastAttempt", { when: when(row.lastAttemptAt) })}</Text> : null}
      {row.status === "queued" ? <Text as="span" tone="subdued">{t("admin.emails.nextAttempt", { when: when(row.nextAttemptAt) })}</Text> : null}
      {row.status === "failed" ? (
        <Text as="span" tone="subdued">{t(notResent.includes(row.template) ? "admin.emails.notResent" : "admin.emails.noFurtherAttempts")}</Text>
      ) : null}
    </BlockStack>
  );
}

/**
 * "Send again" for one failed e-mail, as a plain form (it works before the
 * page's script has loaded). A click must not also toggle the row's selection.
 */
function SendAgainButton({ row, busy }: { row: Row; busy: boolean }) {
  const t = useT();
  const stop = (event: MouseEvent) => event.stopPropagation();
  return (
    <span onClick={stop}>
      <Form method="post">
        <input type="hidden" name="intent" value="send-again" />
        <input type="hidden" name="id" value={row.id} />
        <Button submit size="slim" disabled={busy} accessibilityLabel={t("admin.emails.sendAgainTo", { email: row.to })}>
          {t("admin.emails.sendAgain")}
        </Button>
      </Form>
    </span>
  );
}
