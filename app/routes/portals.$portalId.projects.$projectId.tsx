import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge, type BadgeProps, BlockStack, Button, Card, IndexTable, InlineStack, Page, Pagination, Select, Tabs, Text, TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { useIntl } from "react-intl";
import { AccountActions } from "~/components/account-actions";
import { useNarrowScreen } from "~/components/use-narrow-screen";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { withPortalProject } from "~/.server/portals/project-scope";
import { listPortalRegistrations, registrationFilterOptions, totalPortalRegistrations } from "~/.server/registrations/list";
import { registrationFilterSchema } from "~/shared/registration-filter";
import { PAGE_SIZE, REGISTRATION_KINDS, REGISTRATION_STATUSES } from "~/shared/registrations";


export async function loader({ request, params }: LoaderFunctionArgs) {
  const filter = registrationFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const data = await withPortalProject(request, params, async (tx, { portal, project }) => {
    const scope = {
      portalId: portal.id, projectId: project.id, kind: filter.kind, from: filter.from, to: filter.to,
      employeeId: filter.employeeId, taskId: filter.taskId, status: filter.status,
    };
    const rows = await listPortalRegistrations(tx, { ...scope, page: filter.page });
    const totals = await totalPortalRegistrations(tx, scope);
    const options = await registrationFilterOptions(tx, project.id);
    return { rows, totals, options };
  });
  const kinds = REGISTRATION_KINDS.filter(
    (kind) =>
      (kind === "hours" && data.portal.hoursVisibility !== "hidden") ||
      (kind === "expense" && data.portal.showExpenses) ||
      (kind === "mileage" && data.portal.showMileage),
  );
  return json({ ...data, filter, kinds, pageSize: PAGE_SIZE });
}

const STATUS_TONES: Record<string, BadgeProps["tone"]> = {
  approved: "success",
  pending_external: "attention",
  rejected: "critical",
  changes_requested: "warning",
  pending_internal: "info",
};

export default function ProjectRegistrationsPage() {
  const { portal, project, rows, totals, filter, kinds, options } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
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

  return (
    <Page
      title={project.name}
      subtitle={portal.name}
      backAction={{ content: t("hours.back"), url: `/portals/${portal.id}` }}
      secondaryActions={<AccountActions />}
      fullWidth
    >
      <BlockStack gap="400">
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
            selectable={false}
            condensed={condensed}
            emptyState={<div style={{ padding: "var(--p-space-400)" }}><Text as="p">{t("hours.empty")}</Text></div>}
            headings={[
              { title: t("hours.date") },
              { title: t("hours.employee") },
              ...(filter.kind === "hours" ? [{ title: t("hours.task") }] : []),
              { title: quantityHeading, alignment: "end" as const },
              ...(showDescription ? [{ title: t("hours.description") }] : []),
              { title: t("hours.status") },
            ] as never}
          >
            {rows.map((row, index) => {
              const date = intl.formatDate(row.workDate, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
              const badge = <Badge tone={STATUS_TONES[row.status]}>{t(`status.${row.status}` as MessageId)}</Badge>;
              if (condensed) {
                return (
                  <IndexTable.Row id={row.id} key={row.id} position={index}>
                    <div style={{ padding: "var(--p-space-300) var(--p-space-400)" }}>
                      <BlockStack gap="100">
                        <InlineStack align="space-between" blockAlign="center" gap="200">
                          <Text as="span" fontWeight="semibold">{date}</Text>
                          <Text as="span" fontWeight="semibold" numeric>{quantity(row)}</Text>
                        </InlineStack>
                        <Text as="span" tone="subdued">
                          {row.employeeName}{filter.kind === "hours" && row.taskName ? ` · ${row.taskName}` : ""}
                        </Text>
                        {showDescription && row.description ? <Text as="p">{row.description}</Text> : null}
                        <div>{badge}</div>
                      </BlockStack>
                    </div>
                  </IndexTable.Row>
                );
              }
              return (
                <IndexTable.Row id={row.id} key={row.id} position={index}>
                  <IndexTable.Cell>{date}</IndexTable.Cell>
                  <IndexTable.Cell>{row.employeeName}</IndexTable.Cell>
                  {filter.kind === "hours" ? <IndexTable.Cell>{row.taskName ?? ""}</IndexTable.Cell> : null}
                  <IndexTable.Cell><Text as="span" alignment="end" numeric>{quantity(row)}</Text></IndexTable.Cell>
                  {showDescription ? <IndexTable.Cell>{row.description ?? ""}</IndexTable.Cell> : null}
                  <IndexTable.Cell>{badge}</IndexTable.Cell>
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
    </Page>
  );
}
