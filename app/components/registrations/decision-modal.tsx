import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, InlineStack, Modal, Spinner, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { useIntl } from "react-intl";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { decisionStatement, type QuantityTotals } from "~/shared/decision-statement";
import { COMMENT_MAX, decisionNeedsComment, REFERENCE_MAX, type Decision } from "~/shared/decisions";
import { SignatureField } from "../signature-field";

/** What the page's action answers: the decision, or message ids per field. */
export type DecisionActionData =
  | { ok: true; decisionId: string; count: number; statusAfter: string; decision: Decision }
  | { ok: false; errors: Partial<Record<"comment" | "reference" | "signature" | "signerName" | "form", string>>; values?: Record<string, number> };

export type DecisionRights = {
  requireSignature: boolean;
  customerName: string;
  memberName: string;
  tenantName: string;
  statusAfterApproval: string | null;
};

export type DecisionTargetChoice = { scope: "ids"; ids: string[] } | { scope: "filter" };

type Props = {
  decision: Decision;
  target: DecisionTargetChoice;
  count: number;
  totals: QuantityTotals;
  rights: DecisionRights;
  /** The page's URL with its filter: "all matching" means what the member is looking at. */
  action: string;
  onClose(): void;
  onDecided(result: Extract<DecisionActionData, { ok: true }>): void;
};

const TITLES: Record<Decision, MessageId> = {
  approved: "decide.title.approved",
  rejected: "decide.title.rejected",
  changes_requested: "decide.title.changes_requested",
};
const BUTTONS: Record<Decision, MessageId> = {
  approved: "decide.approve",
  rejected: "decide.reject",
  changes_requested: "decide.requestChanges",
};

/**
 * Approve, reject or request changes on registrations, with the comment,
 * reference and signature the decision needs, the exact statement the member
 * confirms, and progress while a large decision is recorded.
 */
export function DecisionModal(props: Props) {
  const { decision, rights } = props;
  const t = useT();
  const intl = useIntl();
  const fetcher = useFetcher<DecisionActionData>();
  const form = useRef<HTMLFormElement>(null);
  const [signerName, setSignerName] = useState(rights.memberName);
  const [comment, setComment] = useState("");
  const [reference, setReference] = useState("");
  const [commentError, setCommentError] = useState<string | undefined>();
  const submitting = fetcher.state !== "idle";
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = answer && !answer.ok ? answer.errors : {};
  const message = (id: string | undefined) => (id ? t(id as MessageId, answer && !answer.ok ? answer.values : undefined) : undefined);
  const needsComment = decisionNeedsComment(decision);

  const { onDecided } = props;
  useEffect(() => {
    if (answer?.ok) onDecided(answer);
  }, [answer, onDecided]);

  const statement = decisionStatement(intl, {
    decision,
    signerName: rights.requireSignature && signerName.trim() ? signerName.trim() : rights.memberName,
    customerName: rights.customerName,
    count: props.count,
    totals: props.totals,
  });

  const submit = () => {
    // Said at once, in the form, instead of after a round trip.
    if (needsComment && !comment.trim()) {
      setCommentError(t("decide.error.comment-required"));
      return;
    }
    setCommentError(undefined);
    if (form.current) fetcher.submit(form.current);
  };

  return (
    <Modal
      open
      onClose={submitting ? () => {} : props.onClose}
      title={t(TITLES[decision], { count: props.count })}
      primaryAction={{
        content: t(BUTTONS[decision]),
        onAction: submit,
        loading: submitting,
        destructive: decision === "rejected",
      }}
      secondaryActions={[{ content: t("decide.cancel"), onAction: props.onClose, disabled: submitting }]}
    >
      <Modal.Section>
        {submitting ? (
          <Box paddingBlock="400">
            <BlockStack gap="300" inlineAlign="center">
              <Spinner accessibilityLabel={t("decide.progress", { count: props.count })} size="large" />
              <div role="status">
                <Text as="p" alignment="center" fontWeight="semibold">{t("decide.progress", { count: props.count })}</Text>
              </div>
              <Text as="p" alignment="center" tone="subdued">{t("decide.progressNote")}</Text>
            </BlockStack>
          </Box>
        ) : null}
        <div hidden={submitting}>
          <fetcher.Form method="post" action={props.action} ref={form} onSubmit={(event) => { event.preventDefault(); submit(); }}>
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="decision" value={decision} />
            <input type="hidden" name="scope" value={props.target.scope} />
            {props.target.scope === "ids" ? <input type="hidden" name="ids" value={props.target.ids.join(",")} /> : null}
            <BlockStack gap="400">
              {errors.form ? <Banner tone="critical" title={message(errors.form)} /> : null}
              {decision === "approved" && rights.statusAfterApproval === "pending_internal" ? (
                <Text as="p" tone="subdued">{t("decide.afterApprovalInternal", { tenant: rights.tenantName })}</Text>
              ) : null}
              <TextField
                label={t("decide.comment")}
                name="comment"
                value={comment}
                onChange={setComment}
                multiline={3}
                maxLength={COMMENT_MAX}
                autoComplete="off"
                requiredIndicator={needsComment}
                helpText={t(needsComment ? "decide.commentRequired" : "decide.commentOptional")}
                error={commentError ?? message(errors.comment)}
              />
              {decision === "approved" ? (
                <TextField
                  label={t("decide.reference")}
                  name="reference"
                  value={reference}
                  onChange={setReference}
                  maxLength={REFERENCE_MAX}
                  autoComplete="off"
                  helpText={t("decide.referenceHelp")}
                  error={message(errors.reference)}
                />
              ) : null}
              <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">{t("decide.statement")}</Text>
                  <Text as="p" id="decision-statement">{statement}</Text>
                </BlockStack>
              </Box>
              {rights.requireSignature ? (
                <BlockStack gap="200">
                  <InlineStack>
                    <Text as="p" tone="subdued">{t("decide.signatureNeeded")}</Text>
                  </InlineStack>
                  <SignatureField
                    signerName={signerName}
                    onSignerNameChange={setSignerName}
                    error={message(errors.signature)}
                    nameError={message(errors.signerName)}
                  />
                </BlockStack>
              ) : null}
            </BlockStack>
          </fetcher.Form>
        </div>
      </Modal.Section>
    </Modal>
  );
}
