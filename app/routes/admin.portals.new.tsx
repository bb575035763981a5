import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Page } from "@shopify/polaris";
import { z } from "zod";
import { useT } from "~/i18n/use-t";
import { PortalForm } from "~/components/admin/portal-form";
import { requireAdmin } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { notFound } from "~/.server/http/params";
import { createPortal, loadPortalCreation } from "~/.server/portals/portal-editor";
import { parsePortalForm } from "~/.server/portals/portal-form";
import { PORTAL_SWITCHES, type PortalLanguage, type PortalSettings } from "~/shared/portal-settings";

/**
 * `?customerId=` (or `?customer=`, also with the host's id) chooses the
 * customer, so that the project list follows it.
 */
const customerParam = z.string().trim().min(1).max(200);

export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const params = new URL(request.url).searchParams;
  const customer = customerParam.safeParse(params.get("customerId") ?? params.get("customer"));
  const data = await loadPortalCreation(claims, customer.success ? customer.data : null);
  if (!data) throw notFound();
  return json(data);
}

export async function action({ request }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const parsed = parsePortalForm(await request.formData(), "create");
  if (!parsed.ok) return json({ errors: parsed.errors }, { status: 400 });
  const result = await createPortal(claims, { ...parsed.input, customerId: parsed.customerId! }, requestInfo(request));
  if (!result.ok) return json({ errors: result.errors }, { status: 400 });
  return redirect(`/admin/portals/${result.portalId}?saved=created`);
}

function newPortalSettings(language: PortalLanguage): PortalSettings {
  const switches = Object.fromEntries(PORTAL_SWITCHES.map((key) => [key, false])) as Pick<PortalSettings, (typeof PORTAL_SWITCHES)[number]>;
  return {
    ...switches, name: "", language, hoursVisibility: "without_description", orderHoursVisibility: "hidden",
    canApprove: false, requireSignature: false,
  };
}

export default function NewPortalPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [, setSearchParams] = useSearchParams();
  const t = useT();
  return (
    <Page title={t("admin.portalEditor.newTitle")} backAction={{ content: t("admin.portal.back"), url: "/admin/portals" }}>
      <PortalForm
        mode="create"
        customers={data.customers}
        customerId={data.customerId}
        onCustomerChange={(customerId) => setSearchParams({ customerId }, { replace: true, preventScrollReset: true })}
        initial={newPortalSettings(data.defaultLanguage)}
        initialProjectIds={[]}
        projects={data.projects}
        approvalAvailable={data.approvalAvailable}
        errors={actionData?.errors ?? {}}
        submitting={navigation.state === "submitting"}
        cancelUrl="/admin/portals"
      />
    </Page>
  );
}
