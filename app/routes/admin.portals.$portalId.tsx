import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DescriptionList, IndexTable, Layout, Link, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { useIntl } from "react-intl";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { requireAdmin } from "~/.server/auth/guards";
import { sendInvitation } from "~/.server/auth/invitations";
import { requestInfo } from "~/.server/auth/request-info";
import { wakeOutboxWorker } from "~/.server/email/worker";
import { baseUrl } from "~/.server/http/language";
import { withClaims } from "~/.server/db";
import { notFound, uuidParam } from "~/.server/http/params";
import { listDecisions } from "~/.server/approvals/history";
import { getTenantPortal } from "~/.server/portals/admin-portals";
import { startPortalPreview } from "~/.server/portals/preview";
import { previewCookieHeader } from "~/.server/portals/viewer";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const portalId = uuidParam(params.portalId);
  const detail = await withClaims(claims, async (tx) => {
    const portal = await getTenantPortal(tx, portalId);
    return portal ? { ...portal, decisions: await listDecisions(tx, portalId, 20) } : null;
  });
  if (!detail) throw notFound();
  return json(detail);
}

const memberForm = z.object({ intent: z.enum(["invite", "preview"]), memberId: z.string().uuid() });

export async function action({ request, params }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const portalId = uuidParam(params.portalId);
  const parsed = memberForm.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ invited: null }, { status: 400 });
  if (parsed.data.intent === "preview") {
    const preview = await startPortalPreview(claims, { portalId, memberId: parsed.data.memberId, info: requestInfo(request) });
    if (!preview) throw notFound();
    return redirect(`/portals/${portalId}`, { headers: { "Set-Cookie": await previewCookieHeader(request, preview) } });
  }
  const sent = await sendInvitation(claims, { memberId: parsed.data.memberId, baseUrl: baseUrl(request), info: requestInfo(request) });
  if (!sent) throw notFound();
  wakeOutboxWorker();
  return json({ invited: parsed.data.memberId });
}

export default function AdminPortalPage() {
  const { portal, projects, members, decisions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const invitedName = members.find((member) => member.id === actionData?.invited)?.name;
  const t = useT();
  const intl = useIntl();
  const yesNo = (value: boolean) => t(value ? "admin.yes" : "admin.no");
  const memberStatus = (member: (typeof members)[number]) =>
    member.removedAt ? "admin.portal.member.removed" : member.acceptedAt ? "admin.portal.member.active" : "admin.portal.member.invited";

  return (
    <Page
      title={portal.name}
      subtitle={portal.customerName}
      backAction={{ content: t("admin.portal.back"), url: "/admin" }}
      titleMetadata={<Badge tone={portal.status === "active" ? "success" : undefined}>{t(portal.status === "active" ? "admin.portal.active" : "admin.portal.disabled")}</Badge>}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {invitedName ? <Banner tone="success" title={t("admin.portal.member.invitationSent", { name: invitedName })} /> : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">{t("admin.portal.settings")}</Text>
                <DescriptionList
                  items={[
                    { term: t("admin.portal.language"), description: portal.language.toUpperCase() },
                    { term: t("admin.portal.hoursVisibility"), description: t(`admin.portal.visibility.${portal.hoursVisibility}` as MessageId) },
                    { term: t("hours.tab.expense"), description: yesNo(portal.showExpenses) },
                    { term: t("hours.tab.mileage"), description: yesNo(portal.showMileage) },
                    { term: t("admin.portal.budget"), description: yesNo(portal.showBudget) },
                    { term: t("admin.portal.milestones"), description: yesNo(portal.showMilestones) },
                    { term: t("admin.portal.invoices"), description: yesNo(portal.showInvoices) },
                    { term: t("admin.portal.quotes"), description: yesNo(portal.showQuotes) },
                    { term: t("admin.portal.onlyPending"), description: yesNo(portal.onlyPendingApproval) },
                    { term: t("admin.portal.approve"), description: yesNo(portal.canApprove) },
                    { term: t("admin.portal.signature"), description: yesNo(portal.requireSignature) },
                  ]}
                />
                {portal.showInvoices || portal.showQuotes ? (
                  <Banner tone="info">{t("admin.portal.invoicesNote")}</Banner>
                ) : null}
              </BlockStack>
            </Card>
            <Card padding="0">
              <div style={{ padding: "var(--p-space-400)" }}>
                <Text as="h2" variant="headingMd">{t("admin.portal.members")}</Text>
              </div>
              <IndexTable
                resourceName={{ singular: t("admin.portal.members"), plural: t("admin.portal.members") }}
                itemCount={members.length}
                selectable={false}
                headings={[
                  { title: t("admin.portal.memberName") },
                  { title: t("login.email") },
                  { title: t("admin.portal.status") },
                  { title: t("admin.portal.member.lastSignIn") },
                  { title: t("admin.portal.member.invitation") },
                  { title: t("admin.portal.member.openPortal") },
                ]}
              >
                {members.map((member, index) => (
                  <IndexTable.Row id={member.id} key={member.id} position={index}>
                    <IndexTable.Cell>{member.name}</IndexTable.Cell>
                    <IndexTable.Cell>{member.email}</IndexTable.Cell>
                    <IndexTable.Cell><Badge>{t(memberStatus(member))}</Badge></IndexTable.Cell>
                    <IndexTable.Cell>
                      {member.lastSignInAt
                        ? intl.formatDate(member.lastSignInAt, { dateStyle: "medium", timeStyle: "short" })
                        : t("admin.portal.member.never")}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {member.removedAt ? null : (
                        <Form method="post">
                          <input type="hidden" name="intent" value="invite" />
                          <input type="hidden" name="memberId" value={member.id} />
                          <Button submit size="slim" disabled={navigation.state !== "idle"} accessibilityLabel={`${t("admin.portal.member.sendInvitation")}: ${member.name}`}>
                            {t(member.invitedAt ? "admin.portal.member.resendInvitation" : "admin.portal.member.sendInvitation")}
                          </Button>
                        </Form>
                      )}
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      {member.removedAt ? null : (
                        <Form method="post">
                          <input type="hidden" name="intent" value="preview" />
                          <input type="hidden" name="memberId" value={member.id} />
                          <Button submit size="slim" variant="plain" accessibilityLabel={t("admin.portal.member.openPortalAs", { name: member.name })}>
                            {t("admin.portal.member.openPortal")}
                          </Button>
                        </Form>
                      )}
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("admin.portal.projects")}</Text>
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
