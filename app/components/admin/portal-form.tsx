import { Form } from "@remix-run/react";
import {
  Badge, Banner, BlockStack, Box, Button, Card, Checkbox, ChoiceList, InlineError, InlineStack, Layout, Link, Select, Text, TextField,
} from "@shopify/polaris";
import { useState, type ReactNode } from "react";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import {
  HOURS_VISIBILITIES, PORTAL_NAME_MAX, type HoursVisibility, type PortalSettings, type PortalSwitch,
} from "~/shared/portal-settings";

export type PortalFormProject = { id: string; name: string; code: string | null; status: string };
export type PortalFormErrors = Partial<Record<string, MessageId>>;

type Props = {
  initial: PortalSettings;
  initialProjectIds: string[];
  /** The customer's projects that a portal can show. */
  projects: PortalFormProject[];
  approvalAvailable: boolean;
  errors: PortalFormErrors;
  submitting: boolean;
  cancelUrl: string;
} & (
  | { mode: "create"; customers: Array<{ id: string; name: string }>; customerId: string | null; onCustomerChange: (id: string) => void }
  | { mode: "edit"; customerName: string; membersUrl: string }
);

/**
 * One form for creating and editing a portal, in the four sections admins
 * know from the peers (General, Settings, Projects, Access). The server
 * validates everything again; this form only keeps the choices coherent.
 */
export function PortalForm(props: Props) {
  const t = useT();
  const [settings, setSettings] = useState<PortalSettings>(props.initial);
  const [projectIds, setProjectIds] = useState<string[]>(props.initialProjectIds);
  const set = <K extends keyof PortalSettings>(key: K, value: PortalSettings[K]) => setSettings((before) => ({ ...before, [key]: value }));
  const error = (field: string) => (props.errors[field] ? t(props.errors[field]) : undefined);
  const hasErrors = Object.keys(props.errors).length > 0;

  const chooseCustomer = (id: string) => {
    if (props.mode !== "create") return;
    const customer = props.customers.find((candidate) => candidate.id === id);
    // A fresh portal is named after its customer until the admin names it.
    if (customer && (!settings.name || props.customers.some((candidate) => candidate.name === settings.name))) set("name", customer.name);
    setProjectIds([]);
    props.onCustomerChange(id);
  };

  return (
    <Form method="post">
      <Layout>
        {hasErrors ? (
          <Layout.Section>
            <Banner tone="critical" title={t("admin.portalEditor.notSaved")}>
              {props.errors.form ? <Text as="p">{t(props.errors.form)}</Text> : null}
            </Banner>
          </Layout.Section>
        ) : null}

        <Layout.AnnotatedSection title={t("admin.portalEditor.general")} description={t("admin.portalEditor.generalHelp")}>
          <Card>
            <BlockStack gap="400">
              {props.mode === "create" ? (
                props.customers.length === 0 ? (
                  <Banner tone="warning">{t("admin.portalEditor.noCustomers")}</Banner>
                ) : (
                  <Select
                    label={t("admin.portal.customer")}
                    name="customerId"
                    options={props.customers.map((customer) => ({ label: customer.name, value: customer.id }))}
                    placeholder={t("admin.portalEditor.chooseCustomer")}
                    value={props.customerId ?? ""}
                    onChange={chooseCustomer}
                    helpText={t("admin.portalEditor.customerHelp")}
                    error={error("customerId")}
                  />
                )
              ) : (
                <BlockStack gap="100">
                  <Text as="p" variant="bodyMd" fontWeight="semibold">{t("admin.portal.customer")}</Text>
                  <Text as="p">{props.customerName}</Text>
                </BlockStack>
              )}
              <TextField
                label={t("admin.portalEditor.name")}
                name="name"
                autoComplete="off"
                value={settings.name}
                onChange={(value) => set("name", value)}
                maxLength={PORTAL_NAME_MAX}
                showCharacterCount
                helpText={t("admin.portalEditor.nameHelp")}
                error={error("name")}
              />
              <Select
                label={t("admin.portal.language")}
                name="language"
                options={[{ label: "Nederlands", value: "nl" }, { label: "English", value: "en" }]}
                value={settings.language}
                onChange={(value) => set("language", value === "en" ? "en" : "nl")}
                helpText={t("admin.portalEditor.languageHelp")}
                error={error("language")}
              />
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title={t("admin.portalEditor.settings")} description={t("admin.portalEditor.settingsHelp")}>
          <Card>
            <BlockStack gap="500">
              <Group title={t("admin.portalEditor.group.registrations")}>
                <VisibilityChoice
                  name="hoursVisibility" title={t("admin.portal.hoursVisibility")} value={settings.hoursVisibility}
                  onChange={(value) => set("hoursVisibility", value)} error={error("hoursVisibility")}
                />
                <Switch name="showExpenses" label={t("admin.portalEditor.expenses")} settings={settings} set={set} />
                <Switch name="showMileage" label={t("admin.portalEditor.mileage")} settings={settings} set={set} />
                <Switch name="onlyPendingApproval" label={t("admin.portal.onlyPending")} help={t("admin.portalEditor.onlyPendingHelp")} settings={settings} set={set} />
              </Group>

              <Group title={t("admin.portalEditor.group.progress")}>
                <Switch name="showBudget" label={t("admin.portal.budget")} help={t("admin.portalEditor.budgetHelp")} settings={settings} set={set} />
                <Switch name="showMilestones" label={t("admin.portal.milestones")} help={t("admin.portalEditor.milestonesHelp")} settings={settings} set={set} />
              </Group>

              <Group title={t("admin.portalEditor.group.billing")} help={t("admin.portalEditor.billingHelp")}>
                <Switch name="showInvoices" label={t("admin.portal.invoices")} settings={settings} set={set} />
                <Switch name="showQuotes" label={t("admin.portal.quotes")} settings={settings} set={set} />
                {settings.showInvoices || settings.showQuotes ? (
                  <Nested>
                    <Switch name="onlyProjectInvoices" label={t("admin.portalEditor.onlyProjectInvoices")} help={t("admin.portalEditor.onlyProjectInvoicesHelp")} settings={settings} set={set} />
                  </Nested>
                ) : (
                  <Kept name="onlyProjectInvoices" value={settings.onlyProjectInvoices} />
                )}
                <Switch name="showOrders" label={t("admin.portalEditor.orders")} settings={settings} set={set} />
                {settings.showOrders ? (
                  <Nested>
                    <VisibilityChoice
                      name="orderHoursVisibility" title={t("admin.portalEditor.orderHours")} value={settings.orderHoursVisibility}
                      onChange={(value) => set("orderHoursVisibility", value)} error={error("orderHoursVisibility")}
                    />
                  </Nested>
                ) : (
                  <input type="hidden" name="orderHoursVisibility" value={settings.orderHoursVisibility} />
                )}
              </Group>

              <Group title={t("admin.portalEditor.group.more")}>
                <Switch name="showDocuments" label={t("admin.portalEditor.documents")} help={t("admin.portalEditor.documentsHelp")} settings={settings} set={set} />
                <Switch name="showSubscriptions" label={t("admin.portalEditor.subscriptions")} help={t("admin.portalEditor.subscriptionsHelp")} settings={settings} set={set} />
                <Switch name="showAssets" label={t("admin.portalEditor.assets")} settings={settings} set={set} />
                <Switch name="showJobs" label={t("admin.portalEditor.jobs")} settings={settings} set={set} />
              </Group>

              <Group title={t("admin.portalEditor.group.approval")}>
                {props.approvalAvailable ? (
                  <>
                    <input type="hidden" name="approvalShown" value="true" />
                    <Checkbox
                      label={t("admin.portal.approve")} name="canApprove" value="true" checked={settings.canApprove}
                      onChange={(checked) => set("canApprove", checked)} helpText={t("admin.portalEditor.approveHelp")} error={error("canApprove")}
                    />
                    {settings.canApprove ? (
                      <Nested>
                        <Switch name="requireSignature" label={t("admin.portal.signature")} help={t("admin.portalEditor.signatureHelp")} settings={settings} set={set} />
                      </Nested>
                    ) : null}
                  </>
                ) : (
                  <BlockStack gap="100">
                    <Text as="p" tone="subdued">
                      {t("admin.portalEditor.approveUnavailable")} <Link url="/admin/settings">{t("admin.portalEditor.workflowLink")}</Link>
                    </Text>
                    {error("canApprove") ? <InlineError fieldID="canApprove" message={error("canApprove")!} /> : null}
                  </BlockStack>
                )}
              </Group>

              <Group title={t("admin.portalEditor.group.customer")}>
                <Switch name="canEditCompany" label={t("admin.portalEditor.editCompany")} help={t("admin.portalEditor.editCompanyHelp")} settings={settings} set={set} />
                <Switch name="canFileWorkRequests" label={t("admin.portalEditor.workRequests")} settings={settings} set={set} />
              </Group>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title={t("admin.portal.projects")} description={t("admin.portalEditor.projectsHelp")}>
          <Card>
            <ProjectChoice
              projects={props.projects}
              chosen={projectIds}
              onChange={setProjectIds}
              customerChosen={props.mode === "edit" || props.customerId !== null}
              error={error("projectIds")}
            />
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection title={t("admin.portalEditor.access")} description={t("admin.portalEditor.accessHelp")}>
          <Card>
            {props.mode === "create" ? (
              <Text as="p">{t("admin.portalEditor.accessCreate")}</Text>
            ) : (
              <BlockStack gap="300" inlineAlign="start">
                <Text as="p">{t("admin.portalEditor.accessEdit")}</Text>
                <Button url={props.membersUrl}>{t("admin.portalEditor.manageMembers")}</Button>
              </BlockStack>
            )}
          </Card>
        </Layout.AnnotatedSection>

        <Layout.Section>
          <InlineStack align="end" gap="200">
            <Button url={props.cancelUrl}>{t("admin.portalEditor.cancel")}</Button>
            <Button submit variant="primary" loading={props.submitting}>
              {t(props.mode === "create" ? "admin.portalEditor.create" : "admin.portalEditor.save")}
            </Button>
          </InlineStack>
        </Layout.Section>
      </Layout>
    </Form>
  );
}

function Group(props: { title: string; help?: string; children: ReactNode }) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">{props.title}</Text>
      {props.help ? <Text as="p" tone="subdued">{props.help}</Text> : null}
      {props.children}
    </BlockStack>
  );
}

/** A setting that only means something under the one above it. */
function Nested(props: { children: ReactNode }) {
  return <Box paddingInlineStart="600">{props.children}</Box>;
}

/** Posts "true" when checked, nothing otherwise (the server reads a missing switch as off). */
function Switch(props: {
  name: PortalSwitch | "requireSignature";
  label: string;
  help?: string;
  settings: PortalSettings;
  set: <K extends keyof PortalSettings>(key: K, value: PortalSettings[K]) => void;
}) {
  return (
    <Checkbox
      label={props.label} name={props.name} value="true" checked={props.settings[props.name]}
      onChange={(checked) => props.set(props.name, checked)} helpText={props.help}
    />
  );
}

/** A setting out of sight keeps its value, so hiding its parent does not erase it. */
function Kept(props: { name: string; value: boolean }) {
  return props.value ? <input type="hidden" name={props.name} value="true" /> : null;
}

const VISIBILITY_HELP: Record<HoursVisibility, MessageId> = {
  hidden: "admin.portalEditor.visibility.hiddenHelp",
  without_description: "admin.portalEditor.visibility.withoutDescriptionHelp",
  full: "admin.portalEditor.visibility.fullHelp",
};

function VisibilityChoice(props: { name: string; title: string; value: HoursVisibility; onChange: (value: HoursVisibility) => void; error?: string }) {
  const t = useT();
  return (
    <ChoiceList
      title={props.title}
      name={props.name}
      choices={HOURS_VISIBILITIES.map((value) => ({
        value, label: t(`admin.portal.visibility.${value}`), helpText: t(VISIBILITY_HELP[value]),
      }))}
      selected={[props.value]}
      onChange={([value]) => props.onChange((HOURS_VISIBILITIES as readonly string[]).includes(value ?? "") ? (value as HoursVisibility) : props.value)}
      error={props.error}
    />
  );
}

function ProjectChoice(props: {
  projects: PortalFormProject[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  customerChosen: boolean;
  error?: string;
}) {
  const t = useT();
  if (!props.customerChosen) return <Text as="p" tone="subdued">{t("admin.portalEditor.projectsChooseCustomer")}</Text>;
  if (props.projects.length === 0) return <Text as="p" tone="subdued">{t("admin.portalEditor.projectsNone")}</Text>;
  const toggle = (id: string, checked: boolean) =>
    props.onChange(checked ? [...props.chosen, id] : props.chosen.filter((chosen) => chosen !== id));
  return (
    <BlockStack gap="200">
      <fieldset id="projectIds" style={{ border: 0, margin: 0, padding: 0 }}>
        <legend><Text as="span" visuallyHidden>{t("admin.portal.projects")}</Text></legend>
        <BlockStack gap="100">
          {props.projects.map((project) => (
            <InlineStack key={project.id} gap="200" blockAlign="center">
              <Checkbox
                label={project.code ? `${project.name} (${project.code})` : project.name}
                name="projectIds"
                value={project.id}
                checked={props.chosen.includes(project.id)}
                onChange={(checked) => toggle(project.id, checked)}
              />
              {project.status !== "active" ? <Badge>{t(project.status === "completed" ? "admin.portalEditor.projectCompleted" : "admin.portalEditor.projectArchived")}</Badge> : null}
            </InlineStack>
          ))}
        </BlockStack>
      </fieldset>
      <Text as="p" tone="subdued">{t("admin.portalEditor.projectsChosen", { count: props.chosen.length })}</Text>
      {props.error ? <InlineError fieldID="projectIds" message={props.error} /> : null}
    </BlockStack>
  );
}
