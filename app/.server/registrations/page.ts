import { approvalRights } from "../approvals/rights";
import type { Tx } from "../db";
import type { PortalSummary } from "../portals/contact-portals";
import type { RegistrationFilterInput } from "../../shared/registration-filter";
import { listPortalRegistrations, registrationFilterOptions, totalPortalRegistrations } from "./list";

/**
 * Everything a project's registrations page shows (F-17, F-18), read with
 * the caller's claims: one page of rows, totals of the filtered set, what of
 * it waits for approval, the filter's choices, and whether the viewer may
 * decide (an admin's preview has no membership, so never).
 */
export async function loadRegistrationsPage(tx: Tx, portal: PortalSummary, projectId: string, filter: RegistrationFilterInput) {
  const scope = {
    portalId: portal.id, projectId, kind: filter.kind, from: filter.from, to: filter.to,
    employeeId: filter.employeeId, taskId: filter.taskId, status: filter.status,
  };
  const rows = await listPortalRegistrations(tx, { ...scope, page: filter.page });
  const totals = await totalPortalRegistrations(tx, scope);
  const waiting = await totalPortalRegistrations(tx, { ...scope, status: "pending_external" });
  const options = await registrationFilterOptions(tx, projectId);
  const rights = await approvalRights(tx, portal.id);
  return { rows, totals, waiting, options, rights: rights?.canDecide ? rights : null };
}
