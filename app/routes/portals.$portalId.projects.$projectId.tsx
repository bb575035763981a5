import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge, Banner, BlockStack, Button, Card, Checkbox, IndexTable, IndexTableSelectionType, InlineStack, Page, Pagination, Select,
  Tabs, Text, TextField, useIndexResourceState,
} from "@shopify/polaris";
import { useCallback, useState } from "react";
import { useIntl } from "react-intl";
import { AccountActions } from "~/components/account-actions";
import { PortalBrand } from "~/components/portal-brand";
import { PreviewBanner } from "~/components/preview-banner";
import { DecisionModal, type DecisionActionData, type DecisionTargetChoice } from "~/components/registrations/decision-modal";
import { HistoryModal } from "~/components/registrations/history-modal";
import { PhoneSelectionBar } from "~/components/registrations/phone-selection-bar";
import { RowActions } from "~/components/registrations/row-actions";
import { STATUS_TONES } from "~/components/registrations/status-tones";
import { useNarrowScreen } from "~/components/use-narrow-screen";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { decideAsMember } from "~/.server/approvals/decide";
import { parseDecisionForm, refusalErrors } from "~/.server/approvals/decision-form";
import { requireContact } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { wakeOutboxWorker } from "~/.server/email/worker";
import { requestLanguage } from "~/.server/http/language";
import { uuidParam } from "~/.server/http/params";
import { withPortalProject } from "~/.server/portals/project-scope";
import { isPreviewRequest } from "~/.server/portals/viewer";
import { loadRegistrationsPage } from "~/.server/registrations/page";
import { totalsOf, type QuantityTotals } from "~/shared/decision-statement";
import type { Decision } from "~/shared/decisions";
import { registrationFilterSchema } from "~/shared/registration-filter";
import { PAGE_SIZE, REGISTRATION_KINDS, REGISTRATION_STATUSES } from "~/shared/registrations";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const filter = registrationFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const data = await withPortalProject(request, params, (tx, { portal, project }) => loadRegistrationsPage(tx, portal, project.id, filter));
  const kinds = REGISTRATION_KINDS.filter(
    (kind) =>
      (kind === "hours" && data.portal.hoursVisibility !== "hidden") ||
      (kind === "expense" && data.portal.showExpenses) ||
      (kind === "mileage" && data.portal.showMileage),
  );
  return json({ ...data, filter, kinds, pageSize: PAGE_SIZE });
}

/** A decision on registrations of this page (F-18): thin, the approvals module does the work. */
export async function action({ request, params }: ActionFunctionArgs) {
  const portalId = uuidParam(params.portalId);
  const projectId = uuidParam(params.projectId);
  if (await isPreviewRequest(request, portalId)) {
    return json<DecisionActionData>({ ok: false, errors: { form: "decide.error.preview" } }, { status: 403 });
  }
  const claims = await requireContact(request);
  const parsed = parseDecisionForm(await request.formData(), new URL(request.url), projectId);
  if (!parsed.ok) return json<DecisionActionData>({ ok: false, errors: parsed.errors }, { status: 400 });
  const result = await decideAsMember(claims, {
    portalId, decision: parsed.decision, target: parsed.target, comment: parsed.comment, reference: parsed.reference,
    signature: parsed.signature, language: await requestLanguage(request), info: requestInfo(request),
  });
  if (!result.ok) return json<DecisionActionData>({ ok: false, ...refusalErrors(result) }, { status: 409 });
  wakeOutboxWorker();
  return json<DecisionActionData>({
    ok: true, decisionId: result.decisionId, count: result.count, statusAfter: result.statusAfter, decision: parsed.decision,
  });
}

type Deciding = { decision: Decision; target: DecisionTargetChoice; count: number; totals: QuantityTotals };

export default function ProjectRegistrationsPage() {
  const { portal, project, rows, totals, waiting, filter, kinds, options, rights, preview, branding } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const [deciding, setDeciding] = useState<Deciding | null>(null);
  const [decided, setDecided] = useState<Extract<DecisionActionData, { ok: true }> | null>(null);
  const [historyOf, setHistoryOf] = useState<{ id: string; title: string } | null>(null);
  const canDecide = rights !== null;
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows, {
    resourceFilter: (row) => row.status === "pending_external",
  });
  const [from, setFrom] = useState(filter.from ?? "");
  const [to, setTo] = useState(filter.to ?? "");
  const [employeeId, setEmployeeId] = useState(filter.employeeId ?? "");
  const [taskId, setTaskId] = useState(filter.taskId ?? "");
  const [status, setStatus] = useState<string>(filter.status ?? "");
  const exportParams = new URLSearchParams(searchParams);
  exportParams.delete("page");
  exportParams.set("kind", filter.kind);
  const pages = Math.max(1, Math.ceil(totals.count / PAGE_SIZE));
  const showDescription = filter.kind !== "hours" || portal.hoursVisibility === "full";
  // On a phone each registration is one stacked row instead of a wide table.
  const condensed = useNarrowScreen();

  const goTo = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    navigate(`?${next}`);
  };

  const tabs = kinds.map((kind) => ({ id: kind, content: t(`hours.tab.${kind}` as MessageId) }));
  const selectedTab = Math.max(0, kinds.indexOf(filter.kind));
  const quantity = (row: (typeof rows)[number]) => {
    if (filter.kind === "hours") return intl.formatNumber(Number(row.hours), { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    if (filter.kind === "mileage") return intl.formatNumber(Number(row.distanceKm), { maximumFractionDigits: 1 });
    return intl.formatNumber(Number(row.amount), { style: "currency", currency: row.currency });
  };
  const quantityHeading = t(filter.kind === "hours" ? "hours.hours" : filter.kind === "mileage" ? "hours.distance" : "hours.amount");
  const total =
    filter.kind === "hours" ? intl.formatNumber(Number(totals.hours), { minimumFractionDigits: 2 }) :
    filter.kind === "mileage" ? intl.formatNumber(Number(totals.distanceKm), { maximumFractionDigits: 1 }) :
    intl.formatNumber(Number(totals.amount), { style: "currency", currency: "EUR" });

  const waitingOnPage = rows.filter((row) => row.status === "pending_external").length;
  const kindTotals = (): QuantityTotals =>
    filter.kind === "hours" ? { hours: Number(waiting.hours), money: {}, distanceKm: null } :
    filter.kind === "mileage" ? { hours: null, money: {}, distanceKm: Number(waiting.distanceKm) } :
    { hours: null, money: { [rows[0]?.currency ?? "EUR"]: Number(waiting.amount) }, distanceKm: null };
  const startDecision = (decision: Decision, ids?: string[]) => {
    setDecided(null);
    if (!ids && allResourcesSelected) {
      setDeciding({ decision, target: { scope: "filter" }, count: waiting.count, totals: kindTotals() });
      return;
    }
    const chosen = rows.filter((row) => (ids ?? selectedResources).includes(row.id));
    setDeciding({ decision, target: { scope: "ids", ids: chosen.map((row) => row.id) }, count: chosen.length, totals: totalsOf(chosen.map((row) => ({ ...row, kind: filter.kind }))) });
  };
  const onDecided = useCallback((result: Extract<DecisionActionData, { ok: true }>) => {
    setDeciding(null);
    setDecided(result);
    clearSelection();
  }, [clearSelection]);
  const bulkActions = [
    { content: t("decide.approve"), onAction: () => startDecision("approved") },
    { content: t("decide.reject"), onAction: () => startDecision("rejected") },
    { content: t("decide.requestChanges"), onAction: () => startDecision("changes_requested") },
  ];
  const formatDate = (workDate: string) => intl.formatDate(workDate, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const rowActions = (row: (typeof rows)[number]) => (
    <RowActions
      label={t("decide.rowMenu", { date: formatDate(row.workDate) })}
      canDecide={canDecide && row.status === "pending_external"}
      onDecide={(decision) => startDecision(decision, [row.id])}
      onHistory={() => setHistoryOf({ id: row.id, title: `${formatDate(row.workDate)} · ${row.employeeName}` })}
    />
  );

  return (
    <Page
      title={project.name}
      subtitle={portal.name}
      backAction={{ content: t("hours.back"), url: `/portals/${portal.id}` }}
      secondaryActions={<AccountActions />}
      fullWidth
    >
      <BlockStack gap="400">
        {preview ? <PreviewBanner memberName={preview.memberName} /> : null}
        {branding ? <PortalBrand {...branding} /> : null}
        {decided ? (
          <Banner
            tone="success"
            title={t(`decide.done.${decided.decision}` as MessageId, { count: decided.count })}
            action={{ content: t("decide.evidence"), url: `/portals/${portal.id}/decisions/${decided.decisionId}/evidence`, target: "_blank" }}
            onDismiss={() => setDecided(null)}
          >
            <p>
              {decided.statusAfter === "pending_internal" ? `${t("decide.done.internal", { tenant: portal.tenantName })} ` : ""}
              {t("decide.done.notified")}
            </p>
          </Banner>
        ) : null}
        <Card padding="0">
          <Tabs tabs={tabs} selected={selectedTab} onSelect={(index) => goTo({ kind: kinds[index] ?? "hours", page: null })} />
          <div style={{ padding: "var(--p-space-400)" }}>
            <Form method="get">
              <input type="hidden" name="kind" value={filter.kind} />
              <InlineStack gap="300" blockAlign="end" wrap>
                <div style={{ minWidth: 150 }}>
                  <TextField label={t("hours.from")} type="date" name="from" value={from} onChange={setFrom} autoComplete="off" />
                </div>
                <div style={{ minWidth: 150 }}>
                  <TextField label={t("hours.to")} type="date" name="to" value={to} onChange={setTo} autoComplete="off" />
                </div>
                <div style={{ minWidth: 160 }}>
                  <Select
                    label={t("hours.employeeFilter")} name="employeeId" value={employeeId} onChange={setEmployeeId}
                    options={[{ label: t("hours.any"), value: "" }, ...options.employees.map((e) => ({ label: e.name, value: e.id }))]}
                  />
                </div>
                {filter.kind === "hours" ? (
                  <div style={{ minWidth: 140 }}>
                    <Select
                      label={t("hours.taskFilter")} name="taskId" value={taskId} onChange={setTaskId}
                      options={[{ label: t("hours.any"), value: "" }, ...options.tasks.map((task) => ({ label: task.name, value: task.id }))]}
                    />
                  </div>
                ) : null}
                <div style={{ minWidth: 160 }}>
                  <Select
                    label={t("hours.statusFilter")} name="status" value={status} onChange={setStatus}
                    options={[{ label: t("hours.any"), value: "" }, ...REGISTRATION_STATUSES.map((value) => ({ label: t(`status.${value}` as MessageId), value }))]}
                  />
                </div>
                <Button submit>{t("hours.filter")}</Button>
                <Button url={`/portals/${portal.id}/projects/${project.id}/export?${exportParams}`} external={false} download>
                  {t("hours.export")}
                </Button>
              </InlineStack>
            </Form>
          </div>
          <IndexTable
            resourceName={{ singular: t("hours.title"), plural: t("hours.title") }}
            itemCount={rows.length}
            selectable={canDecide && waitingOnPage > 0 && !condensed}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            hasMoreItems={waiting.count > waitingOnPage}
            paginatedSelectAllText={allResourcesSelected ? t("decide.allMatching", { count: waiting.count }) : undefined}
            promotedBulkActions={bulkActions}
            condensed={condensed}
            emptyState={<div style={{ padding: "var(--p-space-400)" }}><Text as="p">{t("hours.empty")}</Text></div>}
            headings={[
              { title: t("hours.date") },
              { title: t("hours.employee") },
              ...(filter.kind === "hours" ? [{ title: t("hours.task") }] : []),
              { title: quantityHeading, alignment: "end" as const },
              ...(showDescription ? [{ title: t("hours.description") }] : []),
              { title: t("hours.status") },
              { title: t("decide.actions"), hidden: true },
            ] as never}
          >
            {rows.map((row, index) => {
              const date = formatDate(row.workDate);
              const selection = { selected: selectedResources.includes(row.id), disabled: canDecide && row.status !== "pending_external" };
              const badge = <Badge tone={STATUS_TONES[row.status]}>{t(`status.${row.status}` as MessageId)}</Badge>;
              if (condensed) {
                return (
                  <IndexTable.Row id={row.id} key={row.id} position={index} {...selection}>
                    <div style={{ padding: "var(--p-space-300) var(--p-space-400)" }}>
                      <BlockStack gap="100">
                        <InlineStack align="space-between" blockAlign="center" gap="200">
                          {canDecide && row.status === "pending_external" ? (
                            <Checkbox
                              label={<Text as="span" fontWeight="semibold">{date}</Text>}
                              checked={allResourcesSelected || selectedResources.includes(row.id)}
                              onChange={(checked) => handleSelectionChange(IndexTableSelectionType.Single, checked, row.id)}
                            />
                          ) : (
                            <Text as="span" fontWeight="semibold">{date}</Text>
                          )}
                          <Text as="span" fontWeight="semibold" numeric>{quantity(row)}</Text>
                        </InlineStack>
                        <Text as="span" tone="subdued">
                          {row.employeeName}{filter.kind === "hours" && row.taskName ? ` · ${row.taskName}` : ""}
                        </Text>
                        {showDescription && row.description ? <Text as="p">{row.description}</Text> : null}
                        <InlineStack align="space-between" blockAlign="center">
                          {badge}
                          {rowActions(row)}
                        </InlineStack>
                      </BlockStack>
                    </div>
                  </IndexTable.Row>
                );
              }
              return (
                <IndexTable.Row id={row.id} key={row.id} position={index} {...selection}>
                  <IndexTable.Cell>{date}</IndexTable.Cell>
                  <IndexTable.Cell>{row.employeeName}</IndexTable.Cell>
                  {filter.kind === "hours" ? <IndexTable.Cell>{row.taskName ?? ""}</IndexTable.Cell> : null}
                  <IndexTable.Cell><Text as="span" alignment="end" numeric>{quantity(row)}</Text></IndexTable.Cell>
                  {showDescription ? <IndexTable.Cell>{row.description ?? ""}</IndexTable.Cell> : null}
                  <IndexTable.Cell>{badge}</IndexTable.Cell>
                  <IndexTable.Cell>{rowActions(row)}</IndexTable.Cell>
                </IndexTable.Row>
              );
            })}
          </IndexTable>
          <div style={{ padding: "var(--p-space-400)" }}>
            <InlineStack align="space-between" blockAlign="center" gap="300" wrap>
              <Text as="p" fontWeight="semibold">
                {t("hours.total", { count: totals.count })} · {total}
              </Text>
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" tone="subdued">{t("hours.page", { page: filter.page, pages })}</Text>
                <Pagination
                  hasPrevious={filter.page > 1}
                  onPrevious={() => goTo({ page: String(filter.page - 1) })}
                  hasNext={filter.page < pages}
                  onNext={() => goTo({ page: String(filter.page + 1) })}
                />
              </InlineStack>
            </InlineStack>
          </div>
        </Card>
      </BlockStack>
      {condensed && canDecide ? (
        <>
          {/* Room under the last row for the bar fixed to the bottom. */}
          {selectedResources.length > 0 || allResourcesSelected ? <div style={{ height: 140 }} /> : null}
          <PhoneSelectionBar
            selectedCount={selectedResources.length}
            allSelected={allResourcesSelected}
            waitingCount={waiting.count}
            onSelectAll={() => handleSelectionChange(IndexTableSelectionType.All, true)}
            onClear={clearSelection}
            onDecide={(decision) => startDecision(decision)}
          />
        </>
      ) : null}
      {deciding && rights ? (
        <DecisionModal
          key={`${deciding.decision}-${deciding.count}`}
          decision={deciding.decision}
          target={deciding.target}
          count={deciding.count}
          totals={deciding.totals}
          rights={rights}
          action={`${location.pathname}${location.search}`}
          onClose={() => setDeciding(null)}
          onDecided={onDecided}
        />
      ) : null}
      {historyOf ? (
        <HistoryModal portalId={portal.id} registrationId={historyOf.id} title={historyOf.title} onClose={() => setHistoryOf(null)} />
      ) : null}
    </Page>
  );
}
