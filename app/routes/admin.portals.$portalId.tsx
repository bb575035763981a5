import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useOutlet, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DescriptionList, InlineStack, Layout, Link, Modal, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { useIntl } from "react-intl";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { ActionToast } from "~/components/admin/action-toast";
import { requireAdmin } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { notFound, uuidParam } from "~/.server/http/params";
import { deletePortal, setPortalStatus } from "~/.server/portals/portal-editor";
import { loadPortalOverview } from "~/.server/portals/portal-overview";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const overview = await loadPortalOverview(claims, uuidParam(params.portalId));
  if (!overview) throw notFound();
  return json(overview);
}

const portalAction = z.object({ intent: z.enum(["disable", "enable", "delete"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const portalId = uuidParam(params.portalId);
  const parsed = portalAction.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ done: null }, { status: 400 });
  const info = requestInfo(request);
  if (parsed.data.intent === "delete") {
    if (!(await deletePortal(claims, portalId, info))) throw notFound();
    return redirect("/admin/portals?deleted=1");
  }
  const enable = parsed.data.intent === "enable";
  if (!(await setPortalStatus(claims, portalId, enable ? "active" : "disabled", info))) throw notFound();
  return json({ done: enable ? ("enabled" as const) : ("disabled" as const) });
}

// Dropping the "saved" note from the address after its toast needs no new data.
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) =>
  !formMethod && currentUrl.pathname === nextUrl.pathname && currentUrl.searchParams.has("saved") && !nextUrl.searchParams.has("saved")
    ? false
    : defaultShouldRevalidate;

/** The portal's summary; its edit and members pages render in its place. */
export default function AdminPortalRoute() {
  return useOutlet() ?? <AdminPortalPage />;
}

type Confirm = "disable" | "enable" | "delete";

const SAVED_TOASTS: Record<string, MessageId> = {
  created: "admin.portalEditor.toast.created",
  updated: "admin.portalEditor.toast.updated",
};

function AdminPortalPage() {
  const { portal, projects, members, decisions } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const [searchParams, setSearchParams] = useSearchParams();
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const t = useT();
  const intl = useIntl();
  const settings = portal.settings;
  const yesNo = (value: boolean) => t(value ? "admin.yes" : "admin.no");
  const active = portal.status === "active";
  const portalUrl = `/admin/portals/${portal.id}`;

  const savedToast = SAVED_TOASTS[searchParams.get("saved") ?? ""];
  useEffect(() => {
    if (savedToast) setSearchParams((params) => { params.delete("saved"); return params; }, { replace: true, preventScrollReset: true });
  }, [savedToast, setSearchParams]);
  const done = fetcher.data?.done;
  useEffect(() => {
    if (done) setConfirm(null);
  }, [done, fetcher.data]);

  return (
    <Page
      title={settings.name}
      subtitle={portal.customerName}
      backAction={{ content: t("admin.portal.back"), url: "/admin/portals" }}
      titleMetadata={<Badge tone={active ? "success" : undefined}>{t(active ? "admin.portal.active" : "admin.portal.disabled")}</Badge>}
      primaryAction={{ content: t("admin.portalPage.edit"), url: `${portalUrl}/edit` }}
      secondaryActions={[
        { content: t(active ? "admin.portalPage.disable" : "admin.portalPage.enable"), onAction: () => setConfirm(active ? "disable" : "enable") },
        { content: t("admin.portalPage.delete"), destructive: true, onAction: () => setConfirm("delete") },
      ]}
    >
      <ActionToast message={savedToast ? t(savedToast) : null} />
      <ActionToast message={done ? t(`admin.portalEditor.toast.${done}`) : null} answer={fetcher.data} />
      <ConfirmModal
        confirm={confirm}
        portalName={settings.name}
        busy={fetcher.state !== "idle"}
        onClose={() => setConfirm(null)}
        onConfirm={(intent) => fetcher.submit({ intent }, { method: "post" })}
      />
      <Layout>
        {active ? null : (
          <Layout.Section>
            <Banner tone="warning" title={t("admin.portalPage.disabledTitle")} action={{ content: t("admin.portalPage.enable"), onAction: () => setConfirm("enable") }}>
              <Text as="p">{t("admin.portalPage.disabledBody")}</Text>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">{t("admin.portal.settings")}</Text>
              <DescriptionList
                items={[
                  { term: t("admin.portal.language"), description: settings.language.toUpperCase() },
                  { term: t("admin.portal.hoursVisibility"), description: t(`admin.portal.visibility.${settings.hoursVisibility}`) },
                  { term: t("admin.portalEditor.expenses"), description: yesNo(settings.showExpenses) },
                  { term: t("admin.portalEditor.mileage"), description: yesNo(settings.showMileage) },
                  { term: t("admin.portal.onlyPending"), description: yesNo(settings.onlyPendingApproval) },
                  { term: t("admin.portal.budget"), description: yesNo(settings.showBudget) },
                  { term: t("admin.portal.milestones"), description: yesNo(settings.showMilestones) },
                  { term: t("admin.portal.invoices"), description: yesNo(settings.showInvoices) },
                  { term: t("admin.portal.quotes"), description: yesNo(settings.showQuotes) },
                  {
                    term: t("admin.portalEditor.orders"),
                    description: settings.showOrders
                      ? `${yesNo(true)} · ${t("admin.portalEditor.orderHours")}: ${t(`admin.portal.visibility.${settings.orderHoursVisibility}`)}`
                      : yesNo(false),
                  },
                  { term: t("admin.portalEditor.documents"), description: yesNo(settings.showDocuments) },
                  { term: t("admin.portalEditor.subscriptions"), description: yesNo(settings.showSubscriptions) },
                  { term: t("admin.portalEditor.assets"), description: yesNo(settings.showAssets) },
                  { term: t("admin.portalEditor.jobs"), description: yesNo(settings.showJobs) },
                  {
                    term: t("admin.portal.approve"),
                    description: portal.approvalAvailable ? yesNo(settings.canApprove) : t("admin.portalPage.approveNotInWorkflow"),
                  },
                  ...(portal.approvalAvailable && settings.canApprove
                    ? [{ term: t("admin.portal.signature"), description: yesNo(settings.requireSignature) }]
                    : []),
                  { term: t("admin.portalEditor.editCompany"), description: yesNo(settings.canEditCompany) },
                  { term: t("admin.portalEditor.workRequests"), description: yesNo(settings.canFileWorkRequests) },
                ]}
              />
              {settings.showInvoices || settings.showQuotes ? (
                <Banner tone="info">
                  {t(settings.onlyProjectInvoices ? "admin.portalPage.invoicesOfProjects" : "admin.portal.invoicesNote")}
                </Banner>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">{t("admin.portal.members")}</Text>
                <BlockStack gap="100">
                  {([["admin.portal.member.active", members.active], ["admin.portal.member.invited", members.invited],
                    ["admin.portal.member.removed", members.removed]] as const).map(([label, count]) => (
                    <InlineStack key={label} align="space-between" gap="200">
                      <Text as="span">{t(label)}</Text>
                      <Text as="span" numeric fontWeight="semibold">{intl.formatNumber(count)}</Text>
                    </InlineStack>
                  ))}
                </BlockStack>
                <Text as="p" tone="subdued">{t("admin.portalPage.membersHelp")}</Text>
                <Button url={`${portalUrl}/members`}>{t("admin.portalEditor.manageMembers")}</Button>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("admin.portal.projects")}</Text>
                {projects.length === 0 ? <Text as="p" tone="subdued">{t("admin.portalPage.noProjects")}</Text> : null}
                {projects.map((project) => (
                  <Text as="p" key={project.id}>
                    {project.name} {project.code ? <Text as="span" tone="subdued">({project.code})</Text> : null}
                  </Text>
                ))}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("decisions.title")}</Text>
                {decisions.length === 0 ? <Text as="p" tone="subdued">{t("admin.portal.noDecisions")}</Text> : null}
                {decisions.map((decision) => (
                  <BlockStack gap="050" key={decision.id}>
                    <Text as="p">
                      {t(`decision.label.${decision.decision}` as MessageId)} · {t("decisions.count", { count: decision.registrationCount })}
                    </Text>
                    <Text as="p" tone="subdued">
                      {decision.signerName ?? decision.memberName} · {intl.formatDate(decision.decidedAt, { dateStyle: "medium", timeStyle: "short" })}
                    </Text>
                    <Link url={`/admin/decisions/${decision.id}/evidence`} target="_blank">{t("history.evidence")}</Link>
                  </BlockStack>
                ))}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

const CONFIRM_TEXTS: Record<Confirm, { title: MessageId; body: MessageId; action: MessageId }> = {
  disable: { title: "admin.portalPage.disableTitle", body: "admin.portalPage.disableBody", action: "admin.portalPage.disableConfirm" },
  enable: { title: "admin.portalPage.enableTitle", body: "admin.portalPage.enableBody", action: "admin.portalPage.enableConfirm" },
  delete: { title: "admin.portalPage.deleteTitle", body: "admin.portalPage.deleteBody", action: "admin.portalPage.deleteConfirm" },
};

/** Says what the step does before it is taken: each of them reaches the customer's contacts at once. */
function ConfirmModal(props: {
  confirm: Confirm | null;
  portalName: string;
  busy: boolean;
  onClose: () => void;
  onConfirm: (intent: Confirm) => void;
}) {
  const t = useT();
  const texts = props.confirm ? CONFIRM_TEXTS[props.confirm] : null;
  return (
    <Modal
      open={props.confirm !== null}
      onClose={props.onClose}
      title={texts ? t(texts.title, { portal: props.portalName }) : ""}
      primaryAction={texts ? {
        content: t(texts.action),
        destructive: props.confirm !== "enable",
        loading: props.busy,
        onAction: () => props.confirm && props.onConfirm(props.confirm),
      } : undefined}
      secondaryActions={[{ content: t("admin.portalEditor.cancel"), onAction: props.onClose, disabled: props.busy }]}
    >
      <Modal.Section>
        <Text as="p">{texts ? t(texts.body) : null}</Text>
      </Modal.Section>
    </Modal>
  );
}
