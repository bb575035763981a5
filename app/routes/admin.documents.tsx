import {
  json, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData,
  type ActionFunctionArgs, type LoaderFunctionArgs, type SerializeFrom,
} from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import {
  ActionList, Badge, BlockStack, Box, Button, Card, IndexTable, InlineGrid, InlineStack, Page, Pagination, Popover, Select, Text,
} from "@shopify/polaris";
import { MenuHorizontalIcon } from "@shopify/polaris-icons";
import { useEffect, useState, type ReactNode } from "react";
import { useIntl } from "react-intl";
import { z } from "zod";
import { ActionToast } from "~/components/admin/action-toast";
import { DocumentFormModal, type DocumentFormErrors, type EditedDocument } from "~/components/admin/document-form-modal";
import { MemberConfirmModal } from "~/components/admin/member-confirm-modal";
import { EmptyNote } from "~/components/empty-note";
import { useNarrowScreen } from "~/components/use-narrow-screen";
import type { MessageId } from "~/i18n";
import { SearchField } from "~/components/search-field";
import { useT } from "~/i18n/use-t";
import { requireAdmin } from "~/.server/auth/guards";
import { requestInfo, type RequestInfo } from "~/.server/auth/request-info";
import { withClaims, type AdminClaims } from "~/.server/db";
import {
  adminDocumentQuerySchema, deleteDocument, fileError, listTenantDocuments, loadDocumentOptions, MAX_UPLOAD_MEGABYTES, typeList,
  updateDocument, uploadDocument, type DocumentFieldErrors, type UploadedFile,
} from "~/.server/documents/admin-documents";
import { isPreviewable, MAX_UPLOAD_BYTES } from "~/.server/documents/limits";
import { fileTypeLabel, formatFileSize } from "~/shared/documents";

/** The tenant's documents (F-20): list, upload, where each may appear and for whom, delete. */
export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const query = adminDocumentQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const data = await withClaims(claims, async (tx) => ({ ...(await listTenantDocuments(tx, query)), ...(await loadDocumentOptions(tx)) }));
  return json({
    ...data,
    rows: data.rows.map((row) => ({ ...row, previewable: row.stored && isPreviewable(row.contentType) })),
    query,
    limits: { maxBytes: MAX_UPLOAD_BYTES, maxMegabytes: MAX_UPLOAD_MEGABYTES, types: typeList() },
  });
}

type Toast = { id: string; values?: Record<string, string | number> };
export type DocumentAnswer =
  | { ok: true; intent: "upload" | "update" | "delete"; toast: Toast }
  | { ok: false; intent: "upload" | "update" | "delete" | null; errors?: DocumentFieldErrors; toast?: Toast };

const onOff = z.literal("on").nullable().transform((value) => value === "on");
const changeForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"), documentId: z.uuid(), title: z.string().max(1000).nullable(),
    channelPortal: onOff, channelEmail: onOff, channelApp: onOff, restricted: onOff, memberIds: z.array(z.string().max(100)).max(1000),
  }),
  z.object({ intent: z.literal("delete"), documentId: z.uuid() }),
]);

const INVALID: DocumentAnswer = { ok: false, intent: null, toast: { id: "admin.documents.toast.invalid" } };

export async function action({ request }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const info = requestInfo(request);
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return upload(claims, request, info);

  const form = await request.formData();
  const text = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : null);
  const parsed = changeForm.safeParse({
    intent: text("intent"), documentId: text("documentId"), title: text("title"), channelPortal: text("channelPortal"),
    channelEmail: text("channelEmail"), channelApp: text("channelApp"), restricted: text("restricted"),
    memberIds: form.getAll("memberId").filter((value) => typeof value === "string"),
  });
  if (!parsed.success) return json(INVALID, { status: 400 });
  const notFound = (intent: "update" | "delete") =>
    json<DocumentAnswer>({ ok: false, intent, toast: { id: "admin.documents.toast.notFound" } }, { status: 404 });

  if (parsed.data.intent === "delete") {
    const deleted = await deleteDocument(claims, parsed.data.documentId, info);
    if (!deleted) return notFound("delete");
    return json<DocumentAnswer>({ ok: true, intent: "delete", toast: { id: "admin.documents.toast.deleted", values: { name: deleted.title } } });
  }
  const input = parsed.data;
  // A form without the title field (a host's document) changes neither title nor channels.
  const result = await updateDocument(claims, {
    documentId: input.documentId,
    title: input.title,
    channels: input.title === null ? null : { portal: input.channelPortal, email: input.channelEmail, app: input.channelApp },
    restricted: input.restricted,
    memberIds: input.memberIds,
  }, info);
  if (!result) return notFound("update");
  if (!result.ok) return json<DocumentAnswer>({ ok: false, intent: "update", errors: result.errors }, { status: 400 });
  return json<DocumentAnswer>({
    ok: true, intent: "update",
    toast: result.changed ? { id: "admin.documents.toast.updated", values: { name: result.title } } : { id: "admin.documents.toast.unchanged" },
  });
}

/**
 * The upload: multipart, held in memory up to the upload limit. A larger file
 * stops the parsing at the limit and is answered at the file field; nothing
 * has been stored then.
 */
async function upload(claims: AdminClaims, request: Request, info: RequestInfo) {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      const errors: DocumentFieldErrors = { file: fileError({ reason: "too-large", maxBytes: MAX_UPLOAD_BYTES }) };
      return json<DocumentAnswer>({ ok: false, intent: "upload", errors }, { status: 413 });
    }
    return json(INVALID, { status: 400 });
  }
  if (form.get("intent") !== "upload") return json(INVALID, { status: 400 });
  const text = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : "");
  const value = form.get("file");
  const file: UploadedFile | null =
    value && typeof value !== "string" && (value.size > 0 || value.name !== "")
      ? { name: value.name, browserType: value.type || null, bytes: new Uint8Array(await value.arrayBuffer()) }
      : null;
  const result = await uploadDocument(claims, {
    customerId: text("customerId"),
    projectId: text("projectId") || null,
    title: text("title"),
    file,
    channels: { portal: text("channelPortal") === "on", email: text("channelEmail") === "on", app: text("channelApp") === "on" },
    restricted: text("restricted") === "on",
    memberIds: form.getAll("memberId").filter((id): id is string => typeof id === "string"),
  }, info);
  if (!result.ok) return json<DocumentAnswer>({ ok: false, intent: "upload", errors: result.errors }, { status: 400 });
  return json<DocumentAnswer>({ ok: true, intent: "upload", toast: { id: "admin.documents.toast.uploaded", values: { name: result.title } } });
}

type Data = SerializeFrom<typeof loader>;
type Row = Data["rows"][number];

export default function AdminDocumentsPage() {
  const { rows, total, page, pages, query, customers, projects, members, limits } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const fetcher = useFetcher<DocumentAnswer>();
  const [search, setSearch] = useState(query.q);
  useEffect(() => setSearch(query.q), [query.q]);
  const [modal, setModal] = useState<{ kind: "upload" } | { kind: "edit"; document: EditedDocument } | { kind: "delete"; row: Row } | null>(null);
  const condensed = useNarrowScreen();
  const busy = fetcher.state !== "idle";
  const answer = fetcher.data;
  // The form's field errors are those of its own last answer, never of an earlier form's.
  const [formErrors, setFormErrors] = useState<DocumentFormErrors | null>(null);
  useEffect(() => {
    if (answer?.ok) setModal(null);
    setFormErrors(answer && !answer.ok ? (answer.errors as DocumentFormErrors | undefined) ?? null : null);
  }, [answer]);
  const searching = navigation.state === "loading" && navigation.location.pathname === "/admin/documents";
  const filtered = query.q !== "" || query.customer !== undefined || query.kind !== "all";

  const applyFilters = (changes: { q?: string; customer?: string; kind?: string }) => {
    const values = { q: search, customer: query.customer ?? "", kind: query.kind === "all" ? "" : query.kind, ...changes };
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value && !(key === "kind" && value === "all")) next.set(key, value);
    navigate(next.size > 0 ? `?${next}` : "/admin/documents");
  };
  const goToPage = (next: number) => {
    const params = new URLSearchParams(searchParams);
    if (next > 1) params.set("page", String(next));
    else params.delete("page");
    navigate(`?${params}`);
  };
  const open = (next: typeof modal) => {
    setFormErrors(null);
    setModal(next);
  };

  const channels = (row: Row) => {
    const on = (["portal", "email", "app"] as const).filter((channel) => row.channels[channel]);
    return on.length === 0 ? (
      <Badge>{t("admin.documents.channel.internal")}</Badge>
    ) : (
      <InlineStack gap="100" wrap>
        {on.map((channel) => <Badge key={channel} tone={channel === "portal" ? "info" : undefined}>{t(`admin.documents.channel.${channel}` as MessageId)}</Badge>)}
      </InlineStack>
    );
  };
  const access = (row: Row) =>
    row.isDocumentPdf ? t("admin.documents.access.withParent")
    : row.restricted ? t("admin.documents.access.restricted", { count: row.memberIds.length })
    : t("admin.documents.access.all");
  const attachedTo = (row: Row) =>
    [
      row.projectName ? t("documents.attached.project", { label: row.projectName }) : null,
      row.parent ? t(`documents.attached.${row.parent.kind}` as MessageId, { label: row.parent.label }) : null,
    ].filter(Boolean).join(" · ") || t("documents.attached.general");
  const title = (row: Row) => (
    <BlockStack gap="050">
      <Text as="span" fontWeight="semibold" breakWord>{row.title}</Text>
      <Text as="span" tone="subdued" breakWord>
        {[row.fileName, fileTypeLabel(row.fileName), formatFileSize(intl, row.sizeBytes)].filter(Boolean).join(" · ")}
      </Text>
      <InlineStack gap="100" wrap>
        {row.uploadedHere ? null : <Badge>{t("admin.documents.source.host")}</Badge>}
        {row.isDocumentPdf ? <Badge>{t("admin.documents.documentPdf")}</Badge> : null}
        {row.stored ? null : <Badge tone="attention">{t("admin.documents.waitingForFile")}</Badge>}
      </InlineStack>
    </BlockStack>
  );
  const customer = (row: Row) => (
    <BlockStack gap="050">
      <Text as="span" breakWord>{row.customerName}</Text>
      <Text as="span" tone="subdued" breakWord>{attachedTo(row)}</Text>
    </BlockStack>
  );
  const actions = (row: Row) => (
    <DocumentRowActions
      row={row}
      onEdit={() => open({
        kind: "edit",
        document: {
          id: row.id, title: row.title, customerId: row.customerId, customerName: row.customerName, uploadedHere: row.uploadedHere,
          channels: row.channels, restricted: row.restricted, memberIds: row.memberIds,
        },
      })}
      onDelete={() => open({ kind: "delete", row })}
    />
  );
  const added = (row: Row) => intl.formatDate(row.createdAt, { day: "numeric", month: "short", year: "numeric" });

  return (
    <Page
      title={t("admin.documents.title")}
      subtitle={t("admin.documents.intro")}
      primaryAction={{ content: t("admin.documents.upload"), onAction: () => open({ kind: "upload" }) }}
      fullWidth
    >
      <BlockStack gap="400">
        <Card padding="0">
          <Box padding="400" borderBlockEndWidth="025" borderColor="border">
            <form
              role="search"
              onSubmit={(event) => {
                event.preventDefault();
                applyFilters({ q: search.trim() });
              }}
            >
              <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                <SearchField
                  label={t("admin.documents.search")}
                  placeholder={t("admin.documents.searchPlaceholder")}
                  submitLabel={t("admin.documents.searchSubmit")}
                  value={search}
                  onChange={setSearch}
                  onSearch={(q) => applyFilters({ q })}
                  searching={searching}
                />
                <Select
                  label={t("admin.documents.customerFilter")}
                  labelHidden
                  options={[
                    { label: t("admin.documents.allCustomers"), value: "" },
                    ...customers.map((customer) => ({ label: customer.name, value: customer.id })),
                  ]}
                  value={query.customer ?? ""}
                  onChange={(customer) => applyFilters({ customer })}
                />
                <Select
                  label={t("admin.documents.kindFilter")}
                  labelHidden
                  options={(["all", "files", "pdfs"] as const).map((kind) => ({ label: t(`admin.documents.kind.${kind}`), value: kind }))}
                  value={query.kind}
                  onChange={(kind) => applyFilters({ kind })}
                />
              </InlineGrid>
            </form>
          </Box>
          <IndexTable
            resourceName={{ singular: t("admin.documents.resource.one"), plural: t("admin.documents.resource.other") }}
            itemCount={rows.length}
            selectable={false}
            condensed={condensed}
            emptyState={
              filtered ? (
                <Box padding="600">
                  <BlockStack gap="300" inlineAlign="center">
                    <Text as="p" alignment="center" tone="subdued">{t("admin.documents.empty")}</Text>
                    <Button url="/admin/documents">{t("admin.documents.clearFilters")}</Button>
                  </BlockStack>
                </Box>
              ) : (
                <EmptyNote>{t("admin.documents.none")}</EmptyNote>
              )
            }
            headings={[
              { title: t("admin.documents.column.document") },
              { title: t("admin.documents.column.customer") },
              { title: t("admin.documents.column.channels") },
              { title: t("admin.documents.column.access") },
              { title: t("admin.documents.column.date") },
              { title: t("admin.documents.column.actions"), hidden: true },
            ]}
          >
            {rows.map((row, index) =>
              condensed ? (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <Box paddingBlock="300" paddingInline="400">
                    <BlockStack gap="150">
                      <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
                        {title(row)}
                        {actions(row)}
                      </InlineStack>
                      <Text as="span" tone="subdued" breakWord>{row.customerName} · {attachedTo(row)}</Text>
                      {channels(row)}
                      <Text as="span" tone="subdued">{access(row)} · {added(row)}</Text>
                    </BlockStack>
                  </Box>
                </IndexTable.Row>
              ) : (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell><Wrap minWidth={220}>{title(row)}</Wrap></IndexTable.Cell>
                  <IndexTable.Cell><Wrap minWidth={160}>{customer(row)}</Wrap></IndexTable.Cell>
                  <IndexTable.Cell>{channels(row)}</IndexTable.Cell>
                  <IndexTable.Cell><Wrap minWidth={140}>{access(row)}</Wrap></IndexTable.Cell>
                  <IndexTable.Cell>{added(row)}</IndexTable.Cell>
                  <IndexTable.Cell>{actions(row)}</IndexTable.Cell>
                </IndexTable.Row>
              ),
            )}
          </IndexTable>
          {total > 0 ? (
            <Box padding="400" borderBlockStartWidth="025" borderColor="border">
              <InlineStack align="space-between" blockAlign="center" gap="300">
                <Text as="p" tone="subdued">{t("admin.documents.count", { count: total })}</Text>
                {pages > 1 ? (
                  <Pagination
                    label={t("admin.documents.page", { page, pages })}
                    hasPrevious={page > 1}
                    onPrevious={() => goToPage(page - 1)}
                    hasNext={page < pages}
                    onNext={() => goToPage(page + 1)}
                  />
                ) : null}
              </InlineStack>
            </Box>
          ) : null}
        </Card>
      </BlockStack>
      {modal?.kind === "upload" || modal?.kind === "edit" ? (
        <DocumentFormModal
          key={modal.kind === "edit" ? modal.document.id : "upload"}
          document={modal.kind === "edit" ? modal.document : null}
          customers={customers}
          projects={projects}
          members={members}
          limits={limits}
          busy={busy}
          errors={formErrors}
          onClose={() => setModal(null)}
          onSubmit={(form) => fetcher.submit(form, {
            method: "post", action: "/admin/documents", encType: modal.kind === "upload" ? "multipart/form-data" : "application/x-www-form-urlencoded",
          })}
        />
      ) : null}
      {modal?.kind === "delete" ? (
        <MemberConfirmModal
          title={t("admin.documents.deleteTitle", { name: modal.row.title })}
          body={t("admin.documents.deleteBody")}
          confirm={t("admin.documents.delete")}
          destructive
          busy={busy}
          onClose={() => setModal(null)}
          onConfirm={() => fetcher.submit({ intent: "delete", documentId: modal.row.id }, { method: "post", action: "/admin/documents" })}
        />
      ) : null}
      <ActionToast
        message={answer?.toast ? t(answer.toast.id as MessageId, answer.toast.values) : null}
        error={answer ? !answer.ok : false}
        answer={answer}
      />
    </Page>
  );
}

/**
 * The "…" menu of one document: open it (PDFs and images), download it,
 * change who sees it, delete it. Files are plain requests, not pages for the
 * router: a download is a navigation the browser turns into a saved file.
 */
function DocumentRowActions({ row, onEdit, onDelete }: { row: Row; onEdit(): void; onDelete(): void }) {
  const t = useT();
  const [active, setActive] = useState(false);
  const url = `/admin/documents/${row.id}/file`;
  const close = (then: () => void) => () => {
    setActive(false);
    then();
  };
  return (
    <div onClick={(event) => event.stopPropagation()}>
      <Popover
        active={active}
        onClose={() => setActive(false)}
        preferredAlignment="right"
        activator={
          <Button variant="tertiary" icon={MenuHorizontalIcon} accessibilityLabel={t("admin.documents.actionsOf", { name: row.title })}
            onClick={() => setActive((value) => !value)} />
        }
      >
        <ActionList
          actionRole="menuitem"
          sections={[
            {
              items: [
                ...(row.previewable ? [{ content: t("admin.documents.open"), url, external: true, onAction: () => setActive(false) }] : []),
                ...(row.stored ? [{ content: t("admin.documents.download"), onAction: close(() => window.location.assign(`${url}?download=1`)) }] : []),
                { content: t("admin.documents.edit"), onAction: close(onEdit) },
              ],
            },
            { items: [{ content: t("admin.documents.delete"), destructive: true, onAction: close(onDelete) }] },
          ]}
        />
      </Popover>
    </div>
  );
}

/** Lets a cell's text wrap (table cells keep to one line) within a sensible width. */
function Wrap({ minWidth, children }: { minWidth: number; children: ReactNode }) {
  return <div style={{ whiteSpace: "normal", minWidth, maxWidth: minWidth * 1.6 }}>{children}</div>;
}
