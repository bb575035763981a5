import { listDecisions, type DecisionSummary } from "../approvals/history";
import { withClaims, type AdminClaims } from "../db";
import { readPortalRecord, type PortalRecord } from "./portal-record";

export type MemberCounts = { active: number; invited: number; removed: number };

export type PortalOverview = {
  portal: PortalRecord;
  projects: Array<{ id: string; name: string; code: string | null }>;
  members: MemberCounts;
  decisions: DecisionSummary[];
};

/** The admin's summary of one portal, or null when it is not theirs. */
export async function loadPortalOverview(claims: AdminClaims, portalId: string): Promise<PortalOverview | null> {
  return withClaims(claims, async (tx) => {
    const portal = await readPortalRecord(tx, portalId);
    if (!portal) return null;
    const projects = await tx<PortalOverview["projects"]>`
      select pr.id, pr.name, pr.code from public.portal_projects pp join public.projects pr on pr.id = pp.project_id
      where pp.portal_id = ${portalId} order by pr.name, pr.id`;
    // Active: signed in at least once; invited: not yet (the members page has the detail).
    const [members] = await tx<MemberCounts[]>`
      select count(*) filter (where removed_at is null and accepted_at is not null)::int as active,
        count(*) filter (where removed_at is null and accepted_at is null)::int as invited,
        count(*) filter (where removed_at is not null)::int as removed
      from public.portal_members where portal_id = ${portalId}`;
    return { portal, projects, members: members!, decisions: await listDecisions(tx, portalId, 20) };
  });
}
