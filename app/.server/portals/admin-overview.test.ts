import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { adminClaimsOf } from "../../../tests/support/claims";
import { asService, withClaims, type AdminClaims } from "../db";
import { DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import { loadAdminOverview } from "./admin-overview";

/** What the overview must say for a tenant, counted without RLS and with the tenant named explicitly. */
async function expectedFor(claims: AdminClaims) {
  return asService("test: count a tenant's overview by hand", async (tx) => {
    const tenantId = claims.tenantId;
    const count = async (query: Promise<{ count: number }[]>) => (await query)[0]!.count;
    const [tenant] = await tx<{ name: string; status: string }[]>`select name, status from public.tenants where id = ${tenantId}`;
    const [oldest] = await tx<{ at: Date | null }[]>`
      select min(submitted_at) as at from public.registrations
      where tenant_id = ${tenantId} and status = 'pending_external' and deleted_at is null`;
    return {
      tenant: tenant!,
      portals: {
        active: await count(tx`select count(*)::int as count from public.portals where tenant_id = ${tenantId} and status = 'active'`),
        disabled: await count(tx`select count(*)::int as count from public.portals where tenant_id = ${tenantId} and status = 'disabled'`),
      },
      members: {
        active: await count(tx`select count(*)::int as count from public.portal_members
          where tenant_id = ${tenantId} and removed_at is null and accepted_at is not null`),
        invited: await count(tx`select count(*)::int as count from public.portal_members
          where tenant_id = ${tenantId} and removed_at is null and accepted_at is null and invited_at is not null`),
        notInvited: await count(tx`select count(*)::int as count from public.portal_members
          where tenant_id = ${tenantId} and removed_at is null and accepted_at is null and invited_at is null`),
      },
      waiting: await count(tx`select count(*)::int as count from public.registrations
        where tenant_id = ${tenantId} and status = 'pending_external' and deleted_at is null`),
      oldestSubmittedAt: oldest?.at ?? null,
      byCustomer: await tx<{ customerName: string; count: number; withoutPortal: number }[]>`
        select c.name as "customerName", count(*)::int as count,
          (count(*) filter (where r.project_id not in (
            select pp.project_id from public.portal_projects pp join public.portals po on po.id = pp.portal_id
            where po.tenant_id = ${tenantId} and po.status = 'active' and po.can_approve)))::int as "withoutPortal"
        from public.registrations r join public.projects p on p.id = r.project_id join public.customers c on c.id = p.customer_id
        where r.tenant_id = ${tenantId} and r.status = 'pending_external' and r.deleted_at is null
        group by c.id, c.name order by count(*) desc, c.name limit 5`,
      attention: {
        failedEmails: await count(tx`select count(*)::int as count from public.email_outbox where tenant_id = ${tenantId} and status = 'failed'`),
        failedInbound: await count(tx`select count(*)::int as count from public.host_event_failures
          where tenant_id = ${tenantId} and resolved_at is null and reason <> 'waiting'`),
        waitingInbound: await count(tx`select count(*)::int as count from public.host_event_failures
          where tenant_id = ${tenantId} and resolved_at is null and reason = 'waiting'`),
        failedOutbound: await count(tx`select count(*)::int as count from public.host_outbound_events where tenant_id = ${tenantId} and status = 'failed'`),
        heldOutbound: await count(tx`select count(*)::int as count from public.host_outbound_events where tenant_id = ${tenantId} and status = 'held'`),
      },
    };
  });
}

async function overviewOf(claims: AdminClaims) {
  const overview = await withClaims(claims, loadAdminOverview);
  if (!overview) throw new Error("the admin sees no overview");
  return overview;
}

/** A failed e-mail and one platform event of every kind that needs attention, for one tenant; removed by the returned function. */
async function addTroubleFor(tenantId: string): Promise<() => Promise<void>> {
  const marker = `test-overview-${randomUUID()}`;
  await asService("test: make trouble for the overview", async (tx) => {
    await tx`insert into public.email_outbox (tenant_id, idempotency_key, template, language, to_address, subject, status, last_error)
      values (${tenantId}, ${marker}, 'invitation', 'nl', 'x@example.test', 'Test', 'failed', 'mailbox full')`;
    for (const reason of ["invalid", "error", "waiting"]) {
      await tx`insert into public.host_event_failures (tenant_id, event_index, topic, entity_host_id, event, reason)
        values (${tenantId}, 0, 'project.updated', ${marker}, ${tx.json({ marker } as never)}, ${reason})`;
    }
    await tx`insert into public.host_event_failures (tenant_id, event_index, topic, entity_host_id, event, reason, resolved_at)
      values (${tenantId}, 0, 'project.updated', ${marker}, ${tx.json({ marker } as never)}, 'invalid', now())`;
    for (const status of ["failed", "held", "held", "delivered"]) {
      await tx`insert into public.host_outbound_events (tenant_id, event_type, payload, status)
        values (${tenantId}, 'registration.approved', ${tx.json({ marker } as never)}, ${status})`;
    }
  });
  return () =>
    asService("test: clear the overview's trouble", async (tx) => {
      await tx`delete from public.email_outbox where idempotency_key = ${marker}`;
      await tx`delete from public.host_event_failures where entity_host_id = ${marker}`;
      await tx`delete from public.host_outbound_events where payload ->> 'marker' = ${marker}`;
    }).then(() => undefined);
}

describe("the admin's overview", () => {
  it("counts Studio Noord's portals, members and waiting registrations as the seeded data has them", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const overview = await overviewOf(studio);
    const expected = await expectedFor(studio);

    expect(overview.tenant).toEqual({ name: "Studio Noord", status: "active", hostEventsStopped: false });
    expect(overview.portals).toEqual(expected.portals);
    expect(overview.portals.active).toBeGreaterThanOrEqual(3);
    expect(overview.members).toEqual(expected.members);
    expect(overview.members.active).toBeGreaterThan(0);
    expect(overview.approvals.waiting).toBe(expected.waiting);
    expect(overview.approvals.waiting).toBeGreaterThan(0);
    expect(overview.approvals.oldestSubmittedAt).toEqual(expected.oldestSubmittedAt);
    expect(overview.approvals.byCustomer.map(({ customerName, count, withoutPortal }) => ({ customerName, count, withoutPortal }))).toEqual(
      expected.byCustomer,
    );
    // Initech has no portal in the seed: nobody can approve what waits for it.
    const initech = overview.approvals.byCustomer.find((row) => row.customerName === "Initech");
    expect(initech?.withoutPortal).toBeGreaterThan(0);
    expect(initech?.withoutPortal).toBe(initech?.count);
    expect(overview.attention).toEqual(expected.attention);
  });

  it("shows Bureau Zuid's admin only Bureau Zuid's numbers", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    const overview = await overviewOf(zuid);
    const expected = await expectedFor(zuid);
    const studioExpected = await expectedFor(studio);

    expect(overview.tenant.name).toBe("Bureau Zuid");
    expect(overview.portals).toEqual(expected.portals);
    expect(overview.members).toEqual(expected.members);
    expect(overview.approvals.waiting).toBe(expected.waiting);
    expect(overview.approvals.byCustomer.map((row) => row.customerName)).toEqual(["Acme Nederland"]);
    // The seed makes the two tenants differ, so a leak would show.
    expect(overview.portals.active).not.toBe(studioExpected.portals.active);
    expect(overview.approvals.waiting).not.toBe(studioExpected.waiting);
  });

  it("counts failed e-mails and platform events needing attention, for their own tenant only", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    const zuidBefore = (await overviewOf(zuid)).attention;
    const studioBefore = (await overviewOf(studio)).attention;
    const clear = await addTroubleFor(studio.tenantId);
    try {
      const attention = (await overviewOf(studio)).attention;
      expect(attention).toEqual(await expectedFor(studio).then((expected) => expected.attention));
      expect(attention).toEqual({
        failedEmails: studioBefore.failedEmails + 1,
        failedInbound: studioBefore.failedInbound + 2,
        waitingInbound: studioBefore.waitingInbound + 1,
        failedOutbound: studioBefore.failedOutbound + 1,
        heldOutbound: studioBefore.heldOutbound + 2,
      });
      expect((await overviewOf(zuid)).attention).toEqual(zuidBefore);
    } finally {
      await clear();
    }
  });

  it("says when the add-on is off, or that events to the platform stopped", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const setTenant = (status: string, stopped: boolean) =>
      asService("test: switch the tenant", (tx) => tx`
        update public.tenants set status = ${status}, host_events_disabled_at = ${stopped ? new Date() : null}
        where id = ${studio.tenantId}`);
    try {
      await setTenant("disabled", true);
      expect((await overviewOf(studio)).tenant).toEqual({ name: "Studio Noord", status: "disabled", hostEventsStopped: true });
      await setTenant("uninstalled", false);
      // An uninstalled tenant is out of the admin's reach altogether.
      expect(await withClaims(studio, loadAdminOverview)).toBeNull();
    } finally {
      await setTenant("active", false);
    }
  });
});
