/**
 * The benchmark's dataset, generated inside Postgres with set-based SQL.
 *
 * Ids are derived from a number (`md5('bench-project-17')::uuid`) so that every
 * step can refer to the rows of an earlier one without reading them back.
 * Registrations get random ids and are inserted in time order (the way a live
 * system receives them), so one project's rows are spread over the table.
 *
 * Tenant A ("Bench Agency") is the large one:
 *   250 customers × 4 contacts (one login each), 200 employees,
 *   1,000 projects (4 per customer) × 8 project members × 5 tasks,
 *   2,000 portals (8 per customer) with 1–3 of their customer's projects and
 *   2 members each (every contact is a member of ~4 portals),
 *   1,000,000 registrations over two years (88 % hours, 8 % expenses,
 *   4 % mileage; approved / pending_external / open by age), skewed over
 *   projects (from ~500 to ~31,000 per project), each with a description.
 * Tenant B ("Bench Other") is small, and shares six logins with tenant A, so
 * the policies have another tenant's portals and rows to exclude.
 */

export const DATASET = {
  customers: 250,
  contactsPerCustomer: 4,
  employees: 200,
  projects: 1_000,
  membersPerProject: 8,
  tasksPerProject: 5,
  portals: 2_000,
  registrations: 1_000_000,
  registrationBatches: 4,
  firstDay: "2024-11-22",
  days: 730,
  otherTenant: { customers: 3, employees: 10, projects: 10, portals: 6, registrations: 5_000 },
} as const;

const TENANT_A = "md5('bench-tenant-1')::uuid";
const TENANT_B = "md5('bench-tenant-2')::uuid";

/** `md5('bench-<kind>-' || (expr))::uuid`: the id of row number `expr` of a kind. */
function id(kind: string, expr: string): string {
  return `md5('bench-${kind}-' || (${expr}))::uuid`;
}

export type Step = { name: string; sql: string };

export function generationSteps(): Step[] {
  const d = DATASET;
  const o = d.otherTenant;
  const contactsA = d.customers * d.contactsPerCustomer;
  const firstCustomerB = d.customers + 1;
  const firstProjectB = d.projects + 1;
  const firstEmployeeB = d.employees + 1;
  const firstPortalB = d.portals + 1;
  const firstContactB = contactsA + 1;
  const perBatch = d.registrations / d.registrationBatches;

  const steps: Step[] = [];

  steps.push({
    name: "tenants",
    sql: `
      insert into public.tenants (id, host_workspace_id, name, approval_workflow)
      values (${TENANT_A}, 'bench-workspace-1', 'Bench Agency', 'internal_external'),
             (${TENANT_B}, 'bench-workspace-2', 'Bench Other', 'internal')`,
  });

  steps.push({
    name: `customers (${d.customers} + ${o.customers})`,
    sql: `
      insert into public.customers (id, tenant_id, host_id, name, city)
      select ${id("customer", "c")}, case when c <= ${d.customers} then ${TENANT_A} else ${TENANT_B} end,
             'customer-' || c, 'Customer ' || c, (array['Amsterdam','Rotterdam','Utrecht','Eindhoven'])[1 + c % 4]
      from generate_series(1, ${d.customers + o.customers}) c`,
  });

  // Tenant A: contact k belongs to customer (k-1)/4+1 and has login k.
  // Tenant B: two contacts per customer, reusing the logins (and addresses) of
  // tenant A's contacts 1..6: one person, portals at two tenants (F-11).
  steps.push({
    name: `logins and contacts (${contactsA} + ${o.customers * 2})`,
    sql: `
      insert into public.logins (id, email, preferred_language)
      select ${id("login", "k")}, 'contact' || k || '@customer' || ((k - 1) / ${d.contactsPerCustomer} + 1) || '.example',
             case when k % 5 = 0 then 'en' else 'nl' end
      from generate_series(1, ${contactsA}) k;

      insert into public.contacts (id, tenant_id, customer_id, host_id, first_name, last_name, email)
      select ${id("contact", "k")}, ${TENANT_A}, ${id("customer", `(k - 1) / ${d.contactsPerCustomer} + 1`)},
             'contact-' || k, 'First' || k, 'Last' || k,
             'contact' || k || '@customer' || ((k - 1) / ${d.contactsPerCustomer} + 1) || '.example'
      from generate_series(1, ${contactsA}) k;

      insert into public.contacts (id, tenant_id, customer_id, host_id, first_name, last_name, email)
      select ${id("contact", "k")}, ${TENANT_B}, ${id("customer", `${firstCustomerB} + (k - ${firstContactB}) / 2`)},
             'contact-' || k, 'First' || k, 'Last' || k, l.email
      from generate_series(${firstContactB}, ${firstContactB + o.customers * 2 - 1}) k
      join public.logins l on l.id = ${id("login", `k - ${contactsA}`)}`,
  });

  steps.push({
    name: `employees (${d.employees} + ${o.employees})`,
    sql: `
      insert into public.employees (id, tenant_id, host_id, name, email)
      select ${id("employee", "e")}, case when e <= ${d.employees} then ${TENANT_A} else ${TENANT_B} end,
             'employee-' || e, 'Employee ' || e, 'employee' || e || '@bench.example'
      from generate_series(1, ${d.employees + o.employees}) e`,
  });

  // Project p of tenant A belongs to customer (p-1) % 250 + 1: customer c has
  // projects c, c+250, c+500, c+750.
  steps.push({
    name: `projects (${d.projects} + ${o.projects})`,
    sql: `
      insert into public.projects (id, tenant_id, customer_id, host_id, name, code, status, starts_on)
      select ${id("project", "p")}, ${TENANT_A}, ${id("customer", `(p - 1) % ${d.customers} + 1`)},
             'project-' || p, 'Project ' || p, 'P' || lpad(p::text, 5, '0'),
             case when p % 23 = 0 then 'completed' else 'active' end, date '${d.firstDay}'
      from generate_series(1, ${d.projects}) p;

      insert into public.projects (id, tenant_id, customer_id, host_id, name, code, starts_on)
      select ${id("project", "p")}, ${TENANT_B}, ${id("customer", `${firstCustomerB} + (p - ${firstProjectB}) % ${o.customers}`)},
             'project-' || p, 'Project ' || p, 'P' || lpad(p::text, 5, '0'), date '${d.firstDay}'
      from generate_series(${firstProjectB}, ${firstProjectB + o.projects - 1}) p`,
  });

  // Project members: tenant A project p has employees ((p*7 + j*13) % 200) + 1
  // for j = 0..7 (distinct: 13 is coprime with 200); registrations pick from them.
  steps.push({
    name: "project members and tasks",
    sql: `
      insert into public.project_members (tenant_id, project_id, employee_id, joined_at, left_at)
      select ${TENANT_A}, ${id("project", "p")}, ${id("employee", `(p * 7 + j * 13) % ${d.employees} + 1`)},
             timestamptz '${d.firstDay}', case when j = 7 and p % 3 = 0 then timestamptz '${d.firstDay}' + interval '300 days' end
      from generate_series(1, ${d.projects}) p, generate_series(0, ${d.membersPerProject - 1}) j;

      insert into public.project_members (tenant_id, project_id, employee_id, joined_at)
      select ${TENANT_B}, ${id("project", "p")}, ${id("employee", `${firstEmployeeB} + (p * 7 + j * 13) % ${o.employees}`)},
             timestamptz '${d.firstDay}'
      from generate_series(${firstProjectB}, ${firstProjectB + o.projects - 1}) p, generate_series(0, 3) j;

      insert into public.tasks (id, tenant_id, project_id, host_id, name)
      select ${id("task", `(p - 1) * ${d.tasksPerProject} + t + 1`)},
             case when p <= ${d.projects} then ${TENANT_A} else ${TENANT_B} end, ${id("project", "p")},
             'task-' || ((p - 1) * ${d.tasksPerProject} + t + 1),
             (array['Design','Development','Project management','Testing','Support'])[t + 1]
      from generate_series(1, ${d.projects + o.projects}) p, generate_series(0, ${d.tasksPerProject - 1}) t`,
  });

  // Portal n of tenant A: customer c = (n-1) % 250 + 1, q = (n-1) / 250 (0..7);
  // projects c + 250 * ((q + i) % 4) for i = 0 .. q % 3 (1–3 projects);
  // members: contacts (c-1)*4 + (q + j) % 4 + 1 for j = 0, 1.
  // Settings vary with n: 10 % hide hours, 40 % show them in full, 1 in 7 show
  // only what awaits approval, 1 in 50 is disabled.
  const portalSettings = `
      case when n % 10 = 0 then 'hidden' when n % 10 <= 4 then 'full' else 'without_description' end,
      n % 3 = 0, n % 4 = 0, n % 5 = 0, n % 7 = 0, n % 2 = 0,
      case when n % 50 = 0 then 'disabled' else 'active' end`;
  steps.push({
    name: `portals (${d.portals} + ${o.portals}) with their projects`,
    sql: `
      insert into public.portals (id, tenant_id, customer_id, name, hours_visibility, show_expenses, show_mileage,
                                  show_budget, only_pending_approval, can_approve, status)
      select ${id("portal", "n")}, ${TENANT_A}, ${id("customer", `(n - 1) % ${d.customers} + 1`)}, 'Portal ' || n,
             ${portalSettings}
      from generate_series(1, ${d.portals}) n;

      insert into public.portals (id, tenant_id, customer_id, name, hours_visibility, show_expenses, show_mileage,
                                  show_budget, only_pending_approval, can_approve, status)
      select ${id("portal", "n")}, ${TENANT_B}, ${id("customer", `${firstCustomerB} + (n - ${firstPortalB}) / 2`)}, 'Portal ' || n,
             ${portalSettings}
      from generate_series(${firstPortalB}, ${firstPortalB + o.portals - 1}) n;

      insert into public.portal_projects (portal_id, project_id, tenant_id)
      select ${id("portal", "n")}, ${id("project", `(n - 1) % ${d.customers} + 1 + ${d.customers} * (((n - 1) / ${d.customers} + i) % 4)`)}, ${TENANT_A}
      from generate_series(1, ${d.portals}) n, generate_series(0, 2) i
      where i <= ((n - 1) / ${d.customers}) % 3;

      insert into public.portal_projects (portal_id, project_id, tenant_id)
      select ${id("portal", "n")}, ${id("project", "p")}, ${TENANT_B}
      from generate_series(${firstPortalB}, ${firstPortalB + o.portals - 1}) n,
           generate_series(${firstProjectB}, ${firstProjectB + o.projects - 1}) p
      where (p - ${firstProjectB}) % ${o.customers} = (n - ${firstPortalB}) / 2`,
  });

  steps.push({
    name: "portal members",
    sql: `
      insert into public.portal_members (tenant_id, portal_id, contact_id, login_id, can_approve,
                                         invited_at, accepted_at, removed_at)
      select ${TENANT_A}, ${id("portal", "n")}, ${id("contact", "k")}, ${id("login", "k")}, n % 2 = 0,
             timestamptz '${d.firstDay}', timestamptz '${d.firstDay}' + interval '1 day',
             case when (n + j) % 29 = 0 then timestamptz '${d.firstDay}' + interval '200 days' end
      from generate_series(1, ${d.portals}) n, generate_series(0, 1) j,
           lateral (select ((n - 1) % ${d.customers}) * ${d.contactsPerCustomer} + ((n - 1) / ${d.customers} + j) % 4 + 1 as k) c;

      insert into public.portal_members (tenant_id, portal_id, contact_id, login_id, invited_at, accepted_at)
      select ${TENANT_B}, ${id("portal", "n")}, ${id("contact", "k")}, ${id("login", `k - ${contactsA}`)},
             timestamptz '${d.firstDay}', timestamptz '${d.firstDay}' + interval '1 day'
      from generate_series(${firstPortalB}, ${firstPortalB + o.portals - 1}) n, generate_series(0, 1) j,
           lateral (select ${firstContactB} + ((n - ${firstPortalB}) / 2) * 2 + j as k) c`,
  });

  for (let batch = 0; batch < d.registrationBatches; batch++) {
    const first = batch * perBatch + 1;
    const last = (batch + 1) * perBatch;
    steps.push({
      name: `registrations ${first.toLocaleString("en")}–${last.toLocaleString("en")}`,
      sql: registrationsSql({
        tenant: TENANT_A,
        first,
        last,
        base: 1,
        total: d.registrations,
        project: `1 + floor(${d.projects} * power(random(), 2))::int`,
        employee: `(x.p * 7 + x.j * 13) % ${d.employees} + 1`,
        members: d.membersPerProject,
      }),
    });
  }
  steps.push({
    name: `registrations of the other tenant (${o.registrations})`,
    sql: registrationsSql({
      tenant: TENANT_B,
      first: d.registrations + 1,
      last: d.registrations + o.registrations,
      base: d.registrations + 1,
      total: o.registrations,
      project: `${firstProjectB} + floor(random() * ${o.projects})::int`,
      employee: `${firstEmployeeB} + (x.p * 7 + x.j * 13) % ${o.employees}`,
      members: 4,
    }),
  });

  steps.push({
    name: `registration descriptions (${(d.registrations + o.registrations).toLocaleString("en")})`,
    sql: `
      insert into public.registration_descriptions (registration_id, tenant_id, project_id, kind, description)
      select r.id, r.tenant_id, r.project_id, r.kind,
             (array['Design review','Development of the checkout','Meeting with the client','Testing the release',
                    'Deployment','Support ticket','Travel to the site','Documentation'])[1 + (hashtext(r.host_id) & 7)]
             || ' (' || r.host_id || ')'
      from public.registrations r`,
  });

  return steps;
}

/**
 * Registrations number `first`..`last`, in time order over the two years.
 * Older ones are almost all approved; the last two months are a mix of open,
 * awaiting the customer (pending_external) and approved. 0.5 % are deleted.
 */
function registrationsSql(options: {
  tenant: string;
  first: number;
  last: number;
  /** The first number and the size of the whole series the batch belongs to (spread over the two years). */
  base: number;
  total: number;
  project: string;
  employee: string;
  members: number;
}): string {
  const d = DATASET;
  const lastDay = `(date '${d.firstDay}' + ${d.days})`;
  return `
    insert into public.registrations (tenant_id, project_id, employee_id, task_id, host_id, deleted_at, kind,
      work_date, hours, amount, currency, distance_km, status, submitted_at, decided_at, created_at, updated_at)
    select ${options.tenant}, ${id("project", "x.p")}, ${id("employee", options.employee)},
           case when x.rt < 0.1 then null else ${id("task", `(x.p - 1) * ${d.tasksPerProject} + x.t + 1`)} end,
           'reg-' || x.g,
           case when x.rd < 0.005 then x.wd + interval '3 days' end,
           x.kind, x.wd,
           case when x.kind = 'hours' then round((0.25 + x.rv * 7.75)::numeric * 4) / 4 end,
           case when x.kind = 'expense' then round((5 + x.rv * 495)::numeric, 2)
                when x.kind = 'mileage' then round((x.rv * 100)::numeric * 0.23, 2) end,
           'EUR',
           case when x.kind = 'mileage' then round((1 + x.rv * 199)::numeric, 1) end,
           x.status,
           case when x.status <> 'open' then x.wd + interval '1 day' end,
           case when x.status = 'approved' then x.wd + interval '8 days' end,
           x.wd + interval '18 hours', x.wd + interval '18 hours'
    from (
      select y.*,
             case when y.rk < 0.88 then 'hours' when y.rk < 0.96 then 'expense' else 'mileage' end as kind,
             case when ${lastDay} - y.wd > 60
                  then case when y.rs < 0.94 then 'approved' when y.rs < 0.97 then 'pending_external' else 'open' end
                  else case when y.rs < 0.3 then 'approved' when y.rs < 0.7 then 'pending_external' else 'open' end
             end as status
      from (
        select g, ${options.project} as p, floor(random() * ${options.members})::int as j,
               floor(random() * ${d.tasksPerProject})::int as t,
               random() as rt, random() as rk, random() as rs, random() as rd, random() as rv,
               date '${d.firstDay}' + ((g - ${options.base})::bigint * ${d.days} / ${options.total})::int as wd
        from generate_series(${options.first}, ${options.last}) g
        offset 0
      ) y
    ) x`;
}
