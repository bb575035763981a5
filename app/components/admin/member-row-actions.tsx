import { ActionList, Button, Popover } from "@shopify/polaris";
import { MenuHorizontalIcon } from "@shopify/polaris-icons";
import { useState } from "react";
import { useT } from "~/i18n/use-t";

export type MemberRowAction = "edit" | "invite" | "preview" | "end-sessions" | "remove" | "restore";

type Props = {
  name: string;
  removed: boolean;
  invited: boolean;
  onAction(action: MemberRowAction): void;
};

/** The "…" menu of one member: what an admin can do with them, depending on whether they were removed. */
export function MemberRowActions({ name, removed, invited, onAction }: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const item = (action: MemberRowAction, content: string, destructive = false) => ({
    content,
    destructive,
    onAction: () => {
      setOpen(false);
      onAction(action);
    },
  });
  const sections = removed
    ? [{ items: [item("restore", t("admin.members.restore"))] }]
    : [
        {
          items: [
            item("edit", t("admin.members.editFlags")),
            item("invite", t(invited ? "admin.members.resendInvitation" : "admin.portal.member.sendInvitation")),
            item("preview", t("admin.portal.member.openPortal")),
          ],
        },
        { items: [item("end-sessions", t("admin.members.endSessions")), item("remove", t("admin.members.remove"), true)] },
      ];
  return (
    // A click in the menu must not also toggle the row's selection.
    <div onClick={(event) => event.stopPropagation()}>
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        activator={
          <Button variant="tertiary" icon={MenuHorizontalIcon} accessibilityLabel={t("admin.members.rowMenu", { name })} onClick={() => setOpen((value) => !value)} />
        }
        preferredAlignment="right"
      >
        <ActionList actionRole="menuitem" sections={sections} />
      </Popover>
    </div>
  );
}
