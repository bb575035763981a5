import { createHash, randomBytes } from "node:crypto";
import { addDays } from "date-fns";
import { createElement } from "react";
import { InvitationEmail } from "../../../emails/invitation";
import { tenantBranding } from "../../../emails/layout";
import { intlFor } from "../../i18n";
import { recordAudit } from "../audit/record";
import { asService, asServiceWithin, withClaims, type AdminClaims, type Tx } from "../db";
import { enqueueEmail } from "../email/outbox";
import { renderEmail } from "../email/render";
import type { RequestInfo } from "./request-info";

export const INVITATION_LIFETIME_DAYS = 14;

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Creates an invitation for a member of the admin's tenant (F-13): 256 random
 * bits, stored as a hash, valid 14 days. Runs with the admin's claims, so RLS
 * refuses members of another tenant. Returns the token for the link, or null
 * when the member is not the admin's.
 */
export async function createInvitation(
  tx: Tx,
  input: { memberId: string; adminId: string; now?: Date },
): Promise<{ token: string; expiresAt: Date; email: string; language: "nl" | "en"; portalId: string; portalName: string; tenantName: string } | null> {
  const now = input.now ?? new Date();
  const [member] = await tx<{ tenantId: string; email: string; language: "nl" | "en"; portalId: string; portalName: string; tenantName: string }[]>`
    select m.tenant_id as "tenantId", c.email, p.language, p.id as "portalId", p.name as "portalName", t.name as "tenantName"
    from public.portal_members m
    join public.contacts c on c.id = m.contact_id
    join public.portals p on p.id = m.portal_id
    join public.tenants t on t.id = m.tenant_id
    where m.id = ${input.memberId} and m.removed_at is null`;
  if (!member?.email) return null;
  const token = randomBytes(32).toString("base64url");
  const expiresAt = addDays(now, INVITATION_LIFETIME_DAYS);
  await tx`
    insert into public.member_invitations (tenant_id, member_id, token_hash, created_at, expires_at, invited_by_admin_id)
    values (${member.tenantId}, ${input.memberId}, ${hashInvitationToken(token)}, ${now}, ${expiresAt}, ${input.adminId})`;
  return {
    token, expiresAt, email: member.email, language: member.language, portalId: member.portalId,
    portalName: member.portalName, tenantName: member.tenantName,
  };
}

export type InvitationPage = {
  email: string;
  portalName: string;
  tenantName: string;
  accentColor: string | null;
  logoUrl: string | null;
  invitationText: string | null;
  language: "nl" | "en";
};

/**
 * What an invitation link may show: the portal's branded sign-in page with the
 * address filled in — never any of the portal's data. Null when the token is
 * unknown, expired, or its member, portal or tenant is no longer active.
 */
export async function openInvitation(token: string, now = new Date()): Promise<InvitationPage | null> {
  return asService("open an invitation link", async (tx) => {
    const [row] = await tx<(InvitationPage & { texts: Record<string, string> })[]>`
      select lower(l.email) as email, p.name as "portalName", t.name as "tenantName",
             t.brand_accent_color as "accentColor", t.brand_logo_url as "logoUrl",
             t.invitation_text as texts, p.language
      from public.member_invitations i
      join public.portal_members m on m.id = i.member_id
      join public.logins l on l.id = m.login_id
      join public.portals p on p.id = m.portal_id
      join public.tenants t on t.id = p.tenant_id
      where i.token_hash = ${hashInvitationToken(token)} and i.expires_at > ${now}
        and m.removed_at is null and p.status = 'active' and t.status = 'active'`;
    if (!row) return null;
    const { texts, ...page } = row;
    return { ...page, invitationText: texts?.[row.language] ?? null };
  });
}

/** After the first successful code: the invitation, and its member, are accepted. */
export async function markInvitationAccepted(tx: Tx, token: string, loginId: string, now: Date): Promise<void> {
  await tx`
    with accepted as (
      update public.member_invitations i set accepted_at = coalesce(i.accepted_at, ${now})
      from public.portal_members m
      where i.token_hash = ${hashInvitationToken(token)} and m.id = i.member_id and m.login_id = ${loginId}
        and i.expires_at > ${now}
      returning i.member_id
    )
    update public.portal_members set accepted_at = coalesce(accepted_at, ${now})
    where id in (select member_id from accepted)`;
}

/**
 * An admin sends (or re-sends) a member their invitation: the invitation is
 * created with the admin's claims (RLS keeps it to their own tenant), then the
 * e-mail is queued. Returns false when the member is not the admin's.
 */
export async function sendInvitation(
  claims: AdminClaims,
  input: { memberId: string; baseUrl: string; info: RequestInfo },
): Promise<boolean> {
  return withClaims(claims, (tx) => queueInvitation(tx, claims, input));
}

/**
 * The same inside the admin's own transaction (`withClaims`), so that the
 * invitation, its e-mail (F-7: the tenant's text, in the portal's language),
 * `invited_at` and the audit entry commit together — also for many members,
 * or for members added in the same transaction. False when the member is not
 * the admin's, or removed.
 */
export async function queueInvitation(
  tx: Tx,
  claims: AdminClaims,
  input: { memberId: string; baseUrl: string; info: RequestInfo },
): Promise<boolean> {
  const invitation = await createInvitation(tx, { memberId: input.memberId, adminId: claims.adminId });
  if (!invitation) return false;
  // The admin's claims read their own tenant (RLS), branding included.
  const [tenant] = await tx<{ senderName: string | null; accentColor: string | null; logoUrl: string | null; texts: Record<string, string> }[]>`
    select sender_name as "senderName", brand_accent_color as "accentColor", brand_logo_url as "logoUrl", invitation_text as texts
    from public.tenants where id = ${claims.tenantId}`;
  if (!tenant) return false;
  const invitationUrl = new URL(`/invite/${invitation.token}`, input.baseUrl).toString();
  const { html, text } = await renderEmail(
    createElement(InvitationEmail, {
      language: invitation.language,
      portalName: invitation.portalName,
      tenantName: invitation.tenantName,
      invitationText: tenant.texts?.[invitation.language] ?? null,
      invitationUrl,
      expiresAt: invitation.expiresAt,
      branding: tenantBranding({ ...tenant, tenantName: invitation.tenantName }),
    }),
  );
  await tx`update public.portal_members set invited_at = now() where id = ${input.memberId}`;
  await asServiceWithin(tx, "queue an invitation e-mail", async (system) => {
    await enqueueEmail(system, {
      tenantId: claims.tenantId,
      idempotencyKey: `invitation:${hashInvitationToken(invitation.token)}`,
      template: "invitation",
      language: invitation.language,
      to: invitation.email,
      subject: intlFor(invitation.language).formatMessage({ id: "email.invitation.subject" }, { tenant: invitation.tenantName }),
      html,
      text,
      // The link is single-purpose, but it is a credential of sorts: erase it once sent.
      sensitive: true,
    });
    await recordAudit(system, {
      tenantId: claims.tenantId, actorKind: "admin", adminId: claims.adminId, portalId: invitation.portalId,
      memberId: input.memberId, action: "invitation.sent", subjectType: "member", subjectId: input.memberId,
      ip: input.info.ip, userAgent: input.info.userAgent,
    });
  });
  return true;
}
