import { afterEach, describe, expect, it } from "vitest";
import { adminClaimsOf } from "../../../tests/support/claims";
import { PORTAL_SWITCHES, type PortalSettings } from "../../shared/portal-settings";
import { createSession } from "../auth/sessions";
import { asService, withClaims, type AdminClaims, type ContactClaims } from "../db";
import { DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import {
  createPortal, deletePortal, listCustomerProjects, loadPortalCreation, loadPortalForEdit, setPortalStatus, updatePortal,
} from "./portal-editor";
import type { PortalInput } from "./portal-form";
import { loadPortalOverview } from "./portal-overview";

const INFO = { ip: "192.0.2.10", userAgent: "vitest" };
const FLEUR = "fleur@initech.example";

function input(overrides: Partial<PortalInput> = {}): PortalInput {
  const switches = Object.fromEntries(PORTAL_SWITCHES.map((key) => [key, false])) as Pick<PortalSettings, (typeof PORTAL_SWITCHES)[number]>;
  return {
    ...switches, name: "Initech – test", language: "nl", hoursVisibility: "without_description", orderHoursVisibility: "hidden",
    projectIds: [], ...overrides,
  };
}

type Ids = { customerId: string; projects: Record<string, string> };

/** Initech of Studio Noord: a customer without a portal, with a contact (Fleur) who has no login yet. */
async function initech(): Promise<Ids> {
  return asService("test: find Initech", async (tx) => {
    const rows = await tx<{ customerId: string; code: string; projectId: string }[]>`
      select c.id as "customerId", p.code, p.id as "projectId" from public.customers c
      join public.projects p on p.customer_id = c.id where c.host_id = 'cust-initech'`;
    return { customerId: rows[0]!.customerId, projects: Object.fromEntries(rows.map((row) => [row.code, row.projectId])) };
  });
}

async function projectIdByCode(code: string): Promise<string> {
  const [row] = await asService("test: find a project", (tx) => tx<{ id: string }[]>`select id from public.projects where code = ${code}`);
  return row!.id;
}

async function portalIdByName(name: string): Promise<string> {
  const [row] = await asService("test: find a portal", (tx) => tx<{ id: string }[]>`select id from public.portals where name = ${name}`);
  return row!.id;
}

/** Fleur becomes a member of the portal, signed in: the way the members page and a sign-in would leave her. */
async function fleurSignedInto(portalId: string): Promise<ContactClaims> {
  return asService("test: add and sign in a member", async (tx) => {
    const [login] = await tx<{ id: string }[]>`
      insert into public.logins (email) values (${FLEUR}) on conflict (email) do update set email = excluded.email returning id`;
    await tx`
      insert into public.portal_members (tenant_id, portal_id, contact_id, login_id, accepted_at)
      select p.tenant_id, p.id, c.id, ${login!.id}, now() from public.portals p
      join public.contacts c on c.customer_id = p.customer_id and c.email = ${FLEUR} where p.id = ${portalId}`;
    const session = await createSession(tx, login!.id, INFO);
    return { kind: "contact", loginId: login!.id, sessionId: session.sessionId };
  });
}

async function auditOf(portalId: string) {
  return asService("test: read the audit log", (tx) => tx<{ action: string; details: Record<string, unknown> }[]>`
    select action, details from public.audit_log where portal_id = ${portalId}
      and action in ('portal.created', 'portal.updated', 'portal.disabled', 'portal.enabled', 'portal.deleted') order by id`);
}

async function created(claims: AdminClaims, overrides: Partial<PortalInput> & { customerId: string }): Promise<string> {
  const result = await createPortal(claims, { ...input(overrides), customerId: overrides.customerId }, INFO);
  if (!result.ok) throw new Error(`not created: ${JSON.stringify(result.errors)}`);
  made.push(result.portalId);
  return result.portalId;
}

const made: string[] = [];
afterEach(async () => {
  await asService("test: clean up portals and Fleur's login", async (tx) => {
    await tx`delete from public.portals where id = any(${made.splice(0)}::uuid[])`;
    await tx`delete from public.logins where email = ${FLEUR}`;
  });
});

describe("creating a portal", () => {
  it("saves the portal with its projects, audits it, and a member then sees exactly those projects", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const { customerId, projects } = await initech();
    const portalId = await created(studio, {
      customerId, name: "Initech – Migratie", language: "en", hoursVisibility: "full", showBudget: true, projectIds: [projects["INI-01"]!],
    });

    const overview = await loadPortalOverview(studio, portalId);
    expect(overview?.portal).toMatchObject({
      customerName: "Initech", status: "active",
      settings: { name: "Initech – Migratie", language: "en", hoursVisibility: "full", showBudget: true, showInvoices: false, canApprove: false },
    });
    expect(overview?.projects.map((project) => project.code)).toEqual(["INI-01"]);
    expect(overview?.members).toEqual({ active: 0, invited: 0, removed: 0 });
    const [entry] = await auditOf(portalId);
    expect(entry).toMatchObject({ action: "portal.created", details: { customerId, projectIds: [projects["INI-01"]] } });

    const fleur = await fleurSignedInto(portalId);
    const seen = await withClaims(fleur, (tx) => tx<{ id: string }[]>`select id from public.projects`);
    expect(seen.map((project) => project.id)).toEqual([projects["INI-01"]]);
    expect((await loadPortalOverview(studio, portalId))?.members).toEqual({ active: 1, invited: 0, removed: 0 });
  });

  it("offers the tenant's customers and follows the chosen one's projects", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    const { customerId, projects } = await initech();
    const creation = await loadPortalCreation(studio, customerId);
    const names = creation?.customers.map((customer) => customer.name) ?? [];
    expect(names).toHaveLength(3);
    expect(names).toContain("Initech");
    expect(names).not.toContain("Acme Nederland");
    expect(creation?.projects.map((project) => project.id).sort()).toEqual(Object.values(projects).sort());
    expect(creation).toMatchObject({ customerId, defaultLanguage: "nl", approvalAvailable: true });
    // The host's link names the customer by its own id.
    expect((await loadPortalCreation(studio, "cust-initech"))?.customerId).toBe(customerId);
    // Another tenant's customer is no choice at all.
    expect(await loadPortalCreation(zuid, customerId)).toMatchObject({ customerId: null, projects: [] });
    expect(await loadPortalCreation(zuid, "cust-initech")).toMatchObject({ customerId: null, projects: [] });
    expect(await withClaims(zuid, (tx) => listCustomerProjects(tx, customerId))).toEqual([]);
  });

  it("refuses a project of another customer with a field error, and saves nothing", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const { customerId, projects } = await initech();
    const globex = await projectIdByCode("GLX-01");
    const refused = await createPortal(studio, { ...input({ name: "Initech – geweigerd", projectIds: [projects["INI-01"]!, globex] }), customerId }, INFO);
    expect(refused).toEqual({ ok: false, errors: { projectIds: "admin.portalEditor.error.project" } });
    const [left] = await asService("test: count", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.portals where name = 'Initech – geweigerd'`);
    expect(left!.count).toBe(0);

    const portalId = await created(studio, { customerId, projectIds: [projects["INI-01"]!] });
    const zuidProject = await asService("test: Bureau Zuid's project", (tx) => tx<{ id: string }[]>`
      select id from public.projects where host_id = 'proj-audit'`);
    for (const foreign of [globex, zuidProject[0]!.id]) {
      const update = await updatePortal(studio, portalId, input({ showInvoices: true, projectIds: [foreign] }), INFO);
      expect(update).toEqual({ ok: false, errors: { projectIds: "admin.portalEditor.error.project" } });
    }
    const after = await loadPortalForEdit(studio, portalId);
    expect(after?.portal.projectIds).toEqual([projects["INI-01"]]);
    expect(after?.portal.settings.showInvoices).toBe(false);
  });

  it("refuses a customer of another tenant, in the application and in the database", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    const { customerId } = await initech();
    expect(await createPortal(zuid, { ...input(), customerId }, INFO)).toEqual({ ok: false, errors: { customerId: "admin.portalEditor.error.customer" } });
    await expect(withClaims(zuid, (tx) => tx`
      insert into public.portals (tenant_id, customer_id, name) values (${zuid.tenantId}, ${customerId}, 'Binnengedrongen')`))
      .rejects.toMatchObject({ code: "23514" });
    const portalId = await created(studio, { customerId });
    const [zuidCustomer] = await asService("test: Bureau Zuid's customer", (tx) => tx<{ id: string }[]>`
      select id from public.customers where host_id = 'cust-acme-nl'`);
    await expect(asService("test: move a portal", (tx) => tx`
      update public.portals set customer_id = ${zuidCustomer!.id} where id = ${portalId}`)).rejects.toMatchObject({ code: "23514" });
  });
});

describe("editing a portal", () => {
  it("changes switches and projects, and audits exactly what changed", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const { customerId, projects } = await initech();
    const portalId = await created(studio, { customerId, projectIds: [projects["INI-01"]!] });
    const changes = input({
      name: "Initech – Support", showInvoices: true, onlyProjectInvoices: true, showOrders: true, orderHoursVisibility: "full",
      showDocuments: true, canEditCompany: true, canApprove: true, requireSignature: true, projectIds: [projects["INI-02"]!],
    });
    expect(await updatePortal(studio, portalId, changes, INFO)).toEqual({ ok: true, portalId });

    const edited = await loadPortalForEdit(studio, portalId);
    expect(edited?.portal.settings).toMatchObject({
      name: "Initech – Support", showInvoices: true, onlyProjectInvoices: true, showOrders: true, orderHoursVisibility: "full",
      showDocuments: true, canEditCompany: true, canApprove: true, requireSignature: true, showQuotes: false,
    });
    expect(edited?.portal.projectIds).toEqual([projects["INI-02"]]);
    expect(edited?.projects.map((project) => project.code).sort()).toEqual(["INI-01", "INI-02"]);

    const updated = (await auditOf(portalId)).filter((entry) => entry.action === "portal.updated");
    expect(updated).toHaveLength(1);
    expect(updated[0]!.details).toEqual({
      changed: {
        name: { from: "Initech – test", to: "Initech – Support" },
        showInvoices: { from: false, to: true },
        onlyProjectInvoices: { from: false, to: true },
        showOrders: { from: false, to: true },
        orderHoursVisibility: { from: "hidden", to: "full" },
        showDocuments: { from: false, to: true },
        canEditCompany: { from: false, to: true },
        canApprove: { from: false, to: true },
        requireSignature: { from: false, to: true },
      },
      projectsAdded: [projects["INI-02"]],
      projectsRemoved: [projects["INI-01"]],
    });

    // Saving the same again changes nothing and records nothing.
    expect(await updatePortal(studio, portalId, changes, INFO)).toEqual({ ok: true, portalId });
    expect((await auditOf(portalId)).filter((entry) => entry.action === "portal.updated")).toHaveLength(1);

    // A signature goes only with approval.
    await updatePortal(studio, portalId, { ...changes, canApprove: false, requireSignature: true }, INFO);
    expect((await loadPortalForEdit(studio, portalId))?.portal.settings).toMatchObject({ canApprove: false, requireSignature: false });
  });

  it("refuses approval where the workflow has no customer step, and keeps what the form did not offer", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const { customerId } = await initech();
    const approving = await created(studio, { customerId, canApprove: true, requireSignature: true });
    await asService("test: internal workflow", (tx) => tx`
      update public.tenants set approval_workflow = 'internal' where id = ${studio.tenantId}`);
    try {
      expect((await loadPortalCreation(studio, null))?.approvalAvailable).toBe(false);
      expect(await createPortal(studio, { ...input({ canApprove: true }), customerId }, INFO))
        .toEqual({ ok: false, errors: { canApprove: "admin.portalEditor.error.approveWorkflow" } });
      const plain = await created(studio, { customerId });
      expect((await loadPortalForEdit(studio, plain))?.portal.settings.canApprove).toBe(false);

      expect(await updatePortal(studio, approving, input({ name: "Initech – hernoemd", canApprove: true }), INFO))
        .toEqual({ ok: false, errors: { canApprove: "admin.portalEditor.error.approveWorkflow" } });
      // The form of an internal workflow does not offer approval: the stored choice stays for when the workflow changes back.
      expect(await updatePortal(studio, approving, input({ name: "Initech – hernoemd" }), INFO)).toEqual({ ok: true, portalId: approving });
      const kept = await loadPortalForEdit(studio, approving);
      expect(kept?.portal).toMatchObject({ approvalAvailable: false, settings: { name: "Initech – hernoemd", canApprove: true, requireSignature: true } });
    } finally {
      await asService("test: restore the workflow", (tx) => tx`
        update public.tenants set approval_workflow = 'internal_external' where id = ${studio.tenantId}`);
    }
  });
});

describe("disabling, enabling and deleting a portal", () => {
  it("disabling ends a member's access on the next statement; enabling restores it", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const { customerId, projects } = await initech();
    const portalId = await created(studio, { customerId, projectIds: [projects["INI-01"]!] });
    const fleur = await fleurSignedInto(portalId);
    const portalsOfFleur = () => withClaims(fleur, (tx) => tx<{ id: string }[]>`select id from public.portals`);
    expect(await portalsOfFleur()).toEqual([{ id: portalId }]);

    expect(await setPortalStatus(studio, portalId, "disabled", INFO)).toBe("changed");
    expect(await portalsOfFleur()).toEqual([]);
    expect(await withClaims(fleur, (tx) => tx`select id from public.projects`)).toHaveLength(0);
    expect(await setPortalStatus(studio, portalId, "disabled", INFO)).toBe("unchanged");

    expect(await setPortalStatus(studio, portalId, "active", INFO)).toBe("changed");
    expect(await portalsOfFleur()).toEqual([{ id: portalId }]);
    expect((await auditOf(portalId)).map((entry) => entry.action)).toEqual(["portal.created", "portal.disabled", "portal.enabled"]);
  });

  it("deleting removes the portal, its members and their invitations, and keeps evidence and the audit log", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const { customerId, projects } = await initech();
    const portalId = await created(studio, { customerId, projectIds: [projects["INI-01"]!] });
    const fleur = await fleurSignedInto(portalId);
    await asService("test: an invitation and a decision", async (tx) => {
      await tx`
        insert into public.member_invitations (tenant_id, member_id, token_hash, expires_at)
        select tenant_id, id, ${`test-${portalId}`}, now() + interval '1 day' from public.portal_members where portal_id = ${portalId}`;
      await tx`
        insert into public.approval_decisions (tenant_id, portal_id, portal_name, customer_name, member_name, member_email,
          decision, automatic, statement, language, registration_count, canonical_content, fingerprint)
        values (${studio.tenantId}, ${portalId}, 'Initech – test', 'Initech', 'Fleur Bosman', ${FLEUR}, 'approved', true,
          'Automatically approved', 'nl', 1, '[]', encode(sha256(convert_to('[]', 'UTF8')), 'hex'))`;
    });

    expect(await deletePortal(studio, portalId, INFO)).toBe(true);
    expect(await withClaims(fleur, (tx) => tx`select id from public.portals`)).toHaveLength(0);
    const [left] = await asService("test: what is left", (tx) => tx<Record<string, number>[]>`
      select (select count(*)::int from public.portals where id = ${portalId}) as portals,
        (select count(*)::int from public.portal_projects where portal_id = ${portalId}) as projects,
        (select count(*)::int from public.portal_members where portal_id = ${portalId}) as members,
        (select count(*)::int from public.member_invitations where token_hash = ${`test-${portalId}`}) as invitations,
        (select count(*)::int from public.approval_decisions where portal_id = ${portalId}) as decisions`);
    expect(left).toEqual({ portals: 0, projects: 0, members: 0, invitations: 0, decisions: 1 });
    const audit = await auditOf(portalId);
    expect(audit.map((entry) => entry.action)).toEqual(["portal.created", "portal.deleted"]);
    expect(audit[1]!.details).toMatchObject({ name: "Initech – test", customerName: "Initech", activeMembers: 1 });
    expect(await loadPortalOverview(studio, portalId)).toBeNull();
    expect(await deletePortal(studio, portalId, INFO)).toBe(false);
  });
});

describe("another tenant's admin", () => {
  it("finds nothing to load, change, disable or delete, and changes nothing", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    const portalId = await portalIdByName("Acme – Huisstijl");
    const before = await loadPortalForEdit(studio, portalId);

    expect(await loadPortalForEdit(zuid, portalId)).toBeNull();
    expect(await loadPortalOverview(zuid, portalId)).toBeNull();
    expect(await updatePortal(zuid, portalId, input({ name: "Overgenomen", showInvoices: true }), INFO)).toBeNull();
    expect(await setPortalStatus(zuid, portalId, "disabled", INFO)).toBeNull();
    expect(await deletePortal(zuid, portalId, INFO)).toBe(false);

    expect(await loadPortalForEdit(studio, portalId)).toEqual(before);
    expect(await auditOf(portalId)).toEqual([]);
  });
});
