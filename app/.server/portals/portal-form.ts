import { z } from "zod";
import type { MessageId } from "../../i18n/en";
import {
  HOURS_VISIBILITIES, PORTAL_LANGUAGES, PORTAL_NAME_MAX, PORTAL_SWITCHES, type PortalSettings, type PortalSwitch,
} from "../../shared/portal-settings";

/**
 * What an admin asks a portal to be. `canApprove` and `requireSignature` are
 * undefined when the form did not offer them (a workflow without a customer
 * step): what is stored then stays as it is.
 */
export type PortalInput = Omit<PortalSettings, "canApprove" | "requireSignature"> & {
  canApprove?: boolean;
  requireSignature?: boolean;
  projectIds: string[];
};

export type PortalField = "customerId" | "name" | "language" | "hoursVisibility" | "orderHoursVisibility" | "projectIds" | "canApprove";
/** Message ids, per field; `form` for what no single field explains. */
export type PortalFieldErrors = Partial<Record<PortalField | "form", MessageId>>;

/** A checked Polaris checkbox posts "true"; an unchecked one posts nothing. */
const flag = z.string().optional().transform((value) => value === "true");
const switches = Object.fromEntries(PORTAL_SWITCHES.map((key) => [key, flag])) as { [key in PortalSwitch]: typeof flag };

const formSchema = z.object({
  ...switches,
  name: z.string().trim().min(1).max(PORTAL_NAME_MAX),
  language: z.enum(PORTAL_LANGUAGES),
  hoursVisibility: z.enum(HOURS_VISIBILITIES),
  orderHoursVisibility: z.enum(HOURS_VISIBILITIES).default("hidden"),
  // Present only where the form showed the approval switches.
  approvalShown: flag,
  canApprove: flag,
  requireSignature: flag,
  projectIds: z.array(z.uuid()).max(500),
});

const FIELD_ERRORS: Record<PortalField, MessageId> = {
  customerId: "admin.portalEditor.error.customer",
  name: "admin.portalEditor.error.name",
  language: "admin.portalEditor.error.invalid",
  hoursVisibility: "admin.portalEditor.error.invalid",
  orderHoursVisibility: "admin.portalEditor.error.invalid",
  projectIds: "admin.portalEditor.error.project",
  canApprove: "admin.portalEditor.error.invalid",
};

export type ParsedPortalForm =
  | { ok: true; customerId: string | null; input: PortalInput }
  | { ok: false; errors: PortalFieldErrors };

/** The create and edit form; only creating names a customer (a portal keeps its customer). */
export function parsePortalForm(form: FormData, mode: "create" | "edit"): ParsedPortalForm {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && key !== "projectIds") fields[key] = value;
  fields.projectIds = form.getAll("projectIds").filter((value) => typeof value === "string");

  const errors: PortalFieldErrors = {};
  const customer = z.uuid().safeParse(fields.customerId);
  if (mode === "create" && !customer.success) errors.customerId = FIELD_ERRORS.customerId;
  const parsed = formSchema.safeParse(fields);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]) as PortalField;
      if (field in FIELD_ERRORS) errors[field] ??= FIELD_ERRORS[field];
      else errors.form = "admin.portalEditor.error.invalid";
    }
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };

  const { approvalShown, canApprove, requireSignature, projectIds, ...settings } = parsed.data;
  return {
    ok: true,
    customerId: mode === "create" && customer.success ? customer.data : null,
    input: {
      ...settings,
      canApprove: approvalShown ? canApprove : undefined,
      requireSignature: approvalShown ? requireSignature : undefined,
      projectIds: [...new Set(projectIds)],
    },
  };
}
