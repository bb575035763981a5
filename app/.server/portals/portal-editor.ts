import type { PortalLanguage, PortalSettings } from "../../shared/portal-settings";
import { workflowHasExternalStep } from "../../shared/portal-settings";
import { recordAudit } from "../audit/record";
import type { RequestInfo } from "../auth/request-info";
import { asServiceWithin, withClaims, type AdminClaims, type Tx } from "../db";
import type { PortalFieldErrors, PortalInput } from "./portal-form";
import { readPortalRecord, SETTING_KEYS, toColumns, type PortalRecord } from "./portal-record";

/**
 * Creating, changing, disabling and deleting portals (F-3, F-4, F-5, F-36).
 * Everything runs with the admin's claims, so the policies decide which
 * customers, projects and portals exist for them: another tenant's portal is
 * simply not found. Every change is in the audit log in the same transaction.
 */

export type CustomerProject = { id: string; name: string; code: string | null; status: string };
export type PortalSaveResult = { ok: true; portalId: string } | { ok: false; errors: PortalFieldErrors };

/** Thrown inside the transaction, so that nothing of a refused save stays. */
class PortalRefused extends Error {
  constructor(readonly errors: PortalFieldErrors) {
    super(`portal refused: ${Object.keys(errors).join(", ")}`);
  }
}

async function refusalsAsErrors<T>(save: () => Promise<T>): Promise<T | { ok: false; errors: PortalFieldErrors }> {
  try {
    return await save();
  } catch (error) {
    if (error instanceof PortalRefused) return { ok: false, errors: error.errors };
    throw error;
  }
}

export async function createPortal(
  claims: AdminClaims,
  input: PortalInput & { customerId: string },
  info: RequestInfo,
): Promise<PortalSaveResult> {
  return refusalsAsErrors(() => withClaims(claims, async (tx) => {
    const [customer] = await tx<{ name: string }[]>`
      select name from public.customers where id = ${input.customerId} and deleted_at is null`;
    if (!customer) throw new PortalRefused({ customerId: "admin.portalEditor.error.customer" });
    const settings = resolveSettings(input, await approvalAvailable(tx, claims.tenantId), null);
    const [portal] = await tx<{ id: string }[]>`
      insert into public.portals ${tx({ tenant_id: claims.tenantId, customer_id: input.customerId, ...toColumns(settings) })}
      returning id`;
    const portalId = portal!.id;
    await addProjects(tx, claims.tenantId, portalId, input.projectIds);
    await audit(tx, claims, info, portalId, "portal.created", {
      customerId: input.customerId, customerName: customer.name, settings, projectIds: input.projectIds,
    });
    return { ok: true as const, portalId };
  }));
}

/** Null when the portal is not the admin's; saving what is already stored changes and records nothing. */
export async function updatePortal(
  claims: AdminClaims,
  portalId: string,
  input: PortalInput,
  info: RequestInfo,
): Promise<PortalSaveResult | null> {
  return refusalsAsErrors(() => withClaims(claims, async (tx) => {
    const current = await readPortalRecord(tx, portalId, { lock: true });
    if (!current) return null;
    const settings = resolveSettings(input, current.approvalAvailable, current.settings);
    const changed = changedSettings(current.settings, settings);
    const projectsAdded = input.projectIds.filter((id) => !current.projectIds.includes(id));
    const projectsRemoved = current.projectIds.filter((id) => !input.projectIds.includes(id));
    if (Object.keys(changed).length === 0 && projectsAdded.length === 0 && projectsRemoved.length === 0) {
      return { ok: true as const, portalId };
    }
    const columns = toColumns(Object.fromEntries(Object.entries(changed).map(([key, change]) => [key, change.to])));
    await tx`update public.portals set ${tx({ ...columns, updated_at: new Date() })} where id = ${portalId}`;
    if (projectsRemoved.length > 0) {
      await tx`delete from public.portal_projects where portal_id = ${portalId} and project_id = any(${projectsRemoved}::uuid[])`;
    }
    await addProjects(tx, claims.tenantId, portalId, projectsAdded);
    await audit(tx, claims, info, portalId, "portal.updated", { changed, projectsAdded, projectsRemoved });
    return { ok: true as const, portalId };
  }));
}

/**
 * Disabling ends every member's access on their next request — the policies
 * only let contacts into active portals — and deletes nothing; enabling
 * restores it. Null when the portal is not the admin's.
 */
export async function setPortalStatus(
  claims: AdminClaims,
  portalId: string,
  status: PortalRecord["status"],
  info: RequestInfo,
): Promise<"changed" | "unchanged" | null> {
  return withClaims(claims, async (tx) => {
    const [portal] = await tx<{ status: string }[]>`select status from public.portals where id = ${portalId} for update`;
    if (!portal) return null;
    if (portal.status === status) return "unchanged";
    await tx`update public.portals set status = ${status}, updated_at = now() where id = ${portalId}`;
    await audit(tx, claims, info, portalId, status === "active" ? "portal.enabled" : "portal.disabled", { from: portal.status, to: status });
    return "changed";
  });
}

/**
 * Removes the portal with its projects, members and their invitations (the
 * foreign keys cascade). Approval evidence has no foreign key to the portal
 * and the audit log none at all: both stay. False when it is not the admin's.
 */
export async function deletePortal(claims: AdminClaims, portalId: string, info: RequestInfo): Promise<boolean> {
  return withClaims(claims, async (tx) => {
    const current = await readPortalRecord(tx, portalId, { lock: true });
    if (!current) return false;
    const [members] = await tx<{ count: number }[]>`
      select count(*)::int as count from public.portal_members where portal_id = ${portalId} and removed_at is null`;
    const deleted = await tx`delete from public.portals where id = ${portalId} returning id`;
    if (deleted.length !== 1) return false;
    await audit(tx, claims, info, portalId, "portal.deleted", {
      name: current.settings.name, customerId: current.customerId, customerName: current.customerName,
      status: current.status, projectIds: current.projectIds, activeMembers: members?.count ?? 0,
    });
    return true;
  });
}

export type PortalEditorData = {
  portal: PortalRecord;
  projects: CustomerProject[];
};

/** The edit form's data, or null when the portal is not the admin's. */
export async function loadPortalForEdit(claims: AdminClaims, portalId: string): Promise<PortalEditorData | null> {
  return withClaims(claims, async (tx) => {
    const record = await readPortalRecord(tx, portalId);
    if (!record) return null;
    return { portal: record, projects: await listCustomerProjects(tx, record.customerId) };
  });
}

export type PortalCreationData = {
  customers: Array<{ id: string; name: string }>;
  /** The chosen customer when it is one of the tenant's, else null. */
  customerId: string | null;
  projects: CustomerProject[];
  defaultLanguage: PortalLanguage;
  approvalAvailable: boolean;
};

/**
 * The create form's data: the tenant's customers and, once one is chosen, its
 * projects. The customer may be named by its id or by the host's id for it
 * (the host's "new portal" link knows only its own).
 */
export async function loadPortalCreation(claims: AdminClaims, customer: string | null): Promise<PortalCreationData | null> {
  return withClaims(claims, async (tx) => {
    const [tenant] = await tx<{ workflow: string; defaultLanguage: PortalLanguage }[]>`
      select approval_workflow as workflow, default_language as "defaultLanguage" from public.tenants where id = ${claims.tenantId}`;
    if (!tenant) return null;
    const customers = await tx<{ id: string; name: string; hostId: string }[]>`
      select id, name, host_id as "hostId" from public.customers where deleted_at is null order by name, id`;
    const chosen = customers.find((candidate) => candidate.id === customer || candidate.hostId === customer)?.id ?? null;
    return {
      customers: customers.map(({ id, name }) => ({ id, name })),
      customerId: chosen,
      projects: chosen ? await listCustomerProjects(tx, chosen) : [],
      defaultLanguage: tenant.defaultLanguage,
      approvalAvailable: workflowHasExternalStep(tenant.workflow),
    };
  });
}

/** The customer's projects a portal can show: not deleted by the host. Empty for another tenant's customer. */
export async function listCustomerProjects(tx: Tx, customerId: string): Promise<CustomerProject[]> {
  return tx<CustomerProject[]>`
    select id, name, code, status from public.projects
    where customer_id = ${customerId} and deleted_at is null
    order by status = 'active' desc, name, id`;
}

async function approvalAvailable(tx: Tx, tenantId: string): Promise<boolean> {
  const [tenant] = await tx<{ workflow: string }[]>`select approval_workflow as workflow from public.tenants where id = ${tenantId}`;
  return workflowHasExternalStep(tenant?.workflow ?? "internal");
}

/**
 * Customers approve only in a workflow with a customer step (F-2): there,
 * switching approval on is refused rather than silently dropped. What the
 * form did not offer keeps its stored value, so a workflow changed back and
 * forth does not erase the portals' choices. A signature only goes with approval.
 */
function resolveSettings(input: PortalInput, approvalOffered: boolean, current: PortalSettings | null): PortalSettings {
  if (!approvalOffered && input.canApprove === true) throw new PortalRefused({ canApprove: "admin.portalEditor.error.approveWorkflow" });
  const approve = input.canApprove ?? current?.canApprove ?? false;
  const settings: Partial<PortalInput> = { ...input };
  delete settings.projectIds;
  return {
    ...(settings as Omit<PortalInput, "projectIds">),
    canApprove: approve,
    requireSignature: approve && (input.requireSignature ?? current?.requireSignature ?? false),
  };
}

function changedSettings(before: PortalSettings, after: PortalSettings): Record<string, { from: unknown; to: unknown }> {
  const changed: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of SETTING_KEYS) {
    if (before[key] !== after[key]) changed[key] = { from: before[key], to: after[key] };
  }
  return changed;
}

/** The database refuses a project of another customer, another tenant, or one the host deleted (23514). */
async function addProjects(tx: Tx, tenantId: string, portalId: string, projectIds: string[]): Promise<void> {
  if (projectIds.length === 0) return;
  try {
    await tx`
      insert into public.portal_projects (portal_id, project_id, tenant_id)
      select ${portalId}, project_id, ${tenantId} from unnest(${projectIds}::uuid[]) as chosen (project_id)`;
  } catch (error) {
    if ((error as { code?: string }).code === "23514") throw new PortalRefused({ projectIds: "admin.portalEditor.error.project" });
    throw error;
  }
}

async function audit(
  tx: Tx, claims: AdminClaims, info: RequestInfo, portalId: string, action: string, details: Record<string, unknown>,
): Promise<void> {
  await asServiceWithin(tx, "audit an admin's change to a portal", (system) =>
    recordAudit(system, {
      tenantId: claims.tenantId, actorKind: "admin", adminId: claims.adminId, portalId, action,
      subjectType: "portal", subjectId: portalId, ip: info.ip, userAgent: info.userAgent, details,
    }),
  );
}
