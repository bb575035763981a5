import { randomUUID } from "node:crypto";
import { addDays, format, isWeekend, subDays } from "date-fns";
import { demoPdfDocument } from "../billing/demo-pdf";
import type { Tx } from "../db";
import { chooseFileStorage } from "../documents/choose-storage";
import { pick, seededRandom } from "./random";

/** Addresses that checks outside the project rely on: keep them exactly. */
export const DEMO_ADDRESSES = {
  anna: "anna@acme.example",
  bram: "bram@acme.example",
  carla: "carla@globex.example",
} as const;

export const DEMO_TENANT_WORKSPACE = "ws-studio-noord";
export const SECOND_TENANT_WORKSPACE = "ws-bureau-zuid";

type Row = Record<string, unknown>;

const EMPLOYEE_NAMES = [
  "Sanne Bakker", "Daan Visser", "Lotte Mulder", "Ruben de Boer", "Noor Hendriks", "Thijs Smit",
  "Femke Dekker", "Jesse van Dijk", "Eva Peters", "Milan Bos", "Isa Vermeulen", "Lucas Kok",
];

const HOUR_DESCRIPTIONS = [
  "Wireframes homepage", "Sprint review met klant", "Bugfix formulier contact", "Design system componenten",
  "API-koppeling voorraad", "Content migratie", "Testen op mobiel", "Overleg planning",
  "Copywriting productpagina's", "Deployment acceptatieomgeving", "Performance-optimalisatie", "Workshop gebruikersbehoeften",
];
const EXPENSE_DESCRIPTIONS = ["Parkeerkosten", "Lunch workshop", "Stockfoto's", "Treinkaartje", "Drukwerk"];
const ROUTES = ["Groningen – Amsterdam", "Groningen – Zwolle", "Leeuwarden – Groningen", "Groningen – Utrecht"];

type ProjectSpec = { key: string; customer: string; name: string; code: string; employees: number };

const PROJECTS: ProjectSpec[] = [
  { key: "acme-web", customer: "acme", name: "Website relaunch", code: "ACM-01", employees: 5 },
  { key: "acme-app", customer: "acme", name: "Mobiele app", code: "ACM-02", employees: 4 },
  { key: "acme-brand", customer: "acme", name: "Huisstijl", code: "ACM-03", employees: 3 },
  { key: "globex-erp", customer: "globex", name: "ERP-koppeling", code: "GLX-01", employees: 4 },
  { key: "globex-campaign", customer: "globex", name: "Campagne Q3", code: "GLX-02", employees: 3 },
  { key: "globex-intranet", customer: "globex", name: "Intranet", code: "GLX-03", employees: 3 },
  { key: "initech-migration", customer: "initech", name: "Datamigratie", code: "INI-01", employees: 4 },
  { key: "initech-support", customer: "initech", name: "Support retainer", code: "INI-02", employees: 2 },
];

export type SeedSummary = { tenants: number; registrations: number; portals: number };

/** Fills an empty database with the demo: Studio Noord and a second tenant. */
export async function seedDemo(tx: Tx, today = new Date()): Promise<SeedSummary> {
  // The demo's history is not news: no notification e-mail for what the seed inserts.
  await tx`select set_config('portaal.notifications', 'off', true)`;
  const random = seededRandom(20261122);
  const rows: Record<string, Row[]> = {};
  const add = (table: string, row: Row) => {
    (rows[table] ??= []).push(row);
    return row;
  };

  // --- Studio Noord -------------------------------------------------------
  const tenantId = randomUUID();
  add("tenants", {
    id: tenantId,
    host_workspace_id: DEMO_TENANT_WORKSPACE,
    name: "Studio Noord",
    approval_workflow: "internal_external",
    sender_name: "Studio Noord",
    reply_to: "projecten@studionoord.example",
    brand_accent_color: "#0b6e4f",
    invitation_text: {
      nl: "Via ons klantportaal zie je de voortgang van je projecten en keur je uren goed.",
      en: "In our customer portal you follow your projects and approve hours.",
    },
  });
  add("tenant_admins", {
    id: randomUUID(), tenant_id: tenantId, host_user_id: "demo-admin",
    email: "admin@studionoord.example", name: "Demo-beheerder",
  });

  const customers: Record<string, Row> = {};
  for (const [key, name, city] of [
    ["acme", "Acme B.V.", "Groningen"],
    ["globex", "Globex Nederland", "Zwolle"],
    ["initech", "Initech", "Leeuwarden"],
  ] as const) {
    customers[key] = add("customers", {
      id: randomUUID(), tenant_id: tenantId, host_id: `cust-${key}`, name,
      email: `info@${key}.example`, city, address_line: "Stationsweg 1", postal_code: "9700 AA",
    });
    for (const site of ["Hoofdkantoor", "Magazijn"]) {
      add("sites", {
        id: randomUUID(), tenant_id: tenantId, customer_id: customers[key]!.id,
        host_id: `site-${key}-${site}`, name: site, city,
      });
    }
  }

  const contacts: Record<string, Row> = {};
  for (const [key, customer, first, last, email] of [
    ["anna", "acme", "Anna", "de Vries", DEMO_ADDRESSES.anna],
    ["bram", "acme", "Bram", "Jansen", DEMO_ADDRESSES.bram],
    ["dirk", "acme", "Dirk", "Meijer", "dirk@acme.example"],
    ["carla", "globex", "Carla", "Smit", DEMO_ADDRESSES.carla],
    ["erik", "globex", "Erik", "Willems", "erik@globex.example"],
    ["fleur", "initech", "Fleur", "Bosman", "fleur@initech.example"],
  ] as const) {
    contacts[key] = add("contacts", {
      id: randomUUID(), tenant_id: tenantId, customer_id: customers[customer]!.id,
      host_id: `contact-${key}`, first_name: first, last_name: last, email, job_title: "Projectleider",
    });
  }

  const employees = EMPLOYEE_NAMES.map((name, index) =>
    add("employees", {
      id: randomUUID(), tenant_id: tenantId, host_id: `emp-${index + 1}`, name,
      email: `${name.split(" ")[0]!.toLowerCase()}@studionoord.example`,
    }),
  );

  const projects: Record<string, Row> = {};
  const projectStaff: Record<string, Row[]> = {};
  const projectTasks: Record<string, Row[]> = {};
  const start = subDays(today, 182);
  PROJECTS.forEach((spec, projectIndex) => {
    const project = add("projects", {
      id: randomUUID(), tenant_id: tenantId, customer_id: customers[spec.customer]!.id,
      host_id: `proj-${spec.key}`, name: spec.name, code: spec.code,
      starts_on: format(start, "yyyy-MM-dd"), ends_on: format(addDays(today, 120), "yyyy-MM-dd"),
    });
    projects[spec.key] = project;
    const staff = Array.from({ length: spec.employees }, (_, i) => employees[(projectIndex * 3 + i) % employees.length]!);
    projectStaff[spec.key] = staff;
    staff.forEach((employee, i) => {
      add("project_members", {
        tenant_id: tenantId, project_id: project.id, employee_id: employee.id,
        joined_at: start,
        // One person per project left halfway: the filter still lists them (F-9).
        left_at: i === staff.length - 1 ? subDays(today, 90) : null,
      });
    });
    projectTasks[spec.key] = ["Ontwerp", "Ontwikkeling", "Projectmanagement"].map((name) =>
      add("tasks", { id: randomUUID(), tenant_id: tenantId, project_id: project.id, host_id: `task-${spec.key}-${name}`, name }),
    );
    add("budgets", {
      id: randomUUID(), tenant_id: tenantId, project_id: project.id, host_id: `budget-${spec.key}-hours`,
      // Sized to the six months of hours below: most projects well under way, one over budget.
      budget_type: "total_hours", hours: projectIndex === 1 ? 1600 : 2400 + projectIndex * 150,
    });
    add("budgets", {
      id: randomUUID(), tenant_id: tenantId, project_id: project.id, host_id: `budget-${spec.key}-costs`,
      budget_type: "total_costs", amount: 38000 + projectIndex * 1000,
    });
    ["Kick-off", "Oplevering fase 1", "Livegang"].forEach((name, i) => {
      add("milestones", {
        id: randomUUID(), tenant_id: tenantId, project_id: project.id, host_id: `ms-${spec.key}-${i}`, name,
        due_on: format(addDays(start, 60 * (i + 1)), "yyyy-MM-dd"),
        completed_on: i < 2 ? format(addDays(start, 60 * (i + 1) - 3), "yyyy-MM-dd") : null,
      });
    });
  });

  // Six months of registrations; the last two weeks wait for the customer.
  let registrationCount = 0;
  const addRegistration = (spec: ProjectSpec, day: Date, employee: Row, kind: string, extra: Row, description: string) => {
    const ageDays = Math.round((today.getTime() - day.getTime()) / 86_400_000);
    let status: string;
    if (ageDays <= 3) status = "open";
    else if (ageDays <= 17) status = "pending_external";
    else status = random() < 0.04 ? "rejected" : "approved";
    const id = randomUUID();
    registrationCount += 1;
    add("registrations", {
      id, tenant_id: tenantId, project_id: projects[spec.key]!.id, employee_id: employee.id,
      task_id: kind === "hours" ? pick(random, projectTasks[spec.key]!).id : null,
      host_id: `reg-${registrationCount}`, kind, work_date: format(day, "yyyy-MM-dd"),
      hours: null, amount: null, distance_km: null, status,
      submitted_at: status === "open" ? null : addDays(day, 2),
      decided_at: status === "approved" || status === "rejected" ? addDays(day, 5) : null,
      ...extra,
    });
    add("registration_descriptions", {
      registration_id: id, tenant_id: tenantId, project_id: projects[spec.key]!.id, kind, description,
    });
  };
  for (let day = start; day <= today; day = addDays(day, 1)) {
    if (isWeekend(day)) continue;
    for (const spec of PROJECTS) {
      const staff = projectStaff[spec.key]!;
      const entries = 2 + Math.floor(random() * 3);
      for (let i = 0; i < entries; i += 1) {
        const hours = Math.round((1 + random() * 7) * 4) / 4;
        addRegistration(spec, day, pick(random, staff), "hours", { hours }, pick(random, HOUR_DESCRIPTIONS));
      }
      if (random() < 0.12) {
        addRegistration(spec, day, pick(random, staff), "expense",
          { amount: Math.round(random() * 9000) / 100 + 5 }, pick(random, EXPENSE_DESCRIPTIONS));
      }
      if (random() < 0.15) {
        addRegistration(spec, day, pick(random, staff), "mileage",
          { distance_km: Math.round(random() * 2200) / 10 + 10, amount: null }, pick(random, ROUTES));
      }
    }
  }

  // Invoices and quotes in every status.
  let documentNumber = 1;
  for (const key of ["acme", "globex", "initech"] as const) {
    const customerId = customers[key]!.id;
    const projectId = PROJECTS.find((p) => p.customer === key)!.key;
    const invoices: Array<[string, number, number | null]> = [
      ["paid", 120, 90], ["paid", 90, 62], ["open", 40, null], ["open", 10, null], ["draft", 1, null], ["credited", 150, null],
    ];
    for (const [status, issuedAgo, paidAgo] of invoices) {
      const total = Math.round(random() * 1500000) / 100 + 500;
      add("invoices", {
        id: randomUUID(), tenant_id: tenantId, customer_id: customerId, project_id: projects[projectId]!.id,
        host_id: `inv-${documentNumber}`, number: `2026-${String(documentNumber).padStart(4, "0")}`,
        subject: `Werkzaamheden ${key}`, status,
        issued_on: format(subDays(today, issuedAgo), "yyyy-MM-dd"),
        // 30 days to pay: the one issued 40 days ago is overdue.
        due_on: format(addDays(subDays(today, issuedAgo), 30), "yyyy-MM-dd"),
        paid_on: paidAgo === null ? null : format(subDays(today, paidAgo), "yyyy-MM-dd"),
        total_excl_vat: total, total_incl_vat: Math.round(total * 121) / 100,
      });
      documentNumber += 1;
    }
    for (const [status, issuedAgo] of [["open", 5], ["accepted", 100], ["declined", 80], ["expired", 70], ["draft", 1]] as const) {
      const total = Math.round(random() * 2500000) / 100 + 1000;
      add("quotes", {
        id: randomUUID(), tenant_id: tenantId, customer_id: customerId, project_id: projects[projectId]!.id,
        host_id: `quote-${documentNumber}`, number: `OFF-${String(documentNumber).padStart(4, "0")}`,
        subject: `Voorstel ${key}`, status,
        issued_on: format(subDays(today, issuedAgo), "yyyy-MM-dd"),
        valid_until: format(addDays(subDays(today, issuedAgo), 30), "yyyy-MM-dd"),
        total_excl_vat: total, total_incl_vat: Math.round(total * 121) / 100,
      });
      documentNumber += 1;
    }
  }

  // Acme's accepted quote became an order, invoiced once, with hours booked
  // on it: the order timeline quote → order → invoice (F-19). The hours are
  // existing registrations, so that every count of the demo stays the same.
  const acmeQuote = rows.quotes!.find((quote) => quote.customer_id === customers.acme!.id && quote.status === "accepted")!;
  const orderedOn = format(addDays(new Date(`${String(acmeQuote.issued_on)}T12:00:00Z`), 5), "yyyy-MM-dd");
  const acmeOrderInvoice = rows.invoices!.find(
    (invoice) => invoice.customer_id === customers.acme!.id && invoice.status === "paid" && String(invoice.issued_on) > orderedOn,
  )!;
  const acmeOrder = add("orders", {
    id: randomUUID(), tenant_id: tenantId, customer_id: customers.acme!.id, project_id: projects["acme-web"]!.id,
    host_id: "order-1", number: "ORD-2026-0001", subject: "Website relaunch – fase 1", status: "invoiced",
    ordered_on: orderedOn, currency: "EUR", total_excl_vat: acmeQuote.total_excl_vat, quote_id: acmeQuote.id,
  });
  acmeOrderInvoice.order_id = acmeOrder.id;
  rows.registrations!
    .filter((registration) =>
      registration.project_id === projects["acme-web"]!.id && registration.kind === "hours"
      && String(registration.work_date) >= orderedOn && String(registration.work_date) < String(acmeOrderInvoice.issued_on))
    .slice(0, 6)
    .forEach((registration) => {
      registration.order_id = acmeOrder.id;
    });

  // A small real PDF of every sent invoice and quote, and of the order, stored
  // as files are (F-19, F-20): what the portal's "Download PDF" serves.
  const storage = chooseFileStorage();
  const customerNames = new Map((rows.customers ?? []).map((customer) => [customer.id, String(customer.name)]));
  const pdfSources = [
    ...rows.invoices!.filter((row) => row.status !== "draft").map((row) => ({ kind: "invoice" as const, row })),
    ...rows.quotes!.filter((row) => row.status !== "draft").map((row) => ({ kind: "quote" as const, row })),
    { kind: "order" as const, row: acmeOrder },
  ];
  for (const { kind, row } of pdfSources) {
    add("documents", await demoPdfDocument(storage, {
      kind, tenantId, tenantName: "Studio Noord", customerId: String(row.customer_id),
      customerName: customerNames.get(row.customer_id) ?? "", projectId: (row.project_id as string | null) ?? null,
      parentId: String(row.id), number: String(row.number), subject: (row.subject as string | null) ?? null,
      date: String(kind === "order" ? row.ordered_on : row.issued_on),
      until: kind === "invoice" ? String(row.due_on) : kind === "quote" ? String(row.valid_until) : null,
      currency: String(row.currency ?? "EUR"), totalExclVat: row.total_excl_vat as number,
      totalInclVat: kind === "order" ? null : (row.total_incl_vat as number),
    }));
  }

  // Logins: one per address that belongs to a portal.
  const logins: Record<string, Row> = {};
  for (const email of Object.values(DEMO_ADDRESSES)) {
    logins[email] = add("logins", { id: randomUUID(), email });
  }

  const addPortal = (portal: Row, projectKeys: string[], members: Array<[Row, Row]>) => {
    add("portals", portal);
    for (const key of projectKeys) {
      add("portal_projects", { portal_id: portal.id, project_id: projects[key]?.id ?? key, tenant_id: portal.tenant_id });
    }
    for (const [contact, login] of members) {
      add("portal_members", {
        id: randomUUID(), tenant_id: portal.tenant_id, portal_id: portal.id, contact_id: contact.id,
        login_id: login.id, can_approve: true, invited_at: subDays(today, 60), accepted_at: subDays(today, 59),
      });
    }
  };
  const full = {
    show_expenses: true, show_mileage: true, show_budget: true, show_milestones: true,
    show_invoices: true, show_quotes: true, can_approve: true,
  };
  addPortal(
    { id: randomUUID(), tenant_id: tenantId, customer_id: customers.acme!.id, name: "Acme – Website en app",
      language: "nl", hours_visibility: "full", require_signature: true, ...full,
      show_orders: true, order_hours_visibility: "without_description" },
    ["acme-web", "acme-app"],
    [[contacts.anna!, logins[DEMO_ADDRESSES.anna]!], [contacts.bram!, logins[DEMO_ADDRESSES.bram]!]],
  );
  addPortal(
    { id: randomUUID(), tenant_id: tenantId, customer_id: customers.acme!.id, name: "Acme – Huisstijl",
      language: "en", hours_visibility: "without_description", show_budget: true, show_milestones: true },
    ["acme-brand"],
    [[contacts.anna!, logins[DEMO_ADDRESSES.anna]!]],
  );
  addPortal(
    { id: randomUUID(), tenant_id: tenantId, customer_id: customers.globex!.id, name: "Globex",
      language: "nl", hours_visibility: "without_description", require_signature: true, ...full, show_mileage: false },
    ["globex-erp", "globex-campaign"],
    [[contacts.carla!, logins[DEMO_ADDRESSES.carla]!]],
  );

  // --- A second tenant, where Anna is a customer contact too --------------
  const secondTenantId = randomUUID();
  add("tenants", { id: secondTenantId, host_workspace_id: SECOND_TENANT_WORKSPACE, name: "Bureau Zuid", default_language: "en" });
  add("tenant_admins", {
    id: randomUUID(), tenant_id: secondTenantId, host_user_id: "demo-admin",
    email: "admin@bureauzuid.example", name: "Demo admin",
  });
  const secondCustomer = add("customers", {
    id: randomUUID(), tenant_id: secondTenantId, host_id: "cust-acme-nl", name: "Acme Nederland", city: "Eindhoven",
  });
  const secondContact = add("contacts", {
    id: randomUUID(), tenant_id: secondTenantId, customer_id: secondCustomer.id, host_id: "contact-anna",
    first_name: "Anna", last_name: "de Vries", email: DEMO_ADDRESSES.anna,
  });
  const secondEmployee = add("employees", { id: randomUUID(), tenant_id: secondTenantId, host_id: "emp-1", name: "Kees Brouwer" });
  const secondProject = add("projects", {
    id: randomUUID(), tenant_id: secondTenantId, customer_id: secondCustomer.id, host_id: "proj-audit", name: "Security audit",
  });
  add("project_members", { tenant_id: secondTenantId, project_id: secondProject.id, employee_id: secondEmployee.id, joined_at: start });
  for (let i = 0; i < 20; i += 1) {
    const id = randomUUID();
    add("registrations", {
      id, tenant_id: secondTenantId, project_id: secondProject.id, employee_id: secondEmployee.id, task_id: null,
      host_id: `reg-${i}`, kind: "hours", work_date: format(subDays(today, 30 - i), "yyyy-MM-dd"),
      hours: 4, amount: null, distance_km: null, status: i > 14 ? "pending_external" : "approved",
      submitted_at: subDays(today, 28 - i), decided_at: null,
    });
    add("registration_descriptions", { registration_id: id, tenant_id: secondTenantId, project_id: secondProject.id, kind: "hours", description: "Penetratietest" });
  }
  addPortal(
    { id: randomUUID(), tenant_id: secondTenantId, customer_id: secondCustomer.id, name: "Acme Nederland",
      language: "en", hours_visibility: "full" },
    [secondProject.id as string],
    [[secondContact, logins[DEMO_ADDRESSES.anna]!]],
  );

  const order = [
    "tenants", "tenant_admins", "customers", "sites", "contacts", "employees", "projects", "project_members",
    "tasks", "budgets", "milestones", "quotes", "orders", "registrations", "registration_descriptions", "invoices",
    "documents", "logins", "portals", "portal_projects", "portal_members",
  ];
  for (const table of order) {
    // Rows of one shape go in together; columns a row leaves out keep their defaults.
    const byShape = new Map<string, Row[]>();
    for (const row of rows[table] ?? []) {
      const shape = Object.keys(row).join(",");
      byShape.set(shape, [...(byShape.get(shape) ?? []), row]);
    }
    for (const [shape, shapeRows] of byShape) {
      for (let offset = 0; offset < shapeRows.length; offset += 500) {
        await tx`insert into ${tx("public." + table)} ${tx(shapeRows.slice(offset, offset + 500) as Record<string, never>[], shape.split(","))}`;
      }
    }
  }
  return { tenants: 2, registrations: registrationCount + 20, portals: 4 };
}

export async function databaseIsEmpty(tx: Tx): Promise<boolean> {
  const [row] = await tx<{ count: number }[]>`select count(*)::int as count from public.tenants`;
  return row?.count === 0;
}
