import { addDays, format, subDays } from "date-fns";
import { pick, seededRandom } from "../../seed/random";

export type SimulatedEvent = { type: string; data: Record<string, unknown> };

export type DatasetSize = { customers: number; projectsPerCustomer: number; employees: number; registrations: number };

const FIRST = ["Sanne", "Daan", "Lotte", "Ruben", "Noor", "Thijs", "Eva", "Milan", "Julia", "Sem", "Fenna", "Lars"];
const LAST = ["Bakker", "Visser", "Mulder", "de Boer", "Hendriks", "Smit", "de Vries", "Jansen", "Meijer", "Bos"];
const COMPANIES = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Wonka", "Tyrell"];
const TASKS = ["Ontwerp", "Ontwikkeling", "Overleg", "Testen", "Projectmanagement"];

/**
 * A realistic stream of host events in the order a host would send them:
 * customers with contacts and sites, employees, projects with their team,
 * tasks, budgets and milestones, registrations (some updated later, some
 * submitted for customer approval), invoices, quotes, and a few deletes.
 * Deterministic per seed.
 */
export function generateHostDataset(size: DatasetSize, seed = 1, today = new Date()): SimulatedEvent[] {
  const random = seededRandom(seed);
  const events: SimulatedEvent[] = [];
  const version = new Map<string, number>();
  const next = (key: string) => {
    const value = (version.get(key) ?? 0) + 1;
    version.set(key, value);
    return value;
  };
  const emit = (entity: string, action: "created" | "updated" | "deleted", data: Record<string, unknown>) => {
    const key = entity === "project_member" ? `${entity}:${String(data.project_id)}:${String(data.employee_id)}` : `${entity}:${String(data.id)}`;
    events.push({ type: `${entity}.${action}`, data: action === "deleted" ? data : { ...data, version: next(key) } });
  };

  const employees = Array.from({ length: size.employees }, (_, index) => {
    const name = `${pick(random, FIRST)} ${pick(random, LAST)}`;
    const employee = { id: `emp-${index + 1}`, name, email: `${name.split(" ")[0]!.toLowerCase()}${index + 1}@bureau.example` };
    emit("employee", "created", employee);
    return employee;
  });

  const projects: Array<{ id: string; customer: string; team: string[]; tasks: string[] }> = [];
  for (let c = 1; c <= size.customers; c += 1) {
    const company = `${pick(random, COMPANIES)} ${c}`;
    const customer = { id: `cust-${c}`, name: `${company} B.V.`, email: `info@cust${c}.example`, city: "Utrecht", country: "NL" };
    emit("customer", "created", customer);
    for (let k = 1; k <= 2; k += 1) {
      emit("contact", "created", {
        id: `contact-${c}-${k}`, customer_id: customer.id, first_name: pick(random, FIRST), last_name: pick(random, LAST),
        email: `contact${k}@cust${c}.example`, job_title: k === 1 ? "Directeur" : "Projectleider",
      });
    }
    emit("site", "created", { id: `site-${c}`, customer_id: customer.id, name: "Hoofdkantoor", city: "Utrecht" });
    for (let p = 1; p <= size.projectsPerCustomer; p += 1) {
      const id = `proj-${c}-${p}`;
      emit("project", "created", { id, customer_id: customer.id, name: `${company} project ${p}`, code: `P${c}${p}`, status: "active" });
      const team = Array.from({ length: 3 }, () => pick(random, employees).id).filter((value, index, all) => all.indexOf(value) === index);
      for (const employee of team) {
        emit("project_member", "created", {
          id: `${id}:${employee}`, project_id: id, employee_id: employee, joined_at: subDays(today, 120).toISOString(),
        });
      }
      const tasks = TASKS.slice(0, 3).map((name, index) => {
        const task = { id: `${id}-task-${index + 1}`, project_id: id, name };
        emit("task", "created", task);
        return task.id;
      });
      emit("budget", "created", { id: `${id}-budget`, project_id: id, budget_type: "total_hours", hours: 400 });
      emit("milestone", "created", { id: `${id}-m1`, project_id: id, name: "Oplevering", due_on: format(addDays(today, 30), "yyyy-MM-dd") });
      projects.push({ id, customer: customer.id, team, tasks });
    }
    emit("invoice", "created", {
      id: `inv-${c}`, customer_id: customer.id, number: `F-${1000 + c}`, status: "open",
      issued_on: format(subDays(today, 20), "yyyy-MM-dd"), due_on: format(addDays(today, 10), "yyyy-MM-dd"),
      total_excl_vat: 1250, total_incl_vat: 1512.5,
    });
    emit("quote", "created", {
      id: `quote-${c}`, customer_id: customer.id, number: `O-${2000 + c}`, status: "open", total_excl_vat: 5000, total_incl_vat: 6050,
    });
  }

  const registrations: Array<Record<string, unknown>> = [];
  for (let r = 1; r <= size.registrations; r += 1) {
    const project = pick(random, projects);
    const registration = {
      id: `reg-${r}`, project_id: project.id, employee_id: pick(random, project.team), task_id: pick(random, project.tasks),
      kind: "hours", work_date: format(subDays(today, Math.floor(random() * 90)), "yyyy-MM-dd"),
      hours: Math.round((1 + random() * 7) * 4) / 4, status: "open", description: `Werk aan ${project.id}`,
    };
    emit("registration", "created", registration);
    registrations.push(registration);
  }
  // Later: some are corrected, some submitted for the customer's approval, a few deleted.
  for (const registration of registrations) {
    const roll = random();
    if (roll < 0.15) emit("registration", "updated", { ...registration, hours: Number(registration.hours) + 0.5, description: "Gecorrigeerd" });
    else if (roll < 0.35) emit("registration", "updated", { ...registration, status: "pending_external", submitted_at: today.toISOString() });
    else if (roll < 0.38) emit("registration", "deleted", { id: registration.id });
  }
  emit("customer", "updated", { id: "cust-1", name: "Hernoemd 1 B.V.", email: "info@cust1.example", city: "Amsterdam", country: "NL" });
  return events;
}

/** A workspace's install event. */
export function installEvent(workspaceId: string, name: string): Record<string, unknown> {
  return {
    type: "app.installed", workspace_id: workspaceId, timestamp: new Date().toISOString(),
    data: { name, admin_email: `admin@${workspaceId}.example`, admin_user_id: "host-admin-1", admin_name: "Host admin", language: "nl" },
  };
}

/** Events in batches of at most `size`, as the host sends them. */
export function batches(workspaceId: string, events: SimulatedEvent[], size = 1000): Array<Record<string, unknown>> {
  const result: Array<Record<string, unknown>> = [];
  for (let offset = 0; offset < events.length; offset += size) {
    result.push({ type: "batch", workspace_id: workspaceId, timestamp: new Date().toISOString(), events: events.slice(offset, offset + size) });
  }
  return result;
}
