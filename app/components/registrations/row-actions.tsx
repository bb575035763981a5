import { ActionList, Button, Popover } from "@shopify/polaris";
import { MenuHorizontalIcon } from "@shopify/polaris-icons";
import { useState } from "react";
import { useT } from "~/i18n/use-t";
import type { Decision } from "~/shared/decisions";

type Props = {
  /** Names the row for screen readers ("Actions for the registration of 3 Nov 2026"). */
  label: string;
  canDecide: boolean;
  onDecide(decision: Decision): void;
  onHistory(): void;
};

/** The "…" menu of one registration: decide on it alone, or see its history. */
export function RowActions(props: Props) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const choose = (run: () => void) => () => {
    setOpen(false);
    run();
  };
  const decisions = props.canDecide
    ? [
        { content: t("decide.approve"), onAction: choose(() => props.onDecide("approved")) },
        { content: t("decide.reject"), destructive: true, onAction: choose(() => props.onDecide("rejected")) },
        { content: t("decide.requestChanges"), onAction: choose(() => props.onDecide("changes_requested")) },
      ]
    : [];
  return (
    // A click in the menu must not also toggle the row's selection.
    <div onClick={(event) => event.stopPropagation()}>
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        activator={<Button variant="tertiary" icon={MenuHorizontalIcon} accessibilityLabel={props.label} onClick={() => setOpen((value) => !value)} />}
        preferredAlignment="right"
      >
        <ActionList
          actionRole="menuitem"
          sections={[
            ...(decisions.length > 0 ? [{ items: decisions }] : []),
            { items: [{ content: t("history.title"), onAction: choose(props.onHistory) }] },
          ]}
        />
      </Popover>
    </div>
  );
}
