import { Banner, BlockStack, Checkbox, ChoiceList, DropZone, InlineStack, Modal, Select, Text, TextField } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { useIntl } from "react-intl";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { formatFileSize } from "~/shared/documents";

export type DocumentFieldError = { id: string; values?: Record<string, string | number> };
export type DocumentFormErrors = Partial<Record<"customerId" | "projectId" | "title" | "file" | "memberIds" | "form", DocumentFieldError>>;

type Option = { id: string; name: string };
type Project = Option & { customerId: string; code: string | null };
type Member = Option & { customerId: string; email: string; portalName: string };

/** The document being edited; none when uploading a new one. */
export type EditedDocument = {
  id: string;
  title: string;
  customerId: string;
  customerName: string;
  uploadedHere: boolean;
  channels: { portal: boolean; email: boolean; app: boolean };
  restricted: boolean;
  memberIds: string[];
};

type Props = {
  document: EditedDocument | null;
  customers: Option[];
  projects: Project[];
  members: Member[];
  limits: { maxBytes: number; maxMegabytes: number; types: string };
  busy: boolean;
  errors: DocumentFormErrors | null;
  onSubmit(form: FormData): void;
  onClose(): void;
};

/**
 * Upload a file for a customer, or change where an existing one may appear
 * and for whom (F-20). The server checks everything again; here the file's
 * size is checked as soon as it is chosen, so that nobody waits for a 25 MB
 * upload to be told it is too large.
 */
export function DocumentFormModal(props: Props) {
  const t = useT();
  const intl = useIntl();
  const editing = props.document;
  const [customerId, setCustomerId] = useState(editing?.customerId ?? "");
  const [projectId, setProjectId] = useState("");
  const [title, setTitle] = useState(editing?.title ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<DocumentFieldError | null>(null);
  const [channels, setChannels] = useState(editing?.channels ?? { portal: true, email: false, app: false });
  const [restricted, setRestricted] = useState(editing?.restricted ?? false);
  const [memberIds, setMemberIds] = useState<string[]>(editing?.memberIds ?? []);
  const canEditDetails = !editing || editing.uploadedHere;

  const projects = useMemo(() => props.projects.filter((project) => project.customerId === customerId), [props.projects, customerId]);
  const members = useMemo(() => props.members.filter((member) => member.customerId === customerId), [props.members, customerId]);
  const message = (error: DocumentFieldError | null | undefined) => (error ? t(error.id as MessageId, error.values) : undefined);
  const errors = props.errors ?? {};

  const chooseFile = (files: File[]) => {
    const chosen = files[0] ?? null;
    setFile(chosen);
    setFileProblem(chosen && chosen.size > props.limits.maxBytes
      ? { id: "admin.documents.error.tooLarge", values: { max: props.limits.maxMegabytes } }
      : null);
  };

  const submit = () => {
    const form = new FormData();
    form.set("intent", editing ? "update" : "upload");
    if (editing) form.set("documentId", editing.id);
    else {
      form.set("customerId", customerId);
      form.set("projectId", projectId);
      if (file) form.set("file", file, file.name);
    }
    if (canEditDetails) {
      form.set("title", title);
      if (channels.portal) form.set("channelPortal", "on");
      if (channels.email) form.set("channelEmail", "on");
      if (channels.app) form.set("channelApp", "on");
    }
    if (restricted) {
      form.set("restricted", "on");
      for (const id of memberIds) form.append("memberId", id);
    }
    props.onSubmit(form);
  };

  return (
    <Modal
      open
      onClose={props.busy ? () => {} : props.onClose}
      title={editing ? t("admin.documents.editTitle", { name: editing.title }) : t("admin.documents.uploadTitle")}
      primaryAction={{
        content: editing ? t("admin.documents.save") : t("admin.documents.upload"),
        loading: props.busy,
        disabled: fileProblem !== null,
        onAction: submit,
      }}
      secondaryActions={[{ content: t("admin.documents.cancel"), onAction: props.onClose, disabled: props.busy }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          {errors.form ? <Banner tone="critical">{message(errors.form)}</Banner> : null}
          {editing && !editing.uploadedHere ? <Banner tone="info">{t("admin.documents.hostNote")}</Banner> : null}
          {editing ? (
            <Text as="p" tone="subdued">{editing.customerName}</Text>
          ) : (
            <>
              <Select
                label={t("admin.documents.field.customer")}
                options={[
                  { label: t("admin.documents.field.customerPlaceholder"), value: "", disabled: true },
                  ...props.customers.map((customer) => ({ label: customer.name, value: customer.id })),
                ]}
                value={customerId}
                onChange={(value) => {
                  setCustomerId(value);
                  setProjectId("");
                  setMemberIds([]);
                }}
                error={message(errors.customerId)}
              />
              <Select
                label={t("admin.documents.field.project")}
                options={[
                  { label: t("admin.documents.field.noProject"), value: "" },
                  ...projects.map((project) => ({ label: project.code ? `${project.code} · ${project.name}` : project.name, value: project.id })),
                ]}
                value={projectId}
                onChange={setProjectId}
                disabled={!customerId}
                helpText={t("admin.documents.field.projectHelp")}
                error={message(errors.projectId)}
              />
              <DropZone
                label={t("admin.documents.field.file")}
                allowMultiple={false}
                onDrop={(_all, accepted) => chooseFile(accepted)}
                error={Boolean(fileProblem ?? errors.file)}
                errorOverlayText={message(fileProblem ?? errors.file)}
              >
                {file ? (
                  <div style={{ padding: "var(--p-space-400)" }}>
                    <InlineStack gap="200" blockAlign="center" align="center">
                      <Text as="span" fontWeight="semibold" breakWord>{file.name}</Text>
                      <Text as="span" tone="subdued">{formatFileSize(intl, file.size)}</Text>
                    </InlineStack>
                  </div>
                ) : (
                  <DropZone.FileUpload actionTitle={t("admin.documents.field.fileAction")} actionHint={t("admin.documents.field.fileHint")} />
                )}
              </DropZone>
              {fileProblem ?? errors.file ? (
                <Text as="p" tone="critical">{message(fileProblem ?? errors.file)}</Text>
              ) : (
                <Text as="p" tone="subdued">
                  {t("admin.documents.field.fileHelp", { max: props.limits.maxMegabytes, types: props.limits.types })}
                </Text>
              )}
            </>
          )}
          {canEditDetails ? (
            <TextField
              label={t("admin.documents.field.title")}
              value={title}
              onChange={setTitle}
              autoComplete="off"
              maxLength={200}
              helpText={t("admin.documents.field.titleHelp")}
              error={message(errors.title)}
            />
          ) : null}
          {canEditDetails ? (
            <BlockStack gap="100">
              <Text as="p" fontWeight="semibold">{t("admin.documents.field.channels")}</Text>
              <Checkbox label={t("admin.documents.channel.portal")} checked={channels.portal} onChange={(portal) => setChannels({ ...channels, portal })} />
              <Checkbox label={t("admin.documents.channel.email")} checked={channels.email} onChange={(email) => setChannels({ ...channels, email })} />
              <Checkbox label={t("admin.documents.channel.app")} checked={channels.app} onChange={(app) => setChannels({ ...channels, app })} />
              <Text as="p" tone="subdued">{t("admin.documents.field.channelsHelp")}</Text>
            </BlockStack>
          ) : null}
          <Checkbox
            label={t("admin.documents.field.restricted")}
            helpText={t("admin.documents.field.restrictedHelp")}
            checked={restricted}
            onChange={setRestricted}
          />
          {restricted ? (
            !customerId ? (
              <Text as="p" tone="subdued">{t("admin.documents.field.chooseCustomerFirst")}</Text>
            ) : members.length === 0 ? (
              <Text as="p" tone="critical">{t("admin.documents.field.noMembers")}</Text>
            ) : (
              <ChoiceList
                title={t("admin.documents.field.members")}
                allowMultiple
                choices={members.map((member) => ({
                  label: t("admin.documents.field.memberLabel", { name: member.name, portal: member.portalName }),
                  value: member.id,
                  helpText: member.email,
                }))}
                selected={memberIds}
                onChange={setMemberIds}
                error={message(errors.memberIds)}
              />
            )
          ) : null}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
