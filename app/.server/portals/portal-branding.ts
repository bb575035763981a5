import { addDays } from "date-fns";
import { createElement } from "react";
import { z } from "zod";
import { InvitationEmail } from "../../../emails/invitation";
import { DEFAULT_BRANDING, tenantBranding } from "../../../emails/layout";
import { SETTINGS_LIMITS } from "../../shared/tenant-settings";
import { intlFor, LANGUAGES, type Language } from "../../i18n";
import { INVITATION_LIFETIME_DAYS } from "../auth/invitations";
import type { Tx } from "../db";
import { renderEmail } from "../email/render";
import { settingsFields } from "./tenant-settings";

/** How a tenant presents itself at the top of a portal (F-2). */
export type PortalBranding = { tenantName: string; logoUrl: string | null; accentColor: string };

/**
 * The branding of a portal the caller may see: a member of it, or an admin of
 * its tenant (also while previewing). Null for anyone else — the policies on
 * portals and tenants decide.
 */
export async function getPortalBranding(tx: Tx, portalId: string): Promise<PortalBranding | null> {
  const [row] = await tx<{ tenantName: string; logoUrl: string | null; accentColor: string | null }[]>`
    select t.name as "tenantName", t.brand_logo_url as "logoUrl", t.brand_accent_color as "accentColor"
    from public.portals p
    join public.tenants t on t.id = p.tenant_id
    where p.id = ${portalId}`;
  if (!row) return null;
  return { ...row, accentColor: row.accentColor ?? DEFAULT_BRANDING.accentColor };
}

/** The settings page's unsaved values; undefined where what was typed is not valid (yet): the saved value stands. */
export type InvitationDraft = {
  language: Language;
  invitationText: string | null;
  senderName?: string | null;
  logoUrl?: string | null;
  accentColor?: string | null;
};

// Half-typed input is normal while the admin types: the preview keeps the
// saved value instead of refusing it. Saving checks every field for real.
const invitationDraft = z.object({
  language: z.enum(LANGUAGES).catch("nl"),
  // Too long is cut off here; the field itself says that it is too long.
  invitationText: z.string().catch("")
    .transform((value) => value.replace(/\r\n?/g, "\n").trim().slice(0, SETTINGS_LIMITS.invitationText) || null),
  senderName: settingsFields.senderName.optional().catch(undefined),
  logoUrl: settingsFields.logoUrl.optional().catch(undefined),
  accentColor: settingsFields.accentColor.optional().catch(undefined),
});

export function parseInvitationDraft(form: FormData | Record<string, unknown>): InvitationDraft {
  return invitationDraft.parse(form instanceof FormData ? Object.fromEntries(form) : form);
}

/**
 * The invitation e-mail (F-7) as the admin's tenant would send it with the
 * given, not yet saved, text and branding: HTML for the settings page's
 * preview. Null when the caller administers no tenant.
 */
export async function renderInvitationPreview(tx: Tx, draft: InvitationDraft, now = new Date()): Promise<string | null> {
  // One of the tenant's own portals makes the example real; a new tenant gets a stand-in.
  const [saved] = await tx<{ tenantName: string; senderName: string | null; logoUrl: string | null; accentColor: string | null; portalName: string | null }[]>`
    select t.name as "tenantName", t.sender_name as "senderName", t.brand_logo_url as "logoUrl", t.brand_accent_color as "accentColor",
      (select p.name from public.portals p where p.tenant_id = t.id order by p.name limit 1) as "portalName"
    from public.tenants t where t.id = (select private.admin_tenant_id())`;
  if (!saved) return null;
  const { html } = await renderEmail(
    createElement(InvitationEmail, {
      language: draft.language,
      portalName: saved.portalName ?? intlFor(draft.language).formatMessage({ id: "admin.settings.preview.samplePortal" }),
      tenantName: saved.tenantName,
      invitationText: draft.invitationText,
      // Goes nowhere: the preview is a picture of the e-mail, and its frame may not navigate.
      invitationUrl: "#",
      expiresAt: addDays(now, INVITATION_LIFETIME_DAYS),
      branding: tenantBranding({
        tenantName: saved.tenantName,
        senderName: draft.senderName === undefined ? saved.senderName : draft.senderName,
        logoUrl: draft.logoUrl === undefined ? saved.logoUrl : draft.logoUrl,
        accentColor: draft.accentColor === undefined ? saved.accentColor : draft.accentColor,
      }),
    }),
  );
  return html;
}
