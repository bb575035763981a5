import { Banner, BlockStack, Box, Checkbox, Text, TextField } from "@shopify/polaris";
import { useT } from "~/i18n/use-t";
import {
  DEADLINE_LIMITS, DEFAULT_REMINDER_HOURS, workflowHasCustomerStep, type ApprovalWorkflow,
} from "~/shared/tenant-settings";

export type DeadlineField = "approvalDeadline" | "approvalDeadlineDays" | "approvalReminderHours" | "autoApproveAtDeadline";

/** A whole number within the limits, as typed; null otherwise. */
function wholeNumberIn(value: string, limits: { min: number; max: number }): number | null {
  if (!/^\d+$/.test(value.trim())) return null;
  const number = Number(value.trim());
  return number >= limits.min && number <= limits.max ? number : null;
}

/**
 * Approval deadlines (F-35): whether submissions get one, the reminder before
 * it and approving automatically when it passes. Checkboxes post "true" when
 * checked and nothing otherwise, as the server reads them.
 */
export function SettingsDeadlineFields(props: {
  values: Record<DeadlineField, string>;
  /** The reminder time saved now: what is kept when the field is out of sight and holds something the server would refuse. */
  savedReminderHours: number;
  workflow: ApprovalWorkflow;
  onChange: (field: DeadlineField, value: string) => void;
  errorOf: (field: DeadlineField) => string | undefined;
}) {
  const t = useT();
  const { values } = props;
  const deadline = values.approvalDeadline === "true";
  const days = wholeNumberIn(values.approvalDeadlineDays, DEADLINE_LIMITS.days);
  const hours = values.approvalReminderHours.trim() === ""
    ? DEFAULT_REMINDER_HOURS
    : wholeNumberIn(values.approvalReminderHours, DEADLINE_LIMITS.reminderHours);
  // Out of sight, the reminder time keeps its value: hiding the deadline does not erase it.
  const keptHours = hours === null ? String(props.savedReminderHours) : values.approvalReminderHours;
  const checkbox = (field: "approvalDeadline" | "autoApproveAtDeadline") => (checked: boolean) => props.onChange(field, checked ? "true" : "");

  return (
    <BlockStack gap="400">
      {!workflowHasCustomerStep(props.workflow) ? <Banner tone="info">{t("admin.settings.deadlines.noCustomerStep")}</Banner> : null}
      <Checkbox
        label={t("admin.settings.deadlines.enabled")}
        name="approvalDeadline"
        value="true"
        checked={deadline}
        onChange={checkbox("approvalDeadline")}
        helpText={t("admin.settings.deadlines.enabledHelp")}
        error={props.errorOf("approvalDeadline")}
      />
      {deadline ? (
        <Box paddingInlineStart="600">
          <BlockStack gap="400">
            <TextField
              label={t("admin.settings.deadlines.days")}
              name="approvalDeadlineDays"
              type="number"
              inputMode="numeric"
              min={DEADLINE_LIMITS.days.min}
              max={DEADLINE_LIMITS.days.max}
              step={1}
              suffix={t("admin.settings.deadlines.daysSuffix")}
              value={values.approvalDeadlineDays}
              onChange={(value) => props.onChange("approvalDeadlineDays", value)}
              autoComplete="off"
              helpText={t("admin.settings.deadlines.daysHelp", DEADLINE_LIMITS.days)}
              error={props.errorOf("approvalDeadlineDays")}
            />
            <BlockStack gap="100">
              <TextField
                label={t("admin.settings.deadlines.reminder")}
                name="approvalReminderHours"
                type="number"
                inputMode="numeric"
                min={DEADLINE_LIMITS.reminderHours.min}
                max={DEADLINE_LIMITS.reminderHours.max}
                step={1}
                suffix={t("admin.settings.deadlines.reminderSuffix")}
                placeholder={String(DEFAULT_REMINDER_HOURS)}
                value={values.approvalReminderHours}
                onChange={(value) => props.onChange("approvalReminderHours", value)}
                autoComplete="off"
                helpText={t("admin.settings.deadlines.reminderHelp", { ...DEADLINE_LIMITS.reminderHours, default: DEFAULT_REMINDER_HOURS })}
                error={props.errorOf("approvalReminderHours")}
              />
              {days !== null && hours !== null && hours >= days * 24 ? (
                <Text as="p" tone="caution">{t("admin.settings.deadlines.reminderEarly")}</Text>
              ) : null}
            </BlockStack>
            <Checkbox
              label={t("admin.settings.deadlines.autoApprove")}
              name="autoApproveAtDeadline"
              value="true"
              checked={values.autoApproveAtDeadline === "true"}
              onChange={checkbox("autoApproveAtDeadline")}
              helpText={t("admin.settings.deadlines.autoApproveHelp")}
              error={props.errorOf("autoApproveAtDeadline")}
            />
          </BlockStack>
        </Box>
      ) : (
        <input type="hidden" name="approvalReminderHours" value={keptHours} />
      )}
    </BlockStack>
  );
}
