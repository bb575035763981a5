import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedInContact } from "../../../tests/support/claims";
import { asService, withClaims, type ContactClaims } from "../db";
import { DEMO_ADDRESSES } from "../seed/demo";
import { listPortalProjects } from "../portals/contact-portals";
import { registrationsCsv } from "./csv";
import {
  exportPortalRegistrations, listPortalRegistrations, registrationFilterOptions, totalPortalRegistrations,
  type RegistrationFilter,
} from "./list";

let anna: ContactClaims;
let portalId: string;
let projectId: string;

type Settings = { hours_visibility: string; show_expenses: boolean; show_mileage: boolean; only_pending_approval: boolean };

async function withPortalSettings<T>(settings: Partial<Settings>, fn: () => Promise<T>): Promise<T> {
  const [before] = await asService("test: read settings", (tx) => tx<Settings[]>`
    select hours_visibility, show_expenses, show_mileage, only_pending_approval from public.portals where id = ${portalId}`);
  await asService("test: change settings", (tx) => tx`update public.portals set ${tx({ ...before!, ...settings } as never)} where id = ${portalId}`);
  try {
    return await fn();
  } finally {
    await asService("test: restore settings", (tx) => tx`update public.portals set ${tx(before! as never)} where id = ${portalId}`);
  }
}

const everything = (kind: RegistrationFilter["kind"]) => withClaims(anna, (tx) => exportPortalRegistrations(tx, { portalId, projectId, kind }));

describe("a project's registrations as a portal shows them", () => {
  beforeAll(async () => {
    ({ portalId, projectId } = (await asService("test: anna's portal and project", (tx) => tx<{ portalId: string; projectId: string }[]>`
      select p.id as "portalId", pr.id as "projectId"
      from public.portals p join public.portal_projects pp on pp.portal_id = p.id join public.projects pr on pr.id = pp.project_id
      where p.name = 'Acme – Website en app' and pr.name = 'Website relaunch'`))[0]!);
    anna = (await signedInContact(DEMO_ADDRESSES.anna)).claims;
  });
  afterAll(async () => {
    await asService("test: end the session", (tx) => tx`update public.sessions set ended_at = now() where id = ${anna.sessionId}`);
  });

  describe("visibility, decided by the database for the page and the export alike", () => {
    it("full: hours with their descriptions", async () => {
      await withPortalSettings({ hours_visibility: "full" }, async () => {
        const rows = await everything("hours");
        expect(rows.length).toBeGreaterThan(10);
        expect(rows.every((row) => row.description !== null)).toBe(true);
      });
    });

    it("without description: the same hours, no description anywhere", async () => {
      const full = await withPortalSettings({ hours_visibility: "full" }, () => everything("hours"));
      await withPortalSettings({ hours_visibility: "without_description" }, async () => {
        const rows = await everything("hours");
        expect(rows.map((row) => row.id)).toEqual(full.map((row) => row.id));
        expect(rows.every((row) => row.description === null)).toBe(true);
      });
    });

    it("hidden kinds return no rows at all", async () => {
      await withPortalSettings({ hours_visibility: "hidden", show_expenses: false, show_mileage: false }, async () => {
        for (const kind of ["hours", "expense", "mileage"] as const) expect(await everything(kind), kind).toEqual([]);
        const totals = await withClaims(anna, (tx) => totalPortalRegistrations(tx, { portalId, projectId, kind: "hours" }));
        expect(totals.count).toBe(0);
      });
    });

    it("only pending approval: nothing else", async () => {
      await withPortalSettings({ only_pending_approval: true }, async () => {
        const rows = await everything("hours");
        expect(rows.length).toBeGreaterThan(0);
        expect(new Set(rows.map((row) => row.status))).toEqual(new Set(["pending_external"]));
      });
    });
  });

  it("filters by employee (everyone ever on the project), task and status, with totals of the filtered set", async () => {
    const options = await withClaims(anna, (tx) => registrationFilterOptions(tx, projectId));
    expect(options.employees.length).toBeGreaterThan(1);
    expect(options.tasks.length).toBeGreaterThan(0);
    const all = await everything("hours");
    const employee = options.employees.find((candidate) => all.some((row) => row.employeeName === candidate.name))!;
    const filter = { portalId, projectId, kind: "hours" as const, employeeId: employee.id, status: "approved" as const };
    const rows = await withClaims(anna, (tx) => exportPortalRegistrations(tx, filter));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.employeeName === employee.name && row.status === "approved")).toBe(true);
    const totals = await withClaims(anna, (tx) => totalPortalRegistrations(tx, filter));
    expect(totals.count).toBe(rows.length);
    expect(Number(totals.hours)).toBeCloseTo(rows.reduce((sum, row) => sum + Number(row.hours), 0), 2);
    const page = await withClaims(anna, (tx) => listPortalRegistrations(tx, { ...filter, page: 1 }));
    expect(page.map((row) => row.id)).toEqual(rows.slice(0, 50).map((row) => row.id));

    const task = options.tasks[0]!;
    const byTask = await withClaims(anna, (tx) => exportPortalRegistrations(tx, { portalId, projectId, kind: "hours", taskId: task.id }));
    expect(byTask.every((row) => row.taskName === task.name)).toBe(true);
  });

  it("counts, per project, what waits for the member's approval (F-15)", async () => {
    const projects = await withClaims(anna, (tx) => listPortalProjects(tx, portalId));
    const project = projects.find((candidate) => candidate.id === projectId)!;
    let pending = 0;
    for (const kind of ["hours", "expense", "mileage"] as const) {
      pending += (await withClaims(anna, (tx) => exportPortalRegistrations(tx, { portalId, projectId, kind, status: "pending_external" }))).length;
    }
    expect(project.waitingForApproval).toBe(pending);
    expect(pending).toBeGreaterThan(0);
  });

  it("shows a budget and milestones only in a portal that shows them, even to a member whose other portal does", async () => {
    const [huisstijl] = await asService("test: the other portal", (tx) => tx<{ id: string; tenantId: string }[]>`
      select id, tenant_id as "tenantId" from public.portals where name = 'Acme – Huisstijl'`);
    await asService("test: the same project in a portal without budgets", async (tx) => {
      await tx`insert into public.portal_projects (portal_id, project_id, tenant_id) values (${huisstijl!.id}, ${projectId}, ${huisstijl!.tenantId})`;
      await tx`update public.portals set show_budget = false, show_milestones = false where id = ${huisstijl!.id}`;
    });
    try {
      const inThisPortal = (await withClaims(anna, (tx) => listPortalProjects(tx, portalId))).find((project) => project.id === projectId)!;
      expect(inThisPortal.budgetHours).not.toBeNull();
      expect(inThisPortal.milestonesTotal).toBeGreaterThan(0);
      const inTheOther = (await withClaims(anna, (tx) => listPortalProjects(tx, huisstijl!.id))).find((project) => project.id === projectId)!;
      expect(inTheOther).toMatchObject({ budgetHours: null, milestonesTotal: 0, milestonesDone: 0 });
    } finally {
      await asService("test: restore", async (tx) => {
        await tx`delete from public.portal_projects where portal_id = ${huisstijl!.id} and project_id = ${projectId}`;
        await tx`update public.portals set show_budget = true, show_milestones = true where id = ${huisstijl!.id}`;
      });
    }
  });

  describe("CSV", () => {
    const rows = [
      { id: "1", workDate: "2026-11-20", employeeName: "Sanne Bakker", taskName: "Ontwerp", hours: "7.50", amount: null, currency: "EUR", distanceKm: null, status: "pending_external", description: "Homepage; \"hero\"" },
    ];

    it("in Dutch: semicolons, decimal commas, Dutch headings and statuses, and a description column only when shown", () => {
      const withDescription = registrationsCsv(rows, { kind: "hours", showDescription: true, language: "nl" });
      expect(withDescription.startsWith("\uFEFF")).toBe(true);
      expect(withDescription.slice(1).split("\n")).toEqual([
        "Datum;Medewerker;Taak;Uren;Status;Omschrijving",
        "2026-11-20;Sanne Bakker;Ontwerp;7,50;Wacht op jouw goedkeuring;\"Homepage; \"\"hero\"\"\"",
        "",
      ]);
      const without = registrationsCsv(rows, { kind: "hours", showDescription: false, language: "nl" });
      expect(without).not.toContain("Omschrijving");
      expect(without).not.toContain("Homepage");
    });

    it("in English: commas and decimal points", () => {
      const csv = registrationsCsv(rows, { kind: "hours", showDescription: false, language: "en" });
      expect(csv.slice(1).split("\n")[1]).toBe("2026-11-20,Sanne Bakker,Ontwerp,7.50,Waiting for your approval");
    });

    it("of a real export holds exactly the rows the portal shows", async () => {
      await withPortalSettings({ hours_visibility: "without_description" }, async () => {
        const exported = await everything("hours");
        const csv = registrationsCsv(exported, { kind: "hours", showDescription: false, language: "nl" });
        expect(csv.trim().split("\n")).toHaveLength(exported.length + 1);
      });
    });
  });
});
