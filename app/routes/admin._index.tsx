import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import { useT } from "~/i18n/use-t";
import { optionalAdmin } from "~/.server/auth/guards";
import { isDemoMode } from "~/.server/config/mode";
import { signInHostAdmin } from "~/.server/host/admin-token";
import { withClaims } from "~/.server/db";
import { getTenantName, listTenantPortals } from "~/.server/portals/admin-portals";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token");
  if (token) {
    // The host opens /admin with a single-use token; the session replaces it at once (and the URL loses it).
    const signIn = await signInHostAdmin(request, token);
    const customer = url.searchParams.get("customer");
    const target = customer ? `/admin?${new URLSearchParams({ customer })}` : "/admin";
    if (signIn.ok) throw redirect(target, { headers: { "Set-Cookie": signIn.cookie } });
    return json({ signedIn: false as const, demoMode: isDemoMode(), tokenError: true }, { status: 401 });
  }
  const claims = await optionalAdmin(request);
  if (!claims) return json({ signedIn: false as const, demoMode: isDemoMode(), tokenError: false });
  const customer = url.searchParams.get("customer")?.slice(0, 200) || null;
  const { tenantName, portals } = await withClaims(claims, async (tx) => ({
    tenantName: await getTenantName(tx),
    portals: await listTenantPortals(tx, customer),
  }));
  return json({ signedIn: true as const, tenantName, portals, filtered: customer !== null });
}

export default function AdminHome() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const navigate = useNavigate();
  if (!data.signedIn) {
    return (
      <Page narrowWidth title={t("admin.title")}>
        {data.tokenError ? <Banner tone="critical" title={t("admin.tokenRefused")} /> : null}
        <Card>
          {data.demoMode ? (
            <Form method="post" action="/admin/demo-sign-in">
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">{t("admin.demoSignIn.title")}</Text>
                <Text as="p">{t("admin.demoSignIn.body")}</Text>
                <Button submit variant="primary">{t("admin.demoSignIn.submit", { tenant: "Studio Noord" })}</Button>
              </BlockStack>
            </Form>
          ) : (
            <Text as="p">{t("admin.notSignedIn")}</Text>
          )}
        </Card>
      </Page>
    );
  }
  return (
    <Page
      title={t("admin.title")}
      subtitle={data.tenantName ?? undefined}
      secondaryActions={
        <InlineStack gap="200">
          <Button url="/admin/integration" variant="tertiary">{t("admin.integration.link")}</Button>
          <Button url="/admin/settings" variant="tertiary">{t("admin.settings.title")}</Button>
          <Form method="post" action="/admin/sign-out">
            <Button submit variant="tertiary">{t("admin.signOut")}</Button>
          </Form>
        </InlineStack>
      }
    >
      <BlockStack gap="400">
      {data.filtered ? (
        <Banner tone="info" title={t(data.portals.length > 0 ? "admin.customerFilter" : "admin.customerFilterEmpty")}>
          <Button url="/admin" variant="plain">{t("admin.showAllPortals")}</Button>
        </Banner>
      ) : null}
      <Card padding="0">
        <IndexTable
          resourceName={{ singular: t("admin.portal.name"), plural: t("admin.title") }}
          itemCount={data.portals.length}
          selectable={false}
          headings={[
            { title: t("admin.portal.name") },
            { title: t("admin.portal.customer") },
            { title: t("admin.portal.language") },
            { title: t("admin.portal.projects"), alignment: "end" },
            { title: t("admin.portal.members"), alignment: "end" },
            { title: t("admin.portal.status") },
          ]}
        >
          {data.portals.map((portal, index) => (
            <IndexTable.Row id={portal.id} key={portal.id} position={index} onClick={() => navigate(`/admin/portals/${portal.id}`)}>
              <IndexTable.Cell>
                <Text as="span" fontWeight="semibold">{portal.name}</Text>
              </IndexTable.Cell>
              <IndexTable.Cell>{portal.customerName}</IndexTable.Cell>
              <IndexTable.Cell>{portal.language.toUpperCase()}</IndexTable.Cell>
              <IndexTable.Cell><Text as="span" alignment="end" numeric>{portal.projectCount}</Text></IndexTable.Cell>
              <IndexTable.Cell><Text as="span" alignment="end" numeric>{portal.memberCount}</Text></IndexTable.Cell>
              <IndexTable.Cell>
                <Badge tone={portal.status === "active" ? "success" : undefined}>
                  {t(portal.status === "active" ? "admin.portal.active" : "admin.portal.disabled")}
                </Badge>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
      </BlockStack>
    </Page>
  );
}
