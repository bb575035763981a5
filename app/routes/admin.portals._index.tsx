import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge, Banner, BlockStack, Box, Button, Card, IndexTable, InlineGrid, InlineStack, Link, Page, Pagination, Select, Text,
} from "@shopify/polaris";
import { useEffect, useState, type MouseEvent } from "react";
import { useIntl } from "react-intl";
import { ActionToast } from "~/components/admin/action-toast";
import { useNarrowScreen } from "~/components/use-narrow-screen";
import { SearchField } from "~/components/search-field";
import { useT } from "~/i18n/use-t";
import { requireAdmin } from "~/.server/auth/guards";
import { withClaims } from "~/.server/db";
import { loadPortalList, portalListQuerySchema } from "~/.server/portals/admin-portals";

export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const query = portalListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const data = await withClaims(claims, (tx) => loadPortalList(tx, query));
  return json({ ...data, query });
}

export default function AdminPortalsPage() {
  const { list, customers, hostCustomer, query } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [search, setSearch] = useState(query.q);
  // Links ("show all", back and forward) change the query without remounting the page.
  useEffect(() => setSearch(query.q), [query.q]);
  // On a phone each portal is one stacked row instead of a wide table.
  const condensed = useNarrowScreen();

  // The Select shows the host's customer too, so that both filters read the same.
  const selectedCustomerId = query.customerId ?? hostCustomer?.id ?? "";
  const selectedCustomer = customers.find((customer) => customer.id === selectedCustomerId) ?? null;
  const hostFiltered = query.customer !== undefined;
  const tenantHasPortals = customers.some((customer) => customer.portalCount > 0);
  // A customer without a portal (or a host id Portaal does not know) gets "create" rather than "no match".
  const customerHasNoPortal = (hostFiltered && !selectedCustomer) || selectedCustomer?.portalCount === 0;

  // A changed filter starts again at page 1. The host's customer stays until another customer is chosen.
  const applyFilters = (changes: { q?: string; customerId?: string; status?: string }) => {
    const values = { q: search, customerId: query.customerId ?? "", status: query.status ?? "", ...changes };
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value) next.set(key, value);
    if (query.customer && changes.customerId === undefined) next.set("customer", query.customer);
    navigate(`?${next}`);
  };
  const goToPage = (page: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(page));
    navigate(`?${next}`);
  };
  const searching = navigation.state === "loading" && navigation.location.pathname === "/admin/portals";
  const createUrl = selectedCustomer ? `/admin/portals/new?${new URLSearchParams({ customerId: selectedCustomer.id })}` : "/admin/portals/new";

  return (
    <Page
      title={t("admin.nav.portals")}
      backAction={{ content: t("admin.nav.overview"), url: "/admin" }}
      primaryAction={{ content: t("admin.portals.create"), url: createUrl }}
    >
      {/* The portal page sends an admin here after deleting a portal. */}
      <ActionToast message={searchParams.has("deleted") ? t("admin.portalEditor.toast.deleted") : null} />
      <BlockStack gap="400">
        {hostFiltered ? (
          <Banner tone="info" title={t(customerHasNoPortal ? "admin.customerFilterEmpty" : "admin.customerFilter")}>
            <BlockStack gap="200">
              {hostCustomer ? <Text as="p">{hostCustomer.name}</Text> : null}
              <InlineStack>
                <Button url="/admin/portals" variant="plain">{t("admin.showAllPortals")}</Button>
              </InlineStack>
            </BlockStack>
          </Banner>
        ) : null}
        <Card padding="0">
          {tenantHasPortals ? (
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
                    label={t("admin.portals.search")}
                    placeholder={t("admin.portals.searchPlaceholder")}
                    submitLabel={t("admin.portals.searchSubmit")}
                    value={search}
                    onChange={setSearch}
                    onSearch={(q) => applyFilters({ q })}
                    searching={searching}
                  />
                  <InlineGrid columns={2} gap="300">
                    <Select
                      label={t("admin.portal.customer")}
                      labelHidden
                      name="customerId"
                      options={[{ label: t("admin.portals.allCustomers"), value: "" }, ...customers.map((customer) => ({ label: customer.name, value: customer.id }))]}
                      value={selectedCustomerId}
                      onChange={(customerId) => applyFilters({ customerId })}
                    />
                    <Select
                      label={t("admin.portal.status")}
                      labelHidden
                      name="status"
                      options={[
                        { label: t("admin.portals.allStatuses"), value: "" },
                        { label: t("admin.portal.active"), value: "active" },
                        { label: t("admin.portal.disabled"), value: "disabled" },
                      ]}
                      value={query.status ?? ""}
                      onChange={(status) => applyFilters({ status })}
                    />
                  </InlineGrid>
                </InlineGrid>
              </form>
            </Box>
          ) : null}
          <IndexTable
            resourceName={{ singular: t("admin.portals.singular"), plural: t("admin.portals.plural") }}
            itemCount={list.rows.length}
            selectable={false}
            condensed={condensed}
            emptyState={
              customerHasNoPortal ? (
                <EmptyList primary text={t("admin.portals.noneForCustomer")} action={{ label: t("admin.portals.create"), url: createUrl }} />
              ) : tenantHasPortals ? (
                <EmptyList text={t("admin.portals.noMatch")} action={{ label: t("admin.portals.clearFilters"), url: "/admin/portals" }} />
              ) : (
                <EmptyList primary text={t("admin.overview.portalsNone")} action={{ label: t("admin.overview.portalsCreateFirst"), url: createUrl }} />
              )
            }
            headings={[
              { title: t("admin.portal.name") },
              { title: t("admin.portal.customer") },
              { title: t("admin.portal.language") },
              { title: t("admin.portal.projects"), alignment: "end" },
              { title: t("admin.portal.members"), alignment: "end" },
              { title: t("admin.portal.status") },
            ]}
          >
            {list.rows.map((portal, index) => {
              const url = `/admin/portals/${portal.id}`;
              const name = <PortalLink url={url} name={portal.name} />;
              const status = (
                <Badge tone={portal.status === "active" ? "success" : undefined}>
                  {t(portal.status === "active" ? "admin.portal.active" : "admin.portal.disabled")}
                </Badge>
              );
              if (condensed) {
                return (
                  <IndexTable.Row id={portal.id} key={portal.id} position={index} onClick={() => navigate(url)}>
                    <Box paddingBlock="300" paddingInline="400">
                      <BlockStack gap="100">
                        <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                          {name}
                          {status}
                        </InlineStack>
                        <Text as="span" tone="subdued">
                          {portal.customerName} · {t("admin.portals.projectCount", { count: portal.projectCount })} ·{" "}
                          {t("admin.portals.memberCount", { count: portal.memberCount })}
                        </Text>
                      </BlockStack>
                    </Box>
                  </IndexTable.Row>
                );
              }
              return (
                <IndexTable.Row id={portal.id} key={portal.id} position={index} onClick={() => navigate(url)}>
                  <IndexTable.Cell>{name}</IndexTable.Cell>
                  <IndexTable.Cell>{portal.customerName}</IndexTable.Cell>
                  <IndexTable.Cell>{portal.language.toUpperCase()}</IndexTable.Cell>
                  <IndexTable.Cell><Text as="span" alignment="end" numeric>{intl.formatNumber(portal.projectCount)}</Text></IndexTable.Cell>
                  <IndexTable.Cell><Text as="span" alignment="end" numeric>{intl.formatNumber(portal.memberCount)}</Text></IndexTable.Cell>
                  <IndexTable.Cell>{status}</IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
          {list.total > 0 ? (
            <Box padding="400" borderBlockStartWidth="025" borderColor="border">
              <InlineStack align="space-between" blockAlign="center" gap="300">
                <Text as="p" tone="subdued">{t("admin.portals.total", { count: list.total })}</Text>
                <Pagination
                  label={t("admin.portals.page", { page: list.page, pages: list.pages })}
                  hasPrevious={list.page > 1}
                  onPrevious={() => goToPage(list.page - 1)}
                  hasNext={list.page < list.pages}
                  onNext={() => goToPage(list.page + 1)}
                />
              </InlineStack>
            </Box>
          ) : null}
        </Card>
      </BlockStack>
    </Page>
  );
}

/**
 * The portal's name as a real link (keyboard, open in a new tab). The row's
 * own click handler must not navigate a second time when the link did.
 */
function PortalLink({ url, name }: { url: string; name: string }) {
  const stop = (event: MouseEvent) => event.stopPropagation();
  return (
    <span onClick={stop}>
      <Link url={url} monochrome removeUnderline>
        <Text as="span" fontWeight="semibold">{name}</Text>
      </Link>
    </span>
  );
}

function EmptyList({ text, action, primary }: { text: string; action: { label: string; url: string }; primary?: boolean }) {
  return (
    <Box padding="600">
      <BlockStack gap="300" inlineAlign="center">
        <Text as="p" alignment="center" tone="subdued">{text}</Text>
        <Button url={action.url} variant={primary ? "primary" : undefined}>{action.label}</Button>
      </BlockStack>
    </Box>
  );
}
