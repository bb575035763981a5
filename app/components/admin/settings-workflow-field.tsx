import { Banner, BlockStack, ChoiceList } from "@shopify/polaris";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { APPROVAL_WORKFLOWS, workflowHasCustomerStep, type ApprovalWorkflow } from "~/shared/tenant-settings";

const WORKFLOW_TEXTS: Record<ApprovalWorkflow, { label: MessageId; help: MessageId }> = {
  internal: { label: "admin.settings.workflow.internal", help: "admin.settings.workflow.internalHelp" },
  internal_external: { label: "admin.settings.workflow.internalExternal", help: "admin.settings.workflow.internalExternalHelp" },
  external_internal: { label: "admin.settings.workflow.externalInternal", help: "admin.settings.workflow.externalInternalHelp" },
  external: { label: "admin.settings.workflow.external", help: "admin.settings.workflow.externalHelp" },
};

/** Who approves registrations, in which order (F-2), each choice explained in one line. */
export function SettingsWorkflowField(props: {
  value: ApprovalWorkflow;
  saved: ApprovalWorkflow;
  onChange: (value: ApprovalWorkflow) => void;
  error?: string;
}) {
  const t = useT();
  // Warned before saving: portals that let customers approve stop doing so.
  const losesCustomerStep = workflowHasCustomerStep(props.saved) && !workflowHasCustomerStep(props.value);
  return (
    <BlockStack gap="300">
      <ChoiceList
        title={t("admin.settings.workflow.title")}
        titleHidden
        name="approvalWorkflow"
        choices={APPROVAL_WORKFLOWS.map((workflow) => ({
          value: workflow,
          label: t(WORKFLOW_TEXTS[workflow].label),
          helpText: t(WORKFLOW_TEXTS[workflow].help),
        }))}
        selected={[props.value]}
        onChange={([selected]) => props.onChange(selected as ApprovalWorkflow)}
        error={props.error}
      />
      {losesCustomerStep ? <Banner tone="warning">{t("admin.settings.workflow.noCustomerStep")}</Banner> : null}
    </BlockStack>
  );
}
