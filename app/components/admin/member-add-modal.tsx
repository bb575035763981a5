import { useFetcher } from "@remix-run/react";
import { BlockStack, Box, Checkbox, FormLayout, Modal, Tabs, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useT } from "~/i18n/use-t";
import { EmptyNote } from "../empty-note";
import type { MemberAnswer, NewContactField } from "./member-toast";

type Contact = { id: string; name: string; email: string; jobTitle: string | null };

type Props = {
  portalName: string;
  customerName: string;
  /** The first contacts matching the search (the server pages them), or null while they load. */
  contacts: { contacts: Contact[]; total: number } | null;
  search: string;
  onSearch(search: string): void;
  onClose(): void;
  onDone(answer: MemberAnswer): void;
};

const SEARCH_DELAY_MS = 300;

/** Adds contacts of the portal's customer as members, or creates a new contact and adds them (F-6). */
export function MemberAddModal(props: Props) {
  const { onDone, onSearch } = props;
  const t = useT();
  const fetcher = useFetcher<MemberAnswer>();
  const existingForm = useRef<HTMLFormElement>(null);
  const newForm = useRef<HTMLFormElement>(null);
  const [tab, setTab] = useState(0);
  const [search, setSearch] = useState(props.search);
  const [selected, setSelected] = useState<string[]>([]);
  const [invite, setInvite] = useState(false);
  const [contact, setContact] = useState<Record<NewContactField, string>>({ firstName: "", lastName: "", email: "", jobTitle: "" });
  const busy = fetcher.state !== "idle";
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = answer && "fieldErrors" in answer ? answer.fieldErrors : {};

  useEffect(() => {
    if (answer && !("fieldErrors" in answer)) onDone(answer);
  }, [answer, onDone]);
  useEffect(() => {
    if (search === props.search) return;
    const timer = setTimeout(() => onSearch(search), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, props.search, onSearch]);

  const toggle = (id: string, checked: boolean) =>
    setSelected((current) => (checked ? [...current, id] : current.filter((value) => value !== id)));
  const field = (name: NewContactField, label: string, extra: { type?: "email"; helpText?: string; autoComplete: string }) => (
    <TextField
      label={label}
      name={name}
      value={contact[name]}
      onChange={(value) => setContact((current) => ({ ...current, [name]: value }))}
      error={errors[name] ? t(errors[name]) : undefined}
      requiredIndicator={name !== "jobTitle"}
      {...extra}
    />
  );
  const inviteBox = (
    <Checkbox
      name="invite"
      value="on"
      label={t("admin.members.inviteNow")}
      helpText={t("admin.members.inviteNowHelp")}
      checked={invite}
      onChange={setInvite}
    />
  );
  const list = props.contacts;
  const existing = (
    <fetcher.Form method="post" ref={existingForm}>
      <input type="hidden" name="intent" value="add" />
      {/* Chosen contacts stay chosen while the search changes. */}
      {selected.map((id) => <input key={id} type="hidden" name="contactId" value={id} />)}
      <BlockStack gap="300">
        <TextField
          label={t("admin.members.contactSearch")}
          placeholder={t("admin.members.searchPlaceholder")}
          value={search}
          onChange={setSearch}
          clearButton
          onClearButtonClick={() => setSearch("")}
          autoComplete="off"
        />
        {list && list.contacts.length === 0 ? (
          <EmptyNote>{props.search ? t("admin.members.noContactsMatch") : t("admin.members.noContacts", { customer: props.customerName })}</EmptyNote>
        ) : null}
        <BlockStack gap="100">
          {(list?.contacts ?? []).map((item) => (
            <Checkbox
              key={item.id}
              label={item.name}
              helpText={item.jobTitle ? `${item.email} · ${item.jobTitle}` : item.email}
              checked={selected.includes(item.id)}
              onChange={(checked) => toggle(item.id, checked)}
            />
          ))}
        </BlockStack>
        {list && list.total > list.contacts.length ? (
          <Text as="p" tone="subdued">{t("admin.members.contactsMore", { count: list.contacts.length, total: list.total })}</Text>
        ) : null}
        {inviteBox}
      </BlockStack>
    </fetcher.Form>
  );
  const created = (
    <fetcher.Form method="post" ref={newForm}>
      <input type="hidden" name="intent" value="create-contact" />
      <BlockStack gap="300">
        <Text as="p" tone="subdued">{t("admin.members.newContactHelp", { customer: props.customerName })}</Text>
        <FormLayout>
          <FormLayout.Group>
            {field("firstName", t("admin.members.firstName"), { autoComplete: "off" })}
            {field("lastName", t("admin.members.lastName"), { autoComplete: "off" })}
          </FormLayout.Group>
          {field("email", t("login.email"), { type: "email", autoComplete: "off" })}
          {field("jobTitle", t("admin.members.jobTitle"), { helpText: t("admin.members.optional"), autoComplete: "off" })}
        </FormLayout>
        {inviteBox}
      </BlockStack>
    </fetcher.Form>
  );

  const primaryAction =
    tab === 0
      ? {
          content: t("admin.members.addSelected", { count: selected.length }),
          disabled: selected.length === 0,
          loading: busy,
          onAction: () => existingForm.current && fetcher.submit(existingForm.current),
        }
      : { content: t("admin.members.createAndAdd"), loading: busy, onAction: () => newForm.current && fetcher.submit(newForm.current) };
  return (
    <Modal
      open
      onClose={busy ? () => {} : props.onClose}
      title={t("admin.members.addTitle", { portal: props.portalName })}
      primaryAction={primaryAction}
      secondaryActions={[{ content: t("admin.members.cancel"), onAction: props.onClose, disabled: busy }]}
    >
      <Tabs
        tabs={[
          { id: "existing-contacts", content: t("admin.members.tab.existing", { customer: props.customerName }) },
          { id: "new-contact", content: t("admin.members.tab.new") },
        ]}
        selected={tab}
        onSelect={setTab}
      />
      <Modal.Section>
        <Box minHeight="240px">{tab === 0 ? existing : created}</Box>
      </Modal.Section>
    </Modal>
  );
}
