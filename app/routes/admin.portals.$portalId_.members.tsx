import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { Badge, BlockStack, Card, IndexTable, InlineStack, Page, Pagination, Text, TextField, useIndexResourceState } from "@shopify/polaris";
import { useCallback, useEffect, useState } from "react";
import { useIntl } from "react-intl";
import { z } from "zod";
import { MemberAddModal } from "~/components/admin/member-add-modal";
import { MemberConfirmModal } from "~/components/admin/member-confirm-modal";
import { MemberFlagsModal } from "~/components/admin/member-flags-modal";
import { MemberRowActions, type MemberRowAction } from "~/components/admin/member-row-actions";
import { MemberToast, type MemberAnswer } from "~/components/admin/member-toast";
import { EmptyNote } from "~/components/empty-note";
import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { requireAdmin } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { withClaims } from "~/.server/db";
import { wakeOutboxWorker } from "~/.server/email/worker";
import { baseUrl } from "~/.server/http/language";
import { notFound, uuidParam } from "~/.server/http/params";
import {
  addMembers, createContactMember, endMemberSessionsAsAdmin, formCheckbox, inviteMembers, listAddableContacts, listPortalMembers,
  memberFlagsSchema, MEMBERS_PAGE_SIZE, newContactSchema, removeMember, restoreMember, updateMemberFlags,
} from "~/.server/portals/portal-members";
import { startPortalPreview } from "~/.server/portals/preview";
import { previewCookieHeader } from "~/.server/portals/viewer";

// The flat route name `$portalId_` keeps this page out of the portal page's layout: same URL, a page of its own.

const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  q: z.string().max(200).optional().catch(undefined),
  add: z.literal("1").optional().catch(undefined),
  contactSearch: z.string().max(200).optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const portalId = uuidParam(params.portalId);
  const query = listQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const data = await withClaims(claims, async (tx) => {
    const list = await listPortalMembers(tx, portalId, { page: query.page, search: query.q });
    if (!list) return null;
    return { ...list, addable: query.add ? await listAddableContacts(tx, portalId, query.contactSearch) : null };
  });
  if (!data) throw notFound();
  return json({ ...data, page: query.page, pageSize: MEMBERS_PAGE_SIZE, search: query.q ?? "", contactSearch: query.contactSearch ?? "" });
}

const uuid = z.string().uuid();
const onMember = <T extends string>(intent: T) => z.object({ intent: z.literal(intent), memberId: uuid });
const actionForm = z.discriminatedUnion("intent", [
  onMember("preview"), onMember("remove"), onMember("restore"), onMember("end-sessions"),
  memberFlagsSchema.extend({ intent: z.literal("update"), memberId: uuid }),
  z.object({ intent: z.literal("invite"), memberIds: z.array(uuid).min(1).max(100) }),
  z.object({ intent: z.literal("add"), contactIds: z.array(uuid).min(1).max(500), invite: formCheckbox }),
  newContactSchema.extend({ intent: z.literal("create-contact"), invite: formCheckbox }),
]);
const CONTACT_FIELDS = ["firstName", "lastName", "email", "jobTitle"];

const answer = (body: MemberAnswer, status = 200) => json<MemberAnswer>(body, { status });
const done = (id: MessageId, values?: Record<string, string | number>) => answer({ ok: true, toast: { id, values } });
const refused = (id: MessageId, status: number) => answer({ ok: false, toast: { id } }, status);
const gone = () => refused("admin.members.toast.notFound", 404);

/** The contact form's problems at their fields; anything else is a request the page never makes. */
function invalid(intent: FormDataEntryValue | null, issues: z.core.$ZodIssue[]) {
  const fieldErrors = Object.fromEntries(
    issues.filter((issue) => CONTACT_FIELDS.includes(String(issue.path[0]))).map((issue) => [issue.path[0], issue.message as MessageId]),
  );
  if (intent !== "create-contact" || Object.keys(fieldErrors).length === 0) return refused("admin.members.toast.invalid", 400);
  return answer({ ok: false, fieldErrors }, 400);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const portalId = uuidParam(params.portalId);
  const form = await request.formData();
  // Several members or contacts arrive as repeated fields.
  const parsed = actionForm.safeParse({ ...Object.fromEntries(form), memberIds: form.getAll("memberId"), contactIds: form.getAll("contactId") });
  if (!parsed.success) return invalid(form.get("intent"), parsed.error.issues);
  const data = parsed.data;
  const info = requestInfo(request);
  const invite = (wanted: boolean) => (wanted ? { baseUrl: baseUrl(request) } : null);

  switch (data.intent) {
    case "preview": {
      const preview = await startPortalPreview(claims, { portalId, memberId: data.memberId, info });
      if (!preview) throw notFound();
      return redirect(`/portals/${portalId}`, { headers: { "Set-Cookie": await previewCookieHeader(request, preview) } });
    }
    case "invite": {
      const result = await inviteMembers(claims, { portalId, memberIds: data.memberIds, baseUrl: baseUrl(request), info });
      if (!result) return gone();
      if (result.invited > 0) wakeOutboxWorker();
      return done("admin.members.toast.invited", { count: result.invited, name: result.name ?? "" });
    }
    case "add": {
      const result = await addMembers(claims, { portalId, contactIds: data.contactIds, invite: invite(data.invite), info });
      if (!result) return gone();
      if (result.invited > 0) wakeOutboxWorker();
      return done(result.invited > 0 ? "admin.members.toast.addedInvited" : "admin.members.toast.added", { count: result.added });
    }
    case "create-contact": {
      const contact = { firstName: data.firstName, lastName: data.lastName, email: data.email, jobTitle: data.jobTitle };
      const result = await createContactMember(claims, { portalId, contact, invite: invite(data.invite), info });
      if (!result) return gone();
      if (!result.ok) return answer({ ok: false, fieldErrors: result.errors }, 409);
      if (result.invited) wakeOutboxWorker();
      return done(result.invited ? "admin.members.toast.createdInvited" : "admin.members.toast.created", {
        name: result.name, customer: result.customerName,
      });
    }
    case "update": {
      // The form holds every flag; the update reads them by name.
      const result = await updateMemberFlags(claims, { portalId, memberId: data.memberId, flags: data, info });
      return result ? done("admin.members.toast.updated", result) : gone();
    }
    case "remove": {
      const result = await removeMember(claims, { portalId, memberId: data.memberId, info });
      return result ? done("admin.members.toast.removed", result) : gone();
    }
    case "restore": {
      const result = await restoreMember(claims, { portalId, memberId: data.memberId, info });
      if (!result) return gone();
      return result.restored ? done("admin.members.toast.restored", { name: result.name }) : refused("admin.members.toast.restoreRefused", 409);
    }
    case "end-sessions": {
      const result = await endMemberSessionsAsAdmin(claims, { portalId, memberId: data.memberId, info });
      return result ? done("admin.members.toast.sessionsEnded", { name: result.name, count: result.ended }) : gone();
    }
  }
}

const STATUS: Record<string, { label: MessageId; tone?: "success" | "info" | "attention" }> = {
  active: { label: "admin.portal.member.active", tone: "success" },
  invited: { label: "admin.portal.member.invited", tone: "info" },
  not_invited: { label: "admin.members.status.notInvited", tone: "attention" },
  removed: { label: "admin.portal.member.removed" },
};

type Confirming = { kind: "remove" | "end-sessions"; id: string; name: string; email: string };

export default function AdminPortalMembersPage() {
  const { portal, members, total, page, pageSize, search, contactSearch, addable } = useLoaderData<typeof loader>();
  const t = useT();
  const intl = useIntl();
  const submit = useSubmit();
  const fetcher = useFetcher<MemberAnswer>();
  const [searchParams, setSearchParams] = useSearchParams();
  const [answer, setAnswer] = useState<MemberAnswer | null>(null);
  const [editing, setEditing] = useState<(typeof members)[number] | null>(null);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [query, setQuery] = useState(search);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(members, {
    resourceFilter: (member) => member.status !== "removed",
  });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const busy = fetcher.state !== "idle";

  const goTo = useCallback((changes: Record<string, string | null>) => {
    setSearchParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      return next;
    }, { replace: true, preventScrollReset: true });
  }, [setSearchParams]);

  const fetched = fetcher.state === "idle" ? fetcher.data : undefined;
  useEffect(() => {
    if (!fetched) return;
    setAnswer(fetched);
    setConfirming(null);
    if (fetched.ok) clearSelection();
  }, [fetched, clearSelection]);
  useEffect(() => {
    if (query === search) return;
    const timer = setTimeout(() => goTo({ q: query, page: null }), 300);
    return () => clearTimeout(timer);
  }, [query, search, goTo]);

  const post = (intent: string, memberIds: string[]) => {
    const data = new FormData();
    data.set("intent", intent);
    for (const id of memberIds) data.append("memberId", id);
    fetcher.submit(data, { method: "post" });
  };
  const onRowAction = (member: (typeof members)[number], action: MemberRowAction) => {
    if (action === "edit") setEditing(member);
    else if (action === "preview") submit({ intent: "preview", memberId: member.id }, { method: "post" });
    else if (action === "remove" || action === "end-sessions") setConfirming({ kind: action, id: member.id, name: member.name, email: member.email });
    else post(action, [member.id]);
  };
  const closeAdd = useCallback(() => goTo({ add: null, contactSearch: null }), [goTo]);
  const onAdded = useCallback((result: MemberAnswer) => {
    setAnswer(result);
    closeAdd();
  }, [closeAdd]);
  const onEdited = useCallback((result: MemberAnswer) => {
    setAnswer(result);
    setEditing(null);
  }, []);
  const onContactSearch = useCallback((value: string) => goTo({ contactSearch: value }), [goTo]);
  const when = (value: string | null) => (value ? intl.formatDate(value, { dateStyle: "medium", timeStyle: "short" }) : t("admin.portal.member.never"));

  return (
    <Page
      title={t("admin.members.title")}
      subtitle={`${portal.name} · ${portal.customerName}`}
      backAction={{ content: portal.name, url: `/admin/portals/${portal.id}` }}
      primaryAction={{ content: t("admin.members.add"), onAction: () => goTo({ add: "1" }) }}
    >
      <BlockStack gap="400">
        <Card padding="0">
          <div style={{ padding: "var(--p-space-400)" }}>
            <TextField
              label={t("admin.members.search")}
              labelHidden
              placeholder={t("admin.members.searchPlaceholder")}
              value={query}
              onChange={setQuery}
              clearButton
              onClearButtonClick={() => setQuery("")}
              autoComplete="off"
            />
          </div>
          <IndexTable
            resourceName={{ singular: t("admin.members.resource.one"), plural: t("admin.members.resource.other") }}
            itemCount={members.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            promotedBulkActions={[{ content: t("admin.portal.member.sendInvitation"), disabled: busy, onAction: () => post("invite", selectedResources) }]}
            emptyState={<EmptyNote>{search ? t("admin.members.noMatch") : t("admin.members.empty", { customer: portal.customerName })}</EmptyNote>}
            headings={[
              { title: t("admin.portal.memberName") },
              { title: t("login.email") },
              { title: t("admin.portal.status") },
              { title: t("admin.portal.member.lastSignIn") },
              { title: t("admin.members.invitedAt") },
              { title: t("admin.members.actions"), hidden: true },
            ] as never}
          >
            {members.map((member, index) => (
              <IndexTable.Row
                id={member.id}
                key={member.id}
                position={index}
                selected={selectedResources.includes(member.id)}
                disabled={member.status === "removed"}
              >
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Text as="span" fontWeight="semibold">{member.name}</Text>
                    {member.jobTitle ? <Text as="span" tone="subdued">{member.jobTitle}</Text> : null}
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>{member.email}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={STATUS[member.status]!.tone}>{t(STATUS[member.status]!.label)}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>{when(member.lastSignInAt)}</IndexTable.Cell>
                <IndexTable.Cell>{member.invitedAt ? when(member.invitedAt) : "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  <MemberRowActions
                    name={member.name}
                    removed={member.status === "removed"}
                    invited={member.invitedAt !== null}
                    onAction={(action) => onRowAction(member, action)}
                  />
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
          <div style={{ padding: "var(--p-space-400)" }}>
            <InlineStack align="space-between" blockAlign="center" gap="300" wrap>
              <Text as="p" tone="subdued">{t("admin.members.count", { count: total })}</Text>
              <Pagination
                label={t("admin.members.page", { page, pages })}
                hasPrevious={page > 1}
                onPrevious={() => goTo({ page: String(page - 1) })}
                hasNext={page < pages}
                onNext={() => goTo({ page: String(page + 1) })}
              />
            </InlineStack>
          </div>
        </Card>
      </BlockStack>
      {searchParams.get("add") ? (
        <MemberAddModal
          portalName={portal.name}
          customerName={portal.customerName}
          contacts={addable}
          search={contactSearch}
          onSearch={onContactSearch}
          onClose={closeAdd}
          onDone={onAdded}
        />
      ) : null}
      {editing ? (
        <MemberFlagsModal member={editing} portalCanApprove={portal.canApprove} onClose={() => setEditing(null)} onDone={onEdited} />
      ) : null}
      {confirming ? (
        <MemberConfirmModal
          title={t(confirming.kind === "remove" ? "admin.members.removeTitle" : "admin.members.endSessionsTitle", { name: confirming.name })}
          body={t(confirming.kind === "remove" ? "admin.members.removeBody" : "admin.members.endSessionsBody", { name: confirming.name, email: confirming.email })}
          confirm={t(confirming.kind === "remove" ? "admin.members.removeConfirm" : "admin.members.endSessionsConfirm")}
          destructive
          busy={busy}
          onConfirm={() => post(confirming.kind, [confirming.id])}
          onClose={() => setConfirming(null)}
        />
      ) : null}
      <MemberToast answer={answer} />
    </Page>
  );
}
