/** Shared by server and browser: what a portal shows (F-4) and how it is named. */
export const HOURS_VISIBILITIES = ["hidden", "without_description", "full"] as const;
export type HoursVisibility = (typeof HOURS_VISIBILITIES)[number];

export const PORTAL_LANGUAGES = ["nl", "en"] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];

export const PORTAL_NAME_MAX = 120;

/** The plain on/off switches, in the order the form and the summary show them. */
export const PORTAL_SWITCHES = [
  "showExpenses", "showMileage", "showBudget", "showMilestones", "showInvoices", "showQuotes", "onlyProjectInvoices",
  "showOrders", "showDocuments", "showSubscriptions", "showAssets", "showJobs", "onlyPendingApproval",
  "canEditCompany", "canFileWorkRequests",
] as const;
export type PortalSwitch = (typeof PORTAL_SWITCHES)[number];

export type PortalSettings = { [key in PortalSwitch]: boolean } & {
  name: string;
  language: PortalLanguage;
  hoursVisibility: HoursVisibility;
  orderHoursVisibility: HoursVisibility;
  canApprove: boolean;
  requireSignature: boolean;
};

/** Customers approve hours only in a workflow with an external step (F-2); elsewhere the setting is not offered. */
export function workflowHasExternalStep(workflow: string): boolean {
  return workflow === "internal_external" || workflow === "external_internal" || workflow === "external";
}
