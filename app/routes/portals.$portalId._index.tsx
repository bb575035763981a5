import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Card, InlineStack, Link, Page, ProgressBar, ResourceItem, ResourceList, Text } from "@shopify/polaris";
import { BillingTiles } from "~/components/billing/billing-tiles";
import { EmptyNote } from "~/components/empty-note";
import { useIntl } from "react-intl";
import { LanguageSwitch } from "~/components/language-switch";
import { AccountActions } from "~/components/account-actions";
import { useT } from "~/i18n/use-t";
import { PortalBrand } from "~/components/portal-brand";
import { PreviewBanner } from "~/components/preview-banner";
import { billingViewerOf } from "~/.server/billing/access";
import { portalBillingTiles } from "~/.server/billing/dashboard";
import { uuidParam } from "~/.server/http/params";
import { listPortalProjects } from "~/.server/portals/contact-portals";
import { withPortalPage } from "~/.server/portals/project-scope";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await billingViewerOf(request, uuidParam(params.portalId));
  return json(await withPortalPage(request, params, async (tx, portal) => ({
    projects: await listPortalProjects(tx, portal.id),
    tiles: await portalBillingTiles(tx, portal.id, viewer),
  })));
}

export default function PortalProjectsPage() {
  const { portal, projects, tiles, preview, branding } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const waiting = projects.reduce((sum, project) => sum + project.waitingForApproval, 0);
  const firstWaiting = projects.find((project) => project.waitingForApproval > 0);
  const waitingUrl = (projectId: string) => `/portals/${portal.id}/projects/${projectId}?status=pending_external`;
  return (
    <Page
      title={portal.name}
      subtitle={`${portal.tenantName} · ${portal.customerName}`}
      backAction={{ content: t("projects.allPortals"), url: "/portals?choose" }}
      secondaryActions={<AccountActions />}
    >
      <BlockStack gap="400">
        {preview ? <PreviewBanner memberName={preview.memberName} /> : null}
        {branding ? <PortalBrand {...branding} /> : null}
        {firstWaiting ? (
          <Banner
            tone="warning"
            title={t("dashboard.waiting", { count: waiting })}
            action={{ content: t("dashboard.review"), url: waitingUrl(firstWaiting.id) }}
          />
        ) : null}
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <Text as="h2" variant="headingLg">{t("projects.title")}</Text>
        </Box>
        <Card padding="0">
          {projects.length === 0 ? (
            <EmptyNote>{t("projects.empty")}</EmptyNote>
          ) : (
            <ResourceList
              items={projects}
              renderItem={(project) => {
                const used = Number(project.usedHours);
                const budget = project.budgetHours === null ? null : Number(project.budgetHours);
                return (
                  <ResourceItem id={project.id} url={`/portals/${portal.id}/projects/${project.id}`} accessibilityLabel={project.name}>
                    <BlockStack gap="200">
                      <InlineStack align="space-between" gap="200">
                        <InlineStack gap="200" blockAlign="center">
                          <Text as="h3" variant="headingMd">{project.name}</Text>
                          {project.waitingForApproval > 0 ? (
                            <Badge tone="critical">{t("dashboard.projectWaiting", { count: project.waitingForApproval })}</Badge>
                          ) : null}
                        </InlineStack>
                        {project.code ? <Text as="span" tone="subdued">{project.code}</Text> : null}
                      </InlineStack>
                      {budget ? (
                        <BlockStack gap="100">
                          <ProgressBar progress={Math.min(100, (used / budget) * 100)} size="small" tone={used > budget ? "critical" : "highlight"} />
                          <Text as="span" tone="subdued">
                            {t("projects.hoursBudget", {
                              used: intl.formatNumber(used, { maximumFractionDigits: 1 }),
                              budget: intl.formatNumber(budget, { maximumFractionDigits: 0 }),
                            })}
                          </Text>
                        </BlockStack>
                      ) : null}
                      {project.milestonesTotal > 0 ? (
                        <Text as="span" tone="subdued">
                          {t("projects.milestones", { done: project.milestonesDone, total: project.milestonesTotal })}
                        </Text>
                      ) : null}
                    </BlockStack>
                  </ResourceItem>
                );
              }}
            />
          )}
        </Card>
        <BillingTiles portalId={portal.id} tiles={tiles} />
        <Box paddingInline={{ xs: "400", sm: "0" }}>
          <InlineStack gap="400" align="space-between" blockAlign="center" wrap>
            <Link url={`/portals/${portal.id}/decisions`}>{t("decisions.link")}</Link>
            <LanguageSwitch />
          </InlineStack>
        </Box>
      </BlockStack>
    </Page>
  );
}
