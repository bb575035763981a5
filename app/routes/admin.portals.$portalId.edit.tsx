import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Page } from "@shopify/polaris";
import { useT } from "~/i18n/use-t";
import { PortalForm } from "~/components/admin/portal-form";
import { requireAdmin } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { notFound, uuidParam } from "~/.server/http/params";
import { loadPortalForEdit, updatePortal } from "~/.server/portals/portal-editor";
import { parsePortalForm } from "~/.server/portals/portal-form";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const data = await loadPortalForEdit(claims, uuidParam(params.portalId));
  if (!data) throw notFound();
  return json(data);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const portalId = uuidParam(params.portalId);
  const parsed = parsePortalForm(await request.formData(), "edit");
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const result = await updatePortal(claims, portalId, parsed.input, requestInfo(request));
  if (!result) throw notFound();
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  return redirect(`/admin/portals/${portalId}?saved=updated`);
}

export default function EditPortalPage() {
  const { portal, projects } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const portalUrl = `/admin/portals/${portal.id}`;
  return (
    <Page
      title={t("admin.portalEditor.editTitle", { portal: portal.settings.name })}
      subtitle={portal.customerName}
      backAction={{ content: portal.settings.name, url: portalUrl }}
    >
      <PortalForm
        mode="edit"
        customerName={portal.customerName}
        membersUrl={`${portalUrl}/members`}
        initial={portal.settings}
        initialProjectIds={portal.projectIds}
        projects={projects}
        approvalAvailable={portal.approvalAvailable}
        errors={actionData?.errors ?? {}}
        submitting={navigation.state === "submitting"}
        cancelUrl={portalUrl}
      />
    </Page>
  );
}
