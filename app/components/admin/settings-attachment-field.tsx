import { BlockStack, Button, InlineStack, Text, TextField, Tooltip } from "@shopify/polaris";
import { useRef } from "react";
import { useIntl } from "react-intl";
import type { Language, MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import {
  ATTACHMENT_TAGS, DEFAULT_ATTACHMENT_TEMPLATE, attachmentFileName, validateAttachmentTemplate, type AttachmentTag, type AttachmentValues,
} from "~/shared/attachment-file-name";
import { SETTINGS_LIMITS, type FieldError } from "~/shared/tenant-settings";

const FIELD_ID = "attachmentFileName";

const TAG_LABELS: Record<AttachmentTag, MessageId> = {
  type: "admin.settings.attachments.tag.type",
  number: "admin.settings.attachments.tag.number",
  date: "admin.settings.attachments.tag.date",
  company: "admin.settings.attachments.tag.company",
  subject: "admin.settings.attachments.tag.subject",
};

const SAMPLE = { number: "2026-0042", date: "2026-11-13", company: "Acme B.V." } as const;

/**
 * The file name of PDF attachments (F-27): a template with tags, tags to
 * insert at the cursor, and the name it gives a sample invoice, in the
 * admin's language, as they type. Unknown tags are pointed out at once; the
 * server refuses them too.
 */
export function SettingsAttachmentField(props: { value: string; onChange: (value: string) => void; error?: FieldError }) {
  const t = useT();
  const intl = useIntl();
  const language: Language = intl.locale.startsWith("nl") ? "nl" : "en";
  // Until the admin has been in the field, a tag goes at the end rather than wherever the browser put the cursor.
  const visited = useRef(false);

  const sample: AttachmentValues = {
    ...SAMPLE,
    type: t("admin.settings.attachments.sampleType"),
    subject: t("admin.settings.attachments.sampleSubject"),
  };
  const example = attachmentFileName(props.value, sample, language);
  const unknown = validateAttachmentTemplate(props.value);
  const error = unknown.length > 0
    ? t("admin.settings.error.unknownTags", { count: unknown.length, tags: unknown.map((tag) => `{${tag}}`).join(", ") })
    // The server's word on unknown tags is out of date once they are gone.
    : props.error && props.error.id !== "admin.settings.error.unknownTags" ? t(props.error.id, props.error.values) : undefined;
  const numbered = /\{\s*number\s*\}/i.test(props.value) || props.value.trim() === "";

  const insert = (tag: AttachmentTag) => {
    const input = document.getElementById(FIELD_ID);
    const text = `{${tag}}`;
    const field = input instanceof HTMLInputElement && visited.current ? input : null;
    const start = field?.selectionStart ?? props.value.length;
    const end = field?.selectionEnd ?? start;
    props.onChange(props.value.slice(0, start) + text + props.value.slice(end));
    // After React has put the new value in the field: the cursor right after the tag.
    requestAnimationFrame(() => {
      if (!(input instanceof HTMLInputElement)) return;
      input.focus();
      input.setSelectionRange(start + text.length, start + text.length);
    });
  };

  return (
    <BlockStack gap="300">
      <TextField
        id={FIELD_ID}
        label={t("admin.settings.attachments.fileName")}
        name="attachmentFileName"
        value={props.value}
        onChange={props.onChange}
        onFocus={() => { visited.current = true; }}
        placeholder={DEFAULT_ATTACHMENT_TEMPLATE}
        maxLength={SETTINGS_LIMITS.attachmentFileName}
        showCharacterCount
        autoComplete="off"
        suffix=".pdf"
        helpText={t("admin.settings.attachments.fileNameHelp")}
        error={error}
      />
      <BlockStack gap="200">
        <Text as="p" variant="bodySm" tone="subdued">{t("admin.settings.attachments.tags")}</Text>
        <InlineStack gap="200">
          {ATTACHMENT_TAGS.map((tag) => (
            <Tooltip key={tag} content={t(TAG_LABELS[tag])}>
              <Button
                size="slim"
                onClick={() => insert(tag)}
                accessibilityLabel={t("admin.settings.attachments.insertTag", { label: t(TAG_LABELS[tag]) })}
              >
                {`{${tag}}`}
              </Button>
            </Tooltip>
          ))}
        </InlineStack>
      </BlockStack>
      <BlockStack gap="100">
        <Text as="p" tone="subdued">
          {t("admin.settings.attachments.example", {
            number: SAMPLE.number,
            company: SAMPLE.company,
            subject: sample.subject ?? "",
            date: intl.formatDate(new Date(`${SAMPLE.date}T12:00:00Z`), { dateStyle: "long", timeZone: "UTC" }),
          })}
        </Text>
        <Text as="p" fontWeight="semibold" breakWord>{example}</Text>
      </BlockStack>
      {numbered ? null : <Text as="p" tone="caution">{t("admin.settings.attachments.noNumber", { tag: "{number}" })}</Text>}
    </BlockStack>
  );
}
