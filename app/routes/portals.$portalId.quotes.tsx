import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Page, Pagination, Select, Text, TextField, type BadgeProps,
} from "@shopify/polaris";
import { useCallback, useState } from "react";
import { useIntl } from "react-intl";
import { AccountActions } from "~/components/account-actions";
import { EmptyNote } from "~/components/empty-note";
import { PortalBrand } from "~/components/portal-brand";
import { PreviewBanner } from "~/components/preview-banner";
import { QuoteDecisionModal, type QuoteDecisionActionData } from "~/components/quotes/quote-decision-modal";
import { useNarrowScreen } from "~/components/use-narrow-screen";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { requireContact } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { parseQuoteDecisionForm, quoteRefusalErrors } from "~/.server/billing/quote-decision-form";
import { decideQuoteAsMember, loadQuotesPage, quoteFilterSchema } from "~/.server/billing/quotes";
import { wakeOutboxWorker } from "~/.server/email/worker";
import { requestLanguage } from "~/.server/http/language";
import { uuidParam } from "~/.server/http/params";
import { withPortalPage } from "~/.server/portals/project-scope";
import { isPreviewRequest, requirePortalViewer } from "~/.server/portals/viewer";
import { formatQuoteAmount, QUOTE_SEARCH_MAX, QUOTE_STATUSES, type QuoteDecision, type QuoteStatus } from "~/shared/quotes";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const filter = quoteFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // An admin's preview shows what the previewed member may see (the preview cookie names them).
  const portalId = uuidParam(params.portalId);
  const previewMemberId = (await isPreviewRequest(request, portalId))
    ? (await requirePortalViewer(request, portalId)).preview?.memberId ?? null
    : null;
  const data = await withPortalPage(request, params, (tx, portal) => loadQuotesPage(tx, portal.id, filter, previewMemberId));
  return json({ ...data, filter });
}

/** Accepting or declining a quote (F-19): thin, the billing module does the work. */
export async function action({ request, params }: ActionFunctionArgs) {
  const portalId = uuidParam(params.portalId);
  if (await isPreviewRequest(request, portalId)) {
    return json<QuoteDecisionActionData>({ ok: false, errors: { form: "quotes.error.preview" } }, { status: 403 });
  }
  const claims = await requireContact(request);
  const parsed = parseQuoteDecisionForm(await request.formData());
  if (!parsed.ok) return json<QuoteDecisionActionData>({ ok: false, errors: parsed.errors }, { status: 400 });
  const result = await decideQuoteAsMember(claims, {
    portalId, quoteId: parsed.quoteId, decision: parsed.decision, comment: parsed.comment, signature: parsed.signature,
    language: await requestLanguage(request), info: requestInfo(request),
  });
  if (!result.ok) return json<QuoteDecisionActionData>({ ok: false, errors: quoteRefusalErrors(result) }, { status: 409 });
  wakeOutboxWorker();
  return json<QuoteDecisionActionData>({ ok: true, decisionId: result.decisionId, decision: result.decision, number: result.number });
}

const STATUS_TONES: Record<QuoteStatus, BadgeProps["tone"]> = {
  open: "attention",
  accepted: "success",
  declined: "critical",
  expired: undefined,
};

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function PortalQuotesPage() {
  const { portal, rows, total, page, pageSize, rights, filter, preview, branding } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const [status, setStatus] = useState<string>(filter.status ?? "");
  const [search, setSearch] = useState(filter.search ?? "");
  const [deciding, setDeciding] = useState<{ quote: Row; decision: QuoteDecision } | null>(null);
  const [decided, setDecided] = useState<Extract<QuoteDecisionActionData, { ok: true }> | null>(null);
  // On a phone each quote is one stacked row instead of a wide table.
  const condensed = useNarrowScreen();
  const pages = Math.max(1, Math.ceil(total / pageSize));

  const goTo = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    navigate(`?${next}`);
  };
  const onDecided = useCallback((result: Extract<QuoteDecisionActionData, { ok: true }>) => {
    setDeciding(null);
    setDecided(result);
  }, []);

  const formatDay = (day: string | null) =>
    day ? intl.formatDate(`${day}T00:00:00Z`, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }) : "—";
  const fileUrl = (documentId: string) => `/portals/${portal.id}/files/${documentId}`;
  const evidenceUrl = (decisionId: string) => `/portals/${portal.id}/quotes/${decisionId}/evidence`;
  const numberId = (row: Row) => `quote-${row.id}-number`;

  const badge = (row: Row) => <Badge tone={STATUS_TONES[row.status]}>{t(`quotes.status.${row.status}` as MessageId)}</Badge>;
  const links = (row: Row) => (
    <InlineStack gap="200" blockAlign="center" wrap>
      {row.pdfDocumentId ? (
        <>
          <Button variant="plain" url={fileUrl(row.pdfDocumentId)} target="_blank" accessibilityLabel={t("quotes.pdf.viewLabel", { number: row.number })}>
            {t("quotes.pdf.view")}
          </Button>
          <Button variant="plain" url={`${fileUrl(row.pdfDocumentId)}?download=1`} download accessibilityLabel={t("quotes.pdf.downloadLabel", { number: row.number })}>
            {t("quotes.pdf.download")}
          </Button>
        </>
      ) : null}
      {row.decisionId ? (
        <Button variant="plain" url={evidenceUrl(row.decisionId)} target="_blank" accessibilityLabel={t("quotes.evidence.rowLabel", { number: row.number })}>
          {t("quotes.evidence.row")}
        </Button>
      ) : null}
    </InlineStack>
  );
  const decisionButtons = (row: Row, fullWidth: boolean) =>
    rights && row.canDecide ? (
      <InlineStack gap="200" wrap={false} align={fullWidth ? "start" : "end"}>
        <Button variant="primary" ariaDescribedBy={numberId(row)} onClick={() => { setDecided(null); setDeciding({ quote: row, decision: "accepted" }); }}>
          {t("quotes.accept")}
        </Button>
        <Button tone="critical" ariaDescribedBy={numberId(row)} onClick={() => { setDecided(null); setDeciding({ quote: row, decision: "declined" }); }}>
          {t("quotes.decline")}
        </Button>
      </InlineStack>
    ) : null;

  return (
    <Page
      title={t("quotes.title")}
      subtitle={portal.name}
      backAction={{ content: t("quotes.back"), url: `/portals/${portal.id}` }}
      secondaryActions={<AccountActions />}
      fullWidth
    >
      <BlockStack gap="400">
        {preview ? <PreviewBanner memberName={preview.memberName} /> : null}
        {branding ? <PortalBrand {...branding} /> : null}
        {decided ? (
          <Banner
            tone="success"
            title={t(`quotes.done.${decided.decision}`, { number: decided.number })}
            action={{ content: t("quotes.evidence.download"), url: evidenceUrl(decided.decisionId), target: "_blank" }}
            onDismiss={() => setDecided(null)}
          >
            <p>{t("quotes.done.notified", { tenant: portal.tenantName })}</p>
          </Banner>
        ) : null}
        <Card padding="0">
          <div style={{ padding: "var(--p-space-400)" }}>
            <Form method="get" role="search">
              <InlineStack gap="300" blockAlign="end" wrap>
                <div style={{ minWidth: 150, flex: condensed ? "1 1 100%" : undefined }}>
                  <Select
                    label={t("quotes.filter.status")} name="status" value={status} onChange={setStatus}
                    options={[
                      { label: t("quotes.filter.any"), value: "" },
                      ...QUOTE_STATUSES.map((value) => ({ label: t(`quotes.status.${value}`), value })),
                    ]}
                  />
                </div>
                <div style={{ minWidth: 200, flex: "1 1 200px" }}>
                  <TextField
                    label={t("quotes.filter.search")} name="search" type="search" value={search} onChange={setSearch}
                    maxLength={QUOTE_SEARCH_MAX} autoComplete="off" clearButton onClearButtonClick={() => setSearch("")}
                  />
                </div>
                <Button submit>{t("quotes.filter.submit")}</Button>
              </InlineStack>
            </Form>
          </div>
          <IndexTable
            resourceName={{ singular: t("quotes.resource.one"), plural: t("quotes.resource.other") }}
            itemCount={rows.length}
            selectable={false}
            condensed={condensed}
            emptyState={<EmptyNote>{t("quotes.empty")}</EmptyNote>}
            headings={[
              { title: t("quotes.column.number") },
              { title: t("quotes.column.subject") },
              { title: t("quotes.column.issuedOn") },
              { title: t("quotes.column.validUntil") },
              { title: t("quotes.column.amount"), alignment: "end" },
              { title: t("quotes.column.status") },
              { title: t("quotes.column.documents") },
              { title: t("quotes.column.actions"), hidden: true },
            ]}
          >
            {rows.map((row, index) => {
              const amount = formatQuoteAmount(intl, row.totalExclVat, row.currency);
              if (condensed) {
                return (
                  <IndexTable.Row id={row.id} key={row.id} position={index}>
                    <div style={{ padding: "var(--p-space-300) var(--p-space-400)", width: "100%" }}>
                      <BlockStack gap="150">
                        <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                          <Text as="span" fontWeight="semibold" id={numberId(row)}>{row.number}</Text>
                          <Text as="span" fontWeight="semibold" numeric>{amount}</Text>
                        </InlineStack>
                        {row.subject ? <Text as="p">{row.subject}</Text> : null}
                        <Text as="p" tone="subdued">
                          {t("quotes.issuedOn", { date: formatDay(row.issuedOn) })} · {t("quotes.validUntil", { date: formatDay(row.validUntil) })}
                        </Text>
                        <InlineStack align="space-between" blockAlign="center" gap="200">
                          {badge(row)}
                          {links(row)}
                        </InlineStack>
                        {decisionButtons(row, true)}
                      </BlockStack>
                    </div>
                  </IndexTable.Row>
                );
              }
              return (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell><Text as="span" fontWeight="semibold" id={numberId(row)}>{row.number}</Text></IndexTable.Cell>
                  <IndexTable.Cell>{row.subject ?? ""}</IndexTable.Cell>
                  <IndexTable.Cell>{formatDay(row.issuedOn)}</IndexTable.Cell>
                  <IndexTable.Cell>{formatDay(row.validUntil)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <BlockStack inlineAlign="end">
                      <Text as="span" alignment="end" numeric>{amount}</Text>
                      <Text as="span" alignment="end" tone="subdued" variant="bodySm" numeric>
                        {t("quotes.inclVat", { amount: formatQuoteAmount(intl, row.totalInclVat, row.currency) })}
                      </Text>
                    </BlockStack>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{badge(row)}</IndexTable.Cell>
                  <IndexTable.Cell>{links(row)}</IndexTable.Cell>
                  <IndexTable.Cell>{decisionButtons(row, false)}</IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
          <div style={{ padding: "var(--p-space-400)" }}>
            <InlineStack align="space-between" blockAlign="center" gap="300" wrap>
              <Text as="p" fontWeight="semibold">{t("quotes.count", { count: total })}</Text>
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" tone="subdued">{t("quotes.page", { page, pages })}</Text>
                <Pagination
                  hasPrevious={page > 1}
                  onPrevious={() => goTo({ page: String(page - 1) })}
                  hasNext={page < pages}
                  onNext={() => goTo({ page: String(page + 1) })}
                />
              </InlineStack>
            </InlineStack>
          </div>
        </Card>
      </BlockStack>
      {deciding && rights ? (
        <QuoteDecisionModal
          key={`${deciding.quote.id}-${deciding.decision}`}
          quote={deciding.quote}
          decision={deciding.decision}
          rights={rights}
          action={`${location.pathname}${location.search}`}
          onClose={() => setDeciding(null)}
          onDecided={onDecided}
        />
      ) : null}
    </Page>
  );
}
