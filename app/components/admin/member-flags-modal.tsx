import { useFetcher } from "@remix-run/react";
import { BlockStack, Checkbox, Modal, Text } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useT } from "~/i18n/use-t";
import type { MemberAnswer } from "./member-toast";

const PERMISSIONS = [
  "canViewInvoices", "canViewQuotes", "canViewDocuments", "canViewJobs", "canViewAssets", "canCreateWorkRequests", "canApprove",
] as const;
const NOTIFICATIONS = ["notifyQuotes", "notifyInvoices", "notifyJobs", "notifyApprovals"] as const;
type Flag = (typeof PERMISSIONS)[number] | (typeof NOTIFICATIONS)[number];

type Props = {
  member: { id: string; name: string; flags: Record<Flag, boolean> };
  /** The portal's "Customer approves hours": without it, approving does nothing. */
  portalCanApprove: boolean;
  onClose(): void;
  onDone(answer: MemberAnswer): void;
};

/** A member's permissions and e-mail notifications (F-6). */
export function MemberFlagsModal({ member, portalCanApprove, onClose, onDone }: Props) {
  const t = useT();
  const fetcher = useFetcher<MemberAnswer>();
  const form = useRef<HTMLFormElement>(null);
  const [flags, setFlags] = useState(member.flags);
  const busy = fetcher.state !== "idle";
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (answer) onDone(answer);
  }, [answer, onDone]);

  const box = (flag: Flag) => (
    <Checkbox
      key={flag}
      name={flag}
      value="on"
      label={t(`admin.members.flag.${flag}`)}
      checked={flags[flag]}
      onChange={(checked) => setFlags((current) => ({ ...current, [flag]: checked }))}
      helpText={flag === "canApprove" ? t(portalCanApprove ? "admin.members.approveHelpOn" : "admin.members.approveHelpOff") : undefined}
    />
  );
  return (
    <Modal
      open
      onClose={busy ? () => {} : onClose}
      title={t("admin.members.flagsTitle", { name: member.name })}
      primaryAction={{ content: t("admin.members.save"), loading: busy, onAction: () => form.current && fetcher.submit(form.current) }}
      secondaryActions={[{ content: t("admin.members.cancel"), onAction: onClose, disabled: busy }]}
    >
      <Modal.Section>
        <fetcher.Form method="post" ref={form}>
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="memberId" value={member.id} />
          <BlockStack gap="400">
            <Text as="p" tone="subdued">{t("admin.members.permissionsHelp")}</Text>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">{t("admin.members.permissions")}</Text>
              {PERMISSIONS.map(box)}
            </BlockStack>
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">{t("admin.members.notifications")}</Text>
              {NOTIFICATIONS.map(box)}
            </BlockStack>
          </BlockStack>
        </fetcher.Form>
      </Modal.Section>
    </Modal>
  );
}
