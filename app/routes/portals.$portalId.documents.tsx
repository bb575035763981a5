import { json, type LoaderFunctionArgs, type SerializeFrom } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { BlockStack, Box, Button, Card, IndexTable, InlineStack, Page, Pagination, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useIntl } from "react-intl";
import { AccountActions } from "~/components/account-actions";
import { EmptyNote } from "~/components/empty-note";
import { PortalBrand } from "~/components/portal-brand";
import { PreviewBanner } from "~/components/preview-banner";
import { useNarrowScreen } from "~/components/use-narrow-screen";
import type { MessageId } from "~/i18n";
import { SearchField } from "~/components/search-field";
import { useT } from "~/i18n/use-t";
import { loadDocumentsTab } from "~/.server/documents/list";
import { fileTypeLabel, formatFileSize } from "~/shared/documents";

/** The files shared with the member in this portal (F-20): preview PDFs and images, download everything. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return json(await loadDocumentsTab(request, params));
}

type Row = SerializeFrom<typeof loader>["rows"][number];

export default function PortalDocumentsPage() {
  const { portal, branding, preview, rows, total, page, pages, query } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [search, setSearch] = useState(query.q);
  // Back and forward change the query without remounting the page.
  useEffect(() => setSearch(query.q), [query.q]);
  // On a phone each file is one stacked row instead of a wide table.
  const condensed = useNarrowScreen();
  const base = `/portals/${portal.id}`;
  const searching = navigation.state === "loading" && navigation.location.pathname === `${base}/documents`;

  const goTo = (changes: { q?: string; page?: number }) => {
    const next = new URLSearchParams();
    const q = changes.q ?? query.q;
    if (q) next.set("q", q);
    const nextPage = changes.page ?? 1;
    if (nextPage > 1) next.set("page", String(nextPage));
    navigate(next.size > 0 ? `?${next}` : `${base}/documents`);
  };

  const date = (value: string) => intl.formatDate(value, { day: "numeric", month: "short", year: "numeric" });
  const type = (row: Row) => fileTypeLabel(row.fileName) ?? t("documents.type.unknown");
  const attachedTo = (row: Row) =>
    row.attachedTo.length === 0
      ? t("documents.attached.general")
      : row.attachedTo.map((item) => t(`documents.attached.${item.kind}` as MessageId, { label: item.label })).join(" · ");
  const fileUrl = (row: Row) => `${base}/files/${row.id}`;
  const actions = (row: Row) => (
    <InlineStack gap="200" blockAlign="center" wrap={false}>
      {row.previewable ? (
        <Button size="slim" variant="plain" url={fileUrl(row)} target="_blank" accessibilityLabel={t("documents.previewOf", { name: row.title })}>
          {t("documents.preview")}
        </Button>
      ) : null}
      <Button size="slim" url={`${fileUrl(row)}?download=1`} download accessibilityLabel={t("documents.downloadOf", { name: row.title })}>
        {t("documents.download")}
      </Button>
    </InlineStack>
  );
  const title = (row: Row) => (
    <BlockStack>
      <Text as="span" fontWeight="semibold" breakWord>{row.title}</Text>
      {row.fileName !== row.title ? <Text as="span" tone="subdued" breakWord>{row.fileName}</Text> : null}
    </BlockStack>
  );

  return (
    <Page
      title={t("documents.title")}
      subtitle={portal.name}
      backAction={{ content: t("documents.back"), url: base }}
      secondaryActions={<AccountActions />}
      fullWidth
    >
      <BlockStack gap="400">
        {preview ? <PreviewBanner memberName={preview.memberName} /> : null}
        {branding ? <PortalBrand {...branding} /> : null}
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <Text as="p" tone="subdued">{t("documents.intro", { tenant: portal.tenantName })}</Text>
        </Box>
        <Card padding="0">
          <Box padding="400" borderBlockEndWidth="025" borderColor="border">
            <form
              role="search"
              onSubmit={(event) => {
                event.preventDefault();
                goTo({ q: search.trim() });
              }}
            >
              <SearchField
                label={t("documents.search")}
                placeholder={t("documents.searchPlaceholder")}
                submitLabel={t("documents.searchSubmit")}
                value={search}
                onChange={setSearch}
                onSearch={(q) => goTo({ q })}
                searching={searching}
              />
            </form>
          </Box>
          <IndexTable
            resourceName={{ singular: t("documents.resource.one"), plural: t("documents.resource.other") }}
            itemCount={rows.length}
            selectable={false}
            condensed={condensed}
            emptyState={
              query.q ? (
                <Box padding="600">
                  <BlockStack gap="300" inlineAlign="center">
                    <Text as="p" alignment="center" tone="subdued">{t("documents.emptySearch", { search: query.q })}</Text>
                    <Button url={`${base}/documents`}>{t("documents.clearSearch")}</Button>
                  </BlockStack>
                </Box>
              ) : (
                <EmptyNote>{t("documents.empty")}</EmptyNote>
              )
            }
            headings={[
              { title: t("documents.column.document") },
              { title: t("documents.column.attachedTo") },
              { title: t("documents.column.type") },
              { title: t("documents.column.size"), alignment: "end" },
              { title: t("documents.column.date") },
              { title: t("documents.column.actions"), hidden: true },
            ]}
          >
            {rows.map((row, index) =>
              condensed ? (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <Box paddingBlock="300" paddingInline="400">
                    <BlockStack gap="100">
                      {title(row)}
                      <Text as="span" tone="subdued">{attachedTo(row)}</Text>
                      <Text as="span" tone="subdued">
                        {[type(row), formatFileSize(intl, row.sizeBytes), date(row.createdAt)].filter(Boolean).join(" · ")}
                      </Text>
                      <InlineStack align="end">{actions(row)}</InlineStack>
                    </BlockStack>
                  </Box>
                </IndexTable.Row>
              ) : (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell>{title(row)}</IndexTable.Cell>
                  <IndexTable.Cell><Text as="span" breakWord>{attachedTo(row)}</Text></IndexTable.Cell>
                  <IndexTable.Cell>{type(row)}</IndexTable.Cell>
                  <IndexTable.Cell><Text as="span" alignment="end" numeric>{formatFileSize(intl, row.sizeBytes)}</Text></IndexTable.Cell>
                  <IndexTable.Cell>{date(row.createdAt)}</IndexTable.Cell>
                  <IndexTable.Cell>{actions(row)}</IndexTable.Cell>
                </IndexTable.Row>
              ),
            )}
          </IndexTable>
          {total > 0 ? (
            <Box padding="400" borderBlockStartWidth="025" borderColor="border">
              <InlineStack align="space-between" blockAlign="center" gap="300">
                <Text as="p" tone="subdued">{t("documents.count", { count: total })}</Text>
                {pages > 1 ? (
                  <Pagination
                    label={t("documents.page", { page, pages })}
                    hasPrevious={page > 1}
                    onPrevious={() => goTo({ page: page - 1 })}
                    hasNext={page < pages}
                    onNext={() => goTo({ page: page + 1 })}
                  />
                ) : null}
              </InlineStack>
            </Box>
          ) : null}
        </Card>
      </BlockStack>
    </Page>
  );
}
