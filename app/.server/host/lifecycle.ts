import { addHours } from "date-fns";
import type { z } from "zod";
import { recordAudit } from "../audit/record";
import type { Tx } from "../db";
import type { installedSchema, LifecycleTopic } from "./envelope";

/**
 * The install lifecycle (F-1). Installing creates the tenant or re-enables it
 * (also within the grace period after an uninstall); disabling keeps all data
 * but ends access; uninstalling ends access at once and schedules deletion.
 * Access ends through the policies, which only let active tenants through.
 */
export async function applyLifecycle(
  tx: Tx,
  input: { topic: LifecycleTopic; workspaceId: string; data: z.infer<typeof installedSchema> | null; graceHours: number; now: Date },
): Promise<{ tenantId: string } | { error: string }> {
  if (input.topic === "app.installed") {
    const data = input.data!;
    const [tenant] = await tx<{ id: string }[]>`
      insert into public.tenants (host_workspace_id, name, default_language)
      values (${input.workspaceId}, ${data.name}, ${data.language ?? "nl"})
      on conflict (host_workspace_id) do update
        set name = excluded.name, status = 'active', deletion_due_at = null, updated_at = now()
      returning id`;
    await tx`
      insert into public.tenant_admins (tenant_id, host_user_id, email, name)
      values (${tenant!.id}, ${data.admin_user_id ?? data.admin_email.toLowerCase()}, ${data.admin_email.toLowerCase()}, ${data.admin_name ?? data.admin_email})
      on conflict (tenant_id, host_user_id) do update set email = excluded.email, name = excluded.name`;
    await recordAudit(tx, { tenantId: tenant!.id, actorKind: "host", action: "tenant.installed", details: { workspaceId: input.workspaceId } });
    return { tenantId: tenant!.id };
  }
  const [tenant] = await tx<{ id: string; status: string }[]>`
    select id, status from public.tenants where host_workspace_id = ${input.workspaceId} for update`;
  if (!tenant) return { error: `unknown workspace ${input.workspaceId}: send app.installed first` };
  if (tenant.status === "uninstalled" && input.topic !== "app.uninstalled") {
    return { error: "this workspace uninstalled Portaal; send app.installed to install it again" };
  }
  if (input.topic === "app.uninstalled") {
    await tx`
      update public.tenants
      set status = 'uninstalled', deletion_due_at = coalesce(deletion_due_at, ${addHours(input.now, input.graceHours)}), updated_at = now()
      where id = ${tenant.id}`;
  } else {
    await tx`update public.tenants set status = ${input.topic === "app.enabled" ? "active" : "disabled"}, updated_at = now() where id = ${tenant.id}`;
  }
  await recordAudit(tx, {
    tenantId: tenant.id, actorKind: "host",
    action: { "app.enabled": "tenant.enabled", "app.disabled": "tenant.disabled", "app.uninstalled": "tenant.uninstalled" }[input.topic],
  });
  return { tenantId: tenant.id };
}

/**
 * Deletes the data of tenants whose grace period after uninstalling has
 * passed: the tenant row and, by cascade, everything of it. Audit entries are
 * kept, detached from the tenant, for their own retention; logins that no
 * longer belong to any portal go too. Returns the workspaces deleted.
 */
export async function deleteDueTenants(tx: Tx, now: Date): Promise<string[]> {
  const due = await tx<{ id: string; workspace: string }[]>`
    select id, host_workspace_id as workspace from public.tenants
    where status = 'uninstalled' and deletion_due_at <= ${now}
    for update skip locked`;
  if (due.length === 0) return [];
  await tx`select set_config('portaal.audit_purge', 'on', true)`;
  await tx`delete from public.tenants where id = any(${due.map((tenant) => tenant.id)}::uuid[])`;
  await tx`
    delete from public.logins l
    where not exists (select 1 from public.portal_members m where m.login_id = l.id)`;
  await tx`select set_config('portaal.audit_purge', 'off', true)`;
  for (const tenant of due) {
    await recordAudit(tx, { actorKind: "system", action: "tenant.deleted", details: { workspaceId: tenant.workspace } });
  }
  return due.map((tenant) => tenant.workspace);
}
