import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Link, Page, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { useIntl } from "react-intl";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { optionalAdmin } from "~/.server/auth/guards";
import { isDemoMode } from "~/.server/config/mode";
import { signInHostAdmin } from "~/.server/host/admin-token";
import { withClaims } from "~/.server/db";
import { loadAdminOverview, type AdminOverview } from "~/.server/portals/admin-overview";
import { hostCustomerIdSchema } from "~/.server/portals/admin-portals";

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
  // The host's "Open portal" action lands here with its customer id: show that customer's portals.
  const customer = hostCustomerIdSchema.safeParse(url.searchParams.get("customer"));
  if (customer.success) throw redirect(`/admin/portals?${new URLSearchParams({ customer: customer.data })}`);
  return json({ signedIn: true as const, overview: await withClaims(claims, loadAdminOverview) });
}

export default function AdminHome() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
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
  const { overview } = data;
  const enabled = overview?.tenant.status === "active";
  return (
    <Page
      title={t("admin.title")}
      subtitle={overview?.tenant.name}
      titleMetadata={
        overview ? (
          <Badge tone={enabled ? "success" : "warning"}>{t(enabled ? "admin.overview.enabled" : "admin.overview.disabled")}</Badge>
        ) : null
      }
      primaryAction={overview ? { content: t("admin.portals.create"), url: "/admin/portals/new" } : undefined}
      secondaryActions={
        <Form method="post" action="/admin/sign-out">
          <Button submit variant="tertiary">{t("admin.signOut")}</Button>
        </Form>
      }
    >
      {overview ? <OverviewCards overview={overview} /> : <Banner tone="warning" title={t("admin.overview.uninstalled")} />}
    </Page>
  );
}

/** The loader's overview after JSON: dates arrive as text. */
type OverviewData = Omit<AdminOverview, "approvals"> & {
  approvals: Omit<AdminOverview["approvals"], "oldestSubmittedAt"> & { oldestSubmittedAt: string | null };
};

function OverviewCards({ overview }: { overview: OverviewData }) {
  const t = useT();
  const { portals, members, approvals, attention, tenant } = overview;
  const hasPortals = portals.active + portals.disabled > 0;
  const platformIssues = attention.failedInbound + attention.waitingInbound + attention.failedOutbound + attention.heldOutbound;
  return (
    <BlockStack gap="400">
      {tenant.status === "disabled" ? (
        <Banner tone="warning" title={t("admin.overview.disabledTitle", { tenant: tenant.name })}>
          <Text as="p">{t("admin.overview.disabledBody")}</Text>
        </Banner>
      ) : null}
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <OverviewCard
          title={t("admin.nav.portals")}
          count={portals.active}
          countLabel={t("admin.overview.portalsActive", { count: portals.active })}
          action={hasPortals ? { label: t("admin.overview.portalsView"), url: "/admin/portals" } : undefined}
        >
          {hasPortals ? (
            portals.disabled > 0 ? (
              <Link url="/admin/portals?status=disabled" monochrome>{t("admin.overview.portalsDisabled", { count: portals.disabled })}</Link>
            ) : null
          ) : (
            <BlockStack gap="300" inlineAlign="start">
              <Text as="p" tone="subdued">{t("admin.overview.portalsNone")}</Text>
              <Button url="/admin/portals/new" variant="primary">{t("admin.overview.portalsCreateFirst")}</Button>
            </BlockStack>
          )}
        </OverviewCard>

        <OverviewCard
          title={t("admin.overview.members")}
          count={members.active}
          countLabel={t("admin.overview.membersActive", { count: members.active })}
          action={hasPortals ? { label: t("admin.overview.portalsView"), url: "/admin/portals" } : undefined}
        >
          {members.invited > 0 ? <Counted count={members.invited} tone="attention" text={t("admin.overview.membersInvited", { count: members.invited })} /> : null}
          {members.notInvited > 0 ? <Counted count={members.notInvited} tone="attention" text={t("admin.overview.membersNotInvited", { count: members.notInvited })} /> : null}
          {members.active + members.invited + members.notInvited === 0 ? (
            <Text as="p" tone="subdued">{t(hasPortals ? "admin.overview.membersNone" : "admin.overview.membersNoPortal")}</Text>
          ) : null}
        </OverviewCard>

        <OverviewCard
          title={t("admin.overview.approvals")}
          count={approvals.waiting}
          countLabel={t("admin.overview.approvalsWaiting", { count: approvals.waiting })}
        >
          {approvals.waiting === 0 ? <Text as="p" tone="subdued">{t("admin.overview.approvalsNone")}</Text> : <WaitingCustomers approvals={approvals} />}
        </OverviewCard>

        <OverviewCard
          title={t("admin.overview.attention")}
          count={attention.failedEmails + platformIssues}
          countLabel={t("admin.overview.attentionCount", { count: attention.failedEmails + platformIssues })}
          action={{ label: t("admin.integration.link"), url: "/admin/integration" }}
        >
          <AttentionLines attention={attention} hostEventsStopped={tenant.hostEventsStopped} />
        </OverviewCard>
      </InlineGrid>
    </BlockStack>
  );
}

function OverviewCard(props: { title: string; count: number; countLabel: string; action?: { label: string; url: string }; children: ReactNode }) {
  const intl = useIntl();
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">{props.title}</Text>
          {props.action ? <Link url={props.action.url}>{props.action.label}</Link> : null}
        </InlineStack>
        <BlockStack gap="100">
          <Text as="p" variant="heading2xl" numeric>
            {intl.formatNumber(props.count)}
          </Text>
          <Text as="p" tone="subdued">{props.countLabel}</Text>
        </BlockStack>
        {props.children}
      </BlockStack>
    </Card>
  );
}

/** One counted line, the number in a badge, so that what needs a look stands out without shouting. */
function Counted({ count, text, tone, url }: { count: number; text: string; tone: "attention" | "critical" | "warning"; url?: string }) {
  const intl = useIntl();
  return (
    <InlineStack gap="200" blockAlign="center" wrap={false}>
      <Badge tone={tone}>{intl.formatNumber(count)}</Badge>
      {url ? <Link url={url} monochrome>{text}</Link> : <Text as="span">{text}</Text>}
    </InlineStack>
  );
}

function WaitingCustomers({ approvals }: { approvals: OverviewData["approvals"] }) {
  const t = useT();
  const intl = useIntl();
  return (
    <BlockStack gap="200">
      {approvals.oldestSubmittedAt ? (
        <Text as="p" tone="subdued">
          {t("admin.overview.approvalsOldest", { date: intl.formatDate(approvals.oldestSubmittedAt, { dateStyle: "medium" }) })}
        </Text>
      ) : null}
      <Box>
        {approvals.byCustomer.map((row) => (
          <InlineStack key={row.customerId} align="space-between" blockAlign="center" gap="200">
            <InlineStack gap="200" blockAlign="center">
              <Link url={`/admin/portals?${new URLSearchParams({ customerId: row.customerId })}`} removeUnderline>
                {row.customerName}
              </Link>
              {row.withoutPortal > 0 ? <Badge tone="warning">{t("admin.overview.approvalsNoPortal", { count: row.withoutPortal })}</Badge> : null}
            </InlineStack>
            <Text as="span" numeric>{intl.formatNumber(row.count)}</Text>
          </InlineStack>
        ))}
      </Box>
    </BlockStack>
  );
}

function AttentionLines({ attention, hostEventsStopped }: { attention: OverviewData["attention"]; hostEventsStopped: boolean }) {
  const t = useT();
  const lines: Array<{ id: MessageId; count: number; tone: "critical" | "warning"; url?: string }> = [
    { id: "admin.overview.failedEmails", count: attention.failedEmails, tone: "critical", url: "/admin/emails?status=failed" },
    { id: "admin.overview.failedInbound", count: attention.failedInbound, tone: "critical" },
    { id: "admin.overview.waitingInbound", count: attention.waitingInbound, tone: "warning" },
    { id: "admin.overview.failedOutbound", count: attention.failedOutbound, tone: "critical" },
    { id: "admin.overview.heldOutbound", count: attention.heldOutbound, tone: "warning" },
  ];
  const shown = lines.filter((line) => line.count > 0);
  return (
    <BlockStack gap="200">
      {hostEventsStopped ? <Text as="p" tone="critical">{t("admin.integration.eventsStopped")}</Text> : null}
      {shown.map((line) => <Counted key={line.id} count={line.count} tone={line.tone} url={line.url} text={t(line.id, { count: line.count })} />)}
      {shown.length === 0 && !hostEventsStopped ? <Text as="p" tone="subdued">{t("admin.overview.attentionNone")}</Text> : null}
    </BlockStack>
  );
}
