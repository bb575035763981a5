import { Modal, Text } from "@shopify/polaris";
import { useT } from "~/i18n/use-t";

type Props = {
  title: string;
  body: string;
  confirm: string;
  destructive?: boolean;
  busy: boolean;
  onConfirm(): void;
  onClose(): void;
};

/** Asks before an action on a member that takes effect at once (remove, end sessions). */
export function MemberConfirmModal(props: Props) {
  const t = useT();
  return (
    <Modal
      open
      onClose={props.busy ? () => {} : props.onClose}
      title={props.title}
      primaryAction={{ content: props.confirm, destructive: props.destructive, loading: props.busy, onAction: props.onConfirm }}
      secondaryActions={[{ content: t("admin.members.cancel"), onAction: props.onClose, disabled: props.busy }]}
    >
      <Modal.Section>
        <Text as="p">{props.body}</Text>
      </Modal.Section>
    </Modal>
  );
}
