import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, InlineGrid, Modal, Spinner, Text, TextField } from "@shopify/polaris";
import { useCallback, useEffect, useRef, useState } from "react";
import { useIntl } from "react-intl";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { formatQuoteAmount, QUOTE_COMMENT_MAX, quoteDecisionNeedsComment, quoteStatement, type QuoteDecision } from "~/shared/quotes";
import { SignatureField } from "../signature-field";

/** What the quotes page's action answers: the recorded decision, or message ids per field. */
export type QuoteDecisionActionData =
  | { ok: true; decisionId: string; decision: QuoteDecision; number: string }
  | { ok: false; errors: Partial<Record<"comment" | "signature" | "signerName" | "form", string>> };

export type QuoteForDecision = {
  id: string;
  number: string;
  subject: string | null;
  currency: string;
  totalExclVat: string;
  totalInclVat: string;
  validUntil: string | null;
};

export type QuoteDecisionRights = { memberName: string; customerName: string; tenantName: string };

type Props = {
  quote: QuoteForDecision;
  decision: QuoteDecision;
  rights: QuoteDecisionRights;
  /** The page's URL: its action records the decision. */
  action: string;
  onClose(): void;
  onDecided(result: Extract<QuoteDecisionActionData, { ok: true }>): void;
};

const TITLES: Record<QuoteDecision, MessageId> = { accepted: "quotes.modal.title.accepted", declined: "quotes.modal.title.declined" };
const SUBMITS: Record<QuoteDecision, MessageId> = { accepted: "quotes.modal.submit.accepted", declined: "quotes.modal.submit.declined" };

/**
 * Accept or decline one quote: what it is, the exact sentence the member
 * signs, their name and signature (drawn with mouse, pen or finger, or
 * typed), a comment (required to decline), errors at the fields, and a
 * spinner while the decision is recorded. Usable at 360 px: the modal
 * becomes a full-width sheet and the pad takes the width it gets.
 */
export function QuoteDecisionModal(props: Props) {
  const { quote, decision, rights } = props;
  const t = useT();
  const intl = useIntl();
  const fetcher = useFetcher<QuoteDecisionActionData>();
  const form = useRef<HTMLFormElement>(null);
  const [signerName, setSignerName] = useState(rights.memberName);
  const [comment, setComment] = useState("");
  const [hasSignature, setHasSignature] = useState(false);
  const [localErrors, setLocalErrors] = useState<{ comment?: string; signature?: string }>({});
  const submitting = fetcher.state !== "idle";
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = answer && !answer.ok ? answer.errors : {};
  const message = (id: string | undefined) => (id ? t(id as MessageId) : undefined);
  const needsComment = quoteDecisionNeedsComment(decision);

  const { onDecided } = props;
  useEffect(() => {
    if (answer?.ok) onDecided(answer);
  }, [answer, onDecided]);

  const onSignatureChange = useCallback((state: { hasSignature: boolean }) => {
    setHasSignature(state.hasSignature);
    if (state.hasSignature) setLocalErrors((current) => ({ ...current, signature: undefined }));
  }, []);

  const statement = quoteStatement(intl, {
    decision,
    signerName: signerName.trim() || rights.memberName,
    customerName: rights.customerName,
    number: quote.number,
    totalExclVat: quote.totalExclVat,
    currency: quote.currency,
  });

  const submit = () => {
    // Said at once, at the fields, instead of after a round trip.
    const problems: { comment?: string; signature?: string } = {};
    if (needsComment && !comment.trim()) problems.comment = t("quotes.error.comment-required");
    if (!hasSignature) problems.signature = t("quotes.error.signature-required");
    setLocalErrors(problems);
    if (problems.comment || problems.signature) return;
    if (form.current) fetcher.submit(form.current);
  };

  const validUntil = quote.validUntil
    ? intl.formatDate(`${quote.validUntil}T00:00:00Z`, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    : "—";

  return (
    <Modal
      open
      onClose={submitting ? () => {} : props.onClose}
      title={t(TITLES[decision], { number: quote.number })}
      primaryAction={{
        content: t(SUBMITS[decision]),
        onAction: submit,
        loading: submitting,
        destructive: decision === "declined",
      }}
      secondaryActions={[{ content: t("quotes.modal.cancel"), onAction: props.onClose, disabled: submitting }]}
    >
      <Modal.Section>
        {submitting ? (
          <Box paddingBlock="400">
            <BlockStack gap="300" inlineAlign="center">
              <Spinner accessibilityLabel={t("quotes.modal.progress")} size="large" />
              <div role="status">
                <Text as="p" alignment="center" fontWeight="semibold">{t("quotes.modal.progress")}</Text>
              </div>
              <Text as="p" alignment="center" tone="subdued">{t("quotes.modal.progressNote")}</Text>
            </BlockStack>
          </Box>
        ) : null}
        <div hidden={submitting}>
          <fetcher.Form method="post" action={props.action} ref={form} onSubmit={(event) => { event.preventDefault(); submit(); }}>
            <input type="hidden" name="intent" value="decide-quote" />
            <input type="hidden" name="quoteId" value={quote.id} />
            <input type="hidden" name="decision" value={decision} />
            <BlockStack gap="400">
              {errors.form ? <Banner tone="critical" title={message(errors.form)} /> : null}
              <Box background="bg-surface-secondary" padding="300" borderRadius="200">
                <InlineGrid columns={{ xs: 1, sm: 2 }} gap="200">
                  <Fact label={t("quotes.column.number")} value={quote.number} />
                  <Fact label={t("quotes.column.subject")} value={quote.subject ?? "—"} />
                  <Fact label={t("quotes.column.amount")} value={formatQuoteAmount(intl, quote.totalExclVat, quote.currency)} />
                  <Fact label={t("quotes.column.validUntil")} value={validUntil} />
                </InlineGrid>
              </Box>
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm">{t("quotes.modal.statement")}</Text>
                <Text as="p" id="quote-decision-statement">{statement}</Text>
              </BlockStack>
              <TextField
                label={t("quotes.modal.comment")}
                name="comment"
                value={comment}
                onChange={(value) => {
                  setComment(value);
                  if (value.trim()) setLocalErrors((current) => ({ ...current, comment: undefined }));
                }}
                multiline={3}
                maxLength={QUOTE_COMMENT_MAX}
                autoComplete="off"
                requiredIndicator={needsComment}
                helpText={t(needsComment ? "quotes.modal.commentRequired" : "quotes.modal.commentOptional", { tenant: rights.tenantName })}
                error={localErrors.comment ?? message(errors.comment)}
              />
              <BlockStack gap="200">
                <Text as="p" tone="subdued">{t("quotes.modal.signatureNeeded")}</Text>
                <SignatureField
                  signerName={signerName}
                  onSignerNameChange={setSignerName}
                  onChange={onSignatureChange}
                  error={localErrors.signature ?? message(errors.signature)}
                  nameError={message(errors.signerName)}
                />
              </BlockStack>
            </BlockStack>
          </fetcher.Form>
        </div>
      </Modal.Section>
    </Modal>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="span" variant="bodySm" tone="subdued">{label}</Text>
      <Text as="span" fontWeight="semibold">{value}</Text>
    </BlockStack>
  );
}
