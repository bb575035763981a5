import { recordAudit } from "../audit/record";
import type { RequestInfo } from "../auth/request-info";
import { asServiceWithin, withClaims, type AdminClaims } from "../db";
import type { PortalPreview } from "./viewer";

/**
 * An admin opens a portal as one of its members would see it (F-8). The
 * member must be one the admin's policies let them read (their own tenant);
 * the opening is in the audit log in the same transaction.
 */
export async function startPortalPreview(
  claims: AdminClaims,
  input: { portalId: string; memberId: string; info: RequestInfo },
): Promise<PortalPreview | null> {
  return withClaims(claims, async (tx) => {
    const [member] = await tx<{ name: string }[]>`
      select trim(c.first_name || ' ' || c.last_name) as name
      from public.portal_members m join public.contacts c on c.id = m.contact_id
      where m.id = ${input.memberId} and m.portal_id = ${input.portalId}`;
    if (!member) return null;
    await asServiceWithin(tx, "audit an admin's portal preview", (system) =>
      recordAudit(system, {
        tenantId: claims.tenantId, actorKind: "admin", adminId: claims.adminId, portalId: input.portalId,
        memberId: input.memberId, action: "portal.previewed", subjectType: "portal", subjectId: input.portalId,
        ip: input.info.ip, userAgent: input.info.userAgent,
      }),
    );
    return { portalId: input.portalId, memberId: input.memberId, memberName: member.name, adminId: claims.adminId };
  });
}
