import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Page } from "@shopify/polaris";
import { ActionToast } from "~/components/admin/action-toast";
import type { FieldErrors } from "~/shared/tenant-settings";
import { SettingsForm } from "~/components/admin/settings-form";
import { useT } from "~/i18n/use-t";
import { requireAdmin } from "~/.server/auth/guards";
import { requestInfo } from "~/.server/auth/request-info";
import { withClaims } from "~/.server/db";
import { notFound } from "~/.server/http/params";
import { getTenantSettings, parseSettingsForm, saveTenantSettings } from "~/.server/portals/tenant-settings";

export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await requireAdmin(request);
  const tenant = await withClaims(claims, getTenantSettings);
  if (!tenant) throw notFound();
  return json(tenant);
}

export async function action({ request }: ActionFunctionArgs) {
  const claims = await requireAdmin(request);
  const parsed = parseSettingsForm(await request.formData());
  if (!parsed.success) return json({ saved: false, errors: parsed.errors }, { status: 400 });
  const saved = await withClaims(claims, (tx) =>
    saveTenantSettings(tx, { settings: parsed.settings, adminId: claims.adminId, info: requestInfo(request) }),
  );
  if (!saved) throw notFound();
  return json({ saved: true, errors: {} as FieldErrors });
}

export default function AdminSettingsPage() {
  const { tenantName, settings } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  return (
    <Page title={t("admin.settings.title")} backAction={{ content: t("admin.title"), url: "/admin" }}>
      <SettingsForm settings={settings} tenantName={tenantName} errors={answer?.errors ?? {}} />
      <ActionToast
        message={answer ? t(answer.saved ? "admin.settings.saved" : "admin.settings.notSaved") : null}
        error={answer ? !answer.saved : false}
        answer={answer}
      />
    </Page>
  );
}
