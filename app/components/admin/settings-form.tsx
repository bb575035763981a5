import { Form, useNavigation } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Layout, Select, TextField } from "@shopify/polaris";
import { useState } from "react";
import { LANGUAGES, type Language, type MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { CODE_LIFETIME_CHOICES } from "~/shared/sign-in";
import { SettingsAttachmentField } from "./settings-attachment-field";
import { SettingsColorField } from "./settings-color-field";
import { SettingsDeadlineFields, type DeadlineField } from "./settings-deadline-fields";
import {
  SETTINGS_LIMITS, type ApprovalWorkflow, type FieldErrors, type SettingsField, type TenantSettings,
} from "~/shared/tenant-settings";
import { SettingsEmailPreview } from "./settings-email-preview";
import { SettingsLogoField } from "./settings-logo-field";
import { SettingsWorkflowField } from "./settings-workflow-field";

type Values = Record<SettingsField, string>;

function valuesOf(settings: TenantSettings): Values {
  return {
    approvalWorkflow: settings.approvalWorkflow,
    invitationTextNl: settings.invitationText.nl ?? "",
    invitationTextEn: settings.invitationText.en ?? "",
    senderName: settings.senderName ?? "",
    replyTo: settings.replyTo ?? "",
    logoUrl: settings.logoUrl ?? "",
    accentColor: settings.accentColor ?? "",
    defaultLanguage: settings.defaultLanguage,
    codeLifetimeMinutes: String(settings.codeLifetimeMinutes),
    approvalDeadline: settings.approvalDeadlineDays === null ? "" : "true",
    approvalDeadlineDays: settings.approvalDeadlineDays === null ? "" : String(settings.approvalDeadlineDays),
    approvalReminderHours: String(settings.approvalReminderHours),
    autoApproveAtDeadline: settings.autoApproveAtDeadline ? "true" : "",
    attachmentFileName: settings.attachmentFileName,
  };
}

const TEXT_FIELDS: Record<Language, { field: "invitationTextNl" | "invitationTextEn"; label: MessageId }> = {
  nl: { field: "invitationTextNl", label: "admin.settings.invitation.textNl" },
  en: { field: "invitationTextEn", label: "admin.settings.invitation.textEn" },
};

/**
 * The tenant's settings (F-2, F-10) in one form, a section per subject, with
 * the invitation e-mail previewed live from what is typed. The server checks
 * every field again and answers with an error per field.
 */
export function SettingsForm(props: { settings: TenantSettings; tenantName: string; errors: FieldErrors }) {
  const t = useT();
  const navigation = useNavigation();
  const [values, setValues] = useState(() => valuesOf(props.settings));
  const [previewLanguage, setPreviewLanguage] = useState<Language>(props.settings.defaultLanguage);
  const set = (field: SettingsField) => (value: string) => setValues((current) => ({ ...current, [field]: value }));
  const errorOf = (field: SettingsField) => {
    const error = props.errors[field];
    return error ? t(error.id, error.values) : undefined;
  };
  const languageOptions = LANGUAGES.map((language) => ({
    value: language,
    label: t(language === "nl" ? "admin.settings.language.nl" : "admin.settings.language.en"),
  }));

  return (
    // The server's messages, at the fields and in the admin's language, rather than the browser's own bubbles.
    <Form method="post" noValidate>
      <Layout>
        <Layout.AnnotatedSection id="workflow" title={t("admin.settings.workflow.title")} description={t("admin.settings.workflow.description")}>
          <Card>
            <SettingsWorkflowField
              value={values.approvalWorkflow as ApprovalWorkflow}
              saved={props.settings.approvalWorkflow}
              onChange={set("approvalWorkflow")}
              error={errorOf("approvalWorkflow")}
            />
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection id="deadlines" title={t("admin.settings.deadlines.title")} description={t("admin.settings.deadlines.description")}>
          <Card>
            <SettingsDeadlineFields
              values={values}
              savedReminderHours={props.settings.approvalReminderHours}
              workflow={values.approvalWorkflow as ApprovalWorkflow}
              onChange={(field: DeadlineField, value) => set(field)(value)}
              errorOf={errorOf}
            />
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection id="invitation" title={t("admin.settings.invitation.title")} description={t("admin.settings.invitation.description")}>
          <Card>
            <BlockStack gap="400">
              {LANGUAGES.map((language) => {
                const { field, label } = TEXT_FIELDS[language];
                return (
                  <TextField
                    key={language}
                    label={t(label)}
                    name={field}
                    value={values[field]}
                    onChange={set(field)}
                    onFocus={() => setPreviewLanguage(language)}
                    multiline={4}
                    maxLength={SETTINGS_LIMITS.invitationText}
                    showCharacterCount
                    autoComplete="off"
                    helpText={t("admin.settings.invitation.textHelp")}
                    error={errorOf(field)}
                  />
                );
              })}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection id="sender" title={t("admin.settings.sender.title")} description={t("admin.settings.sender.description")}>
          <Card>
            <BlockStack gap="400">
              <TextField
                label={t("admin.settings.sender.name")}
                name="senderName"
                value={values.senderName}
                onChange={set("senderName")}
                placeholder={props.tenantName}
                maxLength={SETTINGS_LIMITS.senderName}
                autoComplete="off"
                helpText={t("admin.settings.sender.nameHelp", { tenant: props.tenantName })}
                error={errorOf("senderName")}
              />
              <TextField
                label={t("admin.settings.sender.replyTo")}
                name="replyTo"
                type="email"
                value={values.replyTo}
                onChange={set("replyTo")}
                maxLength={SETTINGS_LIMITS.replyTo}
                autoComplete="email"
                helpText={t("admin.settings.sender.replyToHelp")}
                error={errorOf("replyTo")}
              />
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection id="branding" title={t("admin.settings.branding.title")} description={t("admin.settings.branding.description")}>
          <Card>
            <BlockStack gap="400">
              <SettingsLogoField value={values.logoUrl} onChange={set("logoUrl")} tenantName={props.tenantName} error={errorOf("logoUrl")} />
              <SettingsColorField
                label={t("admin.settings.branding.accentColor")}
                name="accentColor"
                value={values.accentColor}
                onChange={set("accentColor")}
                helpText={t("admin.settings.branding.accentColorHelp")}
                error={errorOf("accentColor")}
              />
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection id="preview" title={t("admin.settings.preview.title")} description={t("admin.settings.preview.description")}>
          <Card>
            <SettingsEmailPreview
              language={previewLanguage}
              onLanguageChange={setPreviewLanguage}
              draft={{
                invitationText: values[TEXT_FIELDS[previewLanguage].field],
                senderName: values.senderName,
                logoUrl: values.logoUrl,
                accentColor: values.accentColor,
              }}
            />
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection id="attachments" title={t("admin.settings.attachments.title")} description={t("admin.settings.attachments.description")}>
          <Card>
            <SettingsAttachmentField
              value={values.attachmentFileName}
              onChange={set("attachmentFileName")}
              error={props.errors.attachmentFileName}
            />
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection id="portals" title={t("admin.settings.portals.title")} description={t("admin.settings.portals.description")}>
          <Card>
            <BlockStack gap="400">
              <Select
                label={t("admin.settings.portals.defaultLanguage")}
                name="defaultLanguage"
                options={languageOptions}
                value={values.defaultLanguage}
                onChange={set("defaultLanguage")}
                helpText={t("admin.settings.portals.defaultLanguageHelp")}
                error={errorOf("defaultLanguage")}
              />
              <Select
                label={t("admin.settings.codeLifetime")}
                name="codeLifetimeMinutes"
                options={CODE_LIFETIME_CHOICES.map((minutes) => ({ label: t("admin.settings.minutes", { minutes }), value: String(minutes) }))}
                value={values.codeLifetimeMinutes}
                onChange={set("codeLifetimeMinutes")}
                helpText={t("admin.settings.codeLifetimeHelp")}
                error={errorOf("codeLifetimeMinutes")}
              />
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.Section>
          <InlineStack align="end">
            <Button submit variant="primary" loading={navigation.state === "submitting"}>{t("admin.settings.save")}</Button>
          </InlineStack>
        </Layout.Section>
      </Layout>
    </Form>
  );
}
