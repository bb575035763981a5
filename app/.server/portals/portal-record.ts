import { workflowHasExternalStep, type PortalSettings } from "../../shared/portal-settings";
import type { Tx } from "../db";

/** Where each setting lives in public.portals. */
const COLUMNS: { [key in keyof PortalSettings]: string } = {
  name: "name",
  language: "language",
  hoursVisibility: "hours_visibility",
  showExpenses: "show_expenses",
  showMileage: "show_mileage",
  showBudget: "show_budget",
  showMilestones: "show_milestones",
  showInvoices: "show_invoices",
  showQuotes: "show_quotes",
  onlyProjectInvoices: "only_project_invoices",
  showOrders: "show_orders",
  orderHoursVisibility: "order_hours_visibility",
  showDocuments: "show_documents",
  showSubscriptions: "show_subscriptions",
  showAssets: "show_assets",
  showJobs: "show_jobs",
  onlyPendingApproval: "only_pending_approval",
  canApprove: "can_approve",
  requireSignature: "require_signature",
  canEditCompany: "can_edit_company",
  canFileWorkRequests: "can_file_work_requests",
};

export const SETTING_KEYS = Object.keys(COLUMNS) as Array<keyof PortalSettings>;

export type PortalRecord = {
  id: string;
  customerId: string;
  customerName: string;
  status: "active" | "disabled";
  settings: PortalSettings;
  projectIds: string[];
  /** The tenant's workflow has a customer step, so "Customer approves hours" means something. */
  approvalAvailable: boolean;
};

export function toColumns(settings: Partial<PortalSettings>): Record<string, string | boolean> {
  const row: Record<string, string | boolean> = {};
  for (const key of SETTING_KEYS) {
    const value = settings[key];
    if (value !== undefined) row[COLUMNS[key]] = value;
  }
  return row;
}

/**
 * One portal as the caller's policies let them see it, or null. `lock` holds
 * the row for the rest of the transaction, so that two admins saving at once
 * do not both compute their changes from the same old state.
 */
export async function readPortalRecord(tx: Tx, portalId: string, options: { lock?: boolean } = {}): Promise<PortalRecord | null> {
  const lock = options.lock ? tx`for update of p` : tx``;
  const [row] = await tx<Array<Record<string, unknown>>>`
    select p.*, c.name as customer_name, t.approval_workflow
    from public.portals p
    join public.customers c on c.id = p.customer_id
    join public.tenants t on t.id = p.tenant_id
    where p.id = ${portalId} ${lock}`;
  if (!row) return null;
  const settings = Object.fromEntries(SETTING_KEYS.map((key) => [key, row[COLUMNS[key]]])) as PortalSettings;
  const projects = await tx<{ projectId: string }[]>`
    select project_id as "projectId" from public.portal_projects where portal_id = ${portalId}`;
  return {
    id: row.id as string,
    customerId: row.customer_id as string,
    customerName: row.customer_name as string,
    status: row.status as PortalRecord["status"],
    settings,
    projectIds: projects.map((project) => project.projectId),
    approvalAvailable: workflowHasExternalStep(row.approval_workflow as string),
  };
}
