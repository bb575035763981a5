import { json, type LoaderFunctionArgs, type SerializeFrom } from "@remix-run/node";
import { Form, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  BlockStack, Box, Button, Card, IndexTable, InlineStack, Link, Page, Pagination, Popover, Select, Text, TextField,
} from "@shopify/polaris";
import { useState, type FormEvent } from "react";
import { useIntl } from "react-intl";
import { EmptyNote } from "~/components/empty-note";
import { useNarrowScreen } from "~/components/use-narrow-screen";
import { useT } from "~/i18n/use-t";
import { loadAuditPage } from "~/.server/audit/list";
import { requireAdmin } from "~/.server/auth/guards";
import { withClaims } from "~/.server/db";
import { AUDIT_EXPORT_LIMIT, auditActionLabel, auditActorName, auditFilterSchema, auditSubjectLabel } from "~/shared/audit-filter";

/** The tenant's audit log (F-31): RLS keeps it to the admin's own tenant. */
export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const { page, ...filter } = auditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const data = await withClaims(claims, (tx) => loadAuditPage(tx, filter, page));
  return json({ ...data, filter, page });
}

type Data = SerializeFrom<typeof loader>;
type Row = Data["rows"][number];

export default function AdminAuditPage() {
  const { rows, hasNext, count, options, filter, page } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [openDetails, setOpenDetails] = useState<string | null>(null);
  // On a phone each entry is one stacked row instead of a wide table.
  const condensed = useNarrowScreen();
  const exportParams = new URLSearchParams(searchParams);
  exportParams.delete("page");
  const goToPage = (next: number) => {
    const params = new URLSearchParams(searchParams);
    if (next > 1) params.set("page", String(next));
    else params.delete("page");
    navigate(`?${params}`);
  };

  const time = (row: Row) => intl.formatDate(row.occurredAt, { dateStyle: "medium", timeStyle: "medium" });
  const who = (row: Row) => (
    <BlockStack>
      <Text as="span">{auditActorName(intl, row)}</Text>
      {row.actorKind === "contact" && row.memberEmail ? <Text as="span" tone="subdued">{row.memberEmail}</Text> : null}
    </BlockStack>
  );
  const portal = (row: Row) => row.portalName ?? (row.portalId ? t("admin.audit.removedPortal") : "");
  const details = (row: Row) => (
    <DetailsPopover row={row} open={openDetails === row.id} onToggle={() => setOpenDetails(openDetails === row.id ? null : row.id)} />
  );

  return (
    <Page title={t("admin.audit.title")} fullWidth>
      <Card padding="0">
        <Box padding="400">
          <Filters key={searchParams.toString()} filter={filter} options={options} exportUrl={`/admin/audit/export?${exportParams}`} />
        </Box>
        <IndexTable
          resourceName={{ singular: t("admin.audit.title"), plural: t("admin.audit.title") }}
          itemCount={rows.length}
          selectable={false}
          condensed={condensed}
          emptyState={<EmptyNote>{t("admin.audit.empty")}</EmptyNote>}
          headings={[
            { title: t("admin.audit.column.time") },
            { title: t("admin.audit.column.who") },
            { title: t("admin.audit.column.action") },
            { title: t("admin.audit.column.portal") },
            { title: t("admin.audit.column.subject") },
            { title: t("admin.audit.column.ip") },
            { title: t("admin.audit.column.details"), hidden: true },
          ]}
        >
          {rows.map((row, index) =>
            condensed ? (
              <IndexTable.Row id={row.id} key={row.id} position={index}>
                <Box paddingBlock="300" paddingInline="400">
                  <BlockStack gap="100">
                    <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
                      <Text as="span" fontWeight="semibold">{auditActionLabel(intl, row.action)}</Text>
                      {details(row)}
                    </InlineStack>
                    <Text as="span" tone="subdued">{time(row)}</Text>
                    {who(row)}
                    <Text as="span" tone="subdued">{[portal(row), row.ip].filter(Boolean).join(" · ")}</Text>
                    <Subject row={row} />
                  </BlockStack>
                </Box>
              </IndexTable.Row>
            ) : (
              <IndexTable.Row id={row.id} key={row.id} position={index}>
                <IndexTable.Cell>{time(row)}</IndexTable.Cell>
                <IndexTable.Cell>{who(row)}</IndexTable.Cell>
                <IndexTable.Cell>{auditActionLabel(intl, row.action)}</IndexTable.Cell>
                <IndexTable.Cell>{portal(row)}</IndexTable.Cell>
                <IndexTable.Cell><Subject row={row} /></IndexTable.Cell>
                <IndexTable.Cell>{row.ip ?? ""}</IndexTable.Cell>
                <IndexTable.Cell>{details(row)}</IndexTable.Cell>
              </IndexTable.Row>
            ),
          )}
        </IndexTable>
        <Box padding="400">
          <InlineStack align="space-between" blockAlign="center" gap="300" wrap>
            <Text as="p" tone="subdued">
              {count > AUDIT_EXPORT_LIMIT ? t("admin.audit.countMore", { max: AUDIT_EXPORT_LIMIT }) : t("admin.audit.count", { count })}
            </Text>
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" tone="subdued">{t("admin.audit.page", { page })}</Text>
              <Pagination hasPrevious={page > 1} onPrevious={() => goToPage(page - 1)} hasNext={hasNext} onNext={() => goToPage(page + 1)} />
            </InlineStack>
          </InlineStack>
        </Box>
      </Card>
    </Page>
  );
}

/** The filters, as a plain GET form: they live in the URL, and a new URL starts them afresh (keyed by the caller). */
function Filters(props: { filter: Data["filter"]; options: Data["options"]; exportUrl: string }) {
  const { filter, options } = props;
  const t = useT();
  const intl = useIntl();
  const [portalId, setPortalId] = useState(filter.portalId ?? "");
  const [contactId, setContactId] = useState(filter.contactId ?? "");
  const [action, setAction] = useState(filter.action ?? "");
  const [from, setFrom] = useState(filter.from ?? "");
  const [to, setTo] = useState(filter.to ?? "");
  const any = { label: t("admin.audit.any"), value: "" };
  // An action named in the URL stays choosable even when this tenant's log has none of it.
  const actions = filter.action && !options.actions.includes(filter.action) ? [...options.actions, filter.action] : options.actions;
  const filtered = Object.values(filter).some((value) => value !== undefined);
  const navigate = useNavigate();
  // Without JavaScript the form submits every field, empty ones too (ignored); with it, the URL names only what is set.
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams(Object.entries({ portalId, contactId, action, from, to }).filter(([, value]) => value !== ""));
    navigate(params.size > 0 ? `?${params}` : "/admin/audit");
  };
  return (
    <Form method="get" onSubmit={submit}>
      <InlineStack gap="300" blockAlign="end" wrap>
        <Box minWidth="180px">
          <Select
            label={t("admin.audit.column.portal")} name="portalId" value={portalId} onChange={setPortalId}
            options={[any, ...options.portals.map((portal) => ({ label: portal.name, value: portal.id }))]}
          />
        </Box>
        <Box minWidth="180px">
          <Select
            label={t("admin.audit.column.member")} name="contactId" value={contactId} onChange={setContactId}
            options={[any, ...options.members.map((member) => ({ label: `${member.name} (${member.email})`, value: member.id }))]}
          />
        </Box>
        <Box minWidth="180px">
          <Select
            label={t("admin.audit.column.action")} name="action" value={action} onChange={setAction}
            options={[any, ...actions.map((value) => ({ label: auditActionLabel(intl, value), value }))]}
          />
        </Box>
        <Box minWidth="150px">
          <TextField label={t("admin.audit.from")} type="date" name="from" value={from} onChange={setFrom} autoComplete="off" />
        </Box>
        <Box minWidth="150px">
          <TextField label={t("admin.audit.to")} type="date" name="to" value={to} onChange={setTo} autoComplete="off" />
        </Box>
        <Button submit>{t("admin.audit.filter")}</Button>
        {filtered ? <Button url="/admin/audit" variant="tertiary">{t("admin.audit.clearFilters")}</Button> : null}
        <Button url={props.exportUrl} download>{t("admin.audit.export")}</Button>
      </InlineStack>
    </Form>
  );
}

/** What the entry is about: the member an admin acted on, or the record it names (a decision links to its evidence). */
function Subject({ row }: { row: Row }) {
  const intl = useIntl();
  const t = useT();
  if (row.actorKind !== "contact" && row.memberName) return <Text as="span">{row.memberName}</Text>;
  if (!row.subjectType) return null;
  const label = `${auditSubjectLabel(intl, row.subjectType)}${row.subjectId ? ` ${row.subjectId.slice(0, 8)}` : ""}`;
  if (row.subjectType === "approval_decision" && row.subjectId) {
    return (
      <Link url={`/admin/decisions/${row.subjectId}/evidence`} target="_blank" accessibilityLabel={`${t("admin.audit.openEvidence")}: ${label}`}>
        {label}
      </Link>
    );
  }
  return <Text as="span">{label}</Text>;
}

/** The entry's details on demand: the logged fields as written, the device in brief, never the raw user agent. */
function DetailsPopover(props: { row: Row; open: boolean; onToggle: () => void }) {
  const { row } = props;
  const t = useT();
  const intl = useIntl();
  const items = [
    ...(row.subjectId ? [{ term: t("admin.audit.column.subjectId"), description: row.subjectId }] : []),
    ...(row.device ? [{ term: t("admin.audit.column.device"), description: row.device }] : []),
    ...detailLines(row.details),
  ];
  return (
    <Popover
      active={props.open}
      onClose={props.onToggle}
      preferredAlignment="right"
      activator={
        <Button
          variant="plain" onClick={props.onToggle} disclosure={props.open ? "up" : "down"}
          accessibilityLabel={t("admin.audit.detailsOf", { name: `${auditActionLabel(intl, row.action)}, ${intl.formatDate(row.occurredAt, { dateStyle: "medium", timeStyle: "medium" })}` })}
        >
          {t("admin.audit.details")}
        </Button>
      }
    >
      <Box padding="400" maxWidth="360px">
        {items.length > 0 ? (
          <BlockStack gap="200">
            {items.map((item) => (
              <BlockStack key={item.term}>
                <Text as="span" variant="bodySm" tone="subdued">{item.term}</Text>
                <Text as="span" breakWord>{item.description}</Text>
              </BlockStack>
            ))}
          </BlockStack>
        ) : (
          <Text as="p" tone="subdued">{t("admin.audit.noDetails")}</Text>
        )}
      </Box>
    </Popover>
  );
}

/** The logged details as lines, one level of nesting spelled out ("filters.action"). */
function detailLines(details: Record<string, unknown>, prefix = ""): Array<{ term: string; description: string }> {
  return Object.entries(details).flatMap(([key, value]) => {
    if (value === null || value === undefined) return [];
    if (typeof value === "object" && !Array.isArray(value) && !prefix) return detailLines(value as Record<string, unknown>, `${key}.`);
    const description = typeof value === "string" ? value : Array.isArray(value) ? value.join(", ") : JSON.stringify(value);
    return [{ term: `${prefix}${key}`, description }];
  });
}
