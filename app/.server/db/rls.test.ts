/**
 * Who sees what, proven against the real policies on the seeded demo data.
 *
 * Every case runs in one owner transaction that is rolled back at the end, so
 * that cases can disable portals, end sessions or add drafts without touching
 * what other test files see. Inside it, `as(who, …)` switches role and claims
 * exactly as withClaims/asService do.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import { toJwtClaims, type Claims } from "./claims";
import { MIGRATIONS_DIR } from "./migrate";
import { asOwner, type Tx } from "./pool";

type Who = Claims | "anon";

class Rollback extends Error {}

type Scope = {
  tx: Tx;
  /** Runs `fn` with the role and claims of `who`, inside a savepoint (so that an expected error does not end the case). */
  as<T>(who: Who, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** As `as`, but returns the SQLSTATE of the error it expects. */
  errorCode(who: Who, fn: (tx: Tx) => Promise<unknown>): Promise<string | null>;
  /** Opens a live session for a demo address and returns its contact claims. */
  contact(email: string): Promise<Claims>;
  admin(workspace: string): Promise<Claims>;
};

async function inRolledBackCase(fn: (scope: Scope) => Promise<void>): Promise<void> {
  try {
    await asOwner(async (tx) => {
      const as = async <T,>(who: Who, inner: (tx: Tx) => Promise<T>): Promise<T> =>
        (await tx.savepoint(async (sp) => {
          const role = who === "anon" ? "anon" : "authenticated";
          const claims = who === "anon" ? { role: "anon" } : toJwtClaims(who);
          await sp`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
          const result = await inner(sp);
          // Back to the owner for the case's own bookkeeping.
          await sp`reset role`;
          return result;
        })) as T;
      const scope: Scope = {
        tx,
        as,
        async errorCode(who, inner) {
          try {
            await as(who, inner);
            return null;
          } catch (error) {
            return (error as { code?: string }).code ?? String(error);
          }
        },
        async contact(email) {
          const [session] = await tx<{ id: string; loginId: string }[]>`
            insert into public.sessions (login_id, token_hash, expires_at)
            select id, ${randomBytes(32).toString("hex")}, now() + interval '1 day' from public.logins where email = ${email}
            returning id, login_id as "loginId"`;
          return { kind: "contact", loginId: session!.loginId, sessionId: session!.id };
        },
        async admin(workspace) {
          const [row] = await tx<{ tenantId: string; adminId: string }[]>`
            select t.id as "tenantId", a.id as "adminId" from public.tenants t
            join public.tenant_admins a on a.tenant_id = t.id where t.host_workspace_id = ${workspace}`;
          return { kind: "admin", tenantId: row!.tenantId, adminId: row!.adminId };
        },
      };
      await fn(scope);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
}

async function ids(tx: Tx, query: string): Promise<string[]> {
  const rows = await tx.unsafe<{ id: string }[]>(query);
  return rows.map((row) => row.id).sort();
}

async function portalId(tx: Tx, name: string): Promise<string> {
  const [row] = await tx<{ id: string }[]>`select id from public.portals where name = ${name}`;
  return row!.id;
}

describe("row-level security", () => {
  it("is on for every table in public, private and portaal_meta, and every public view is security_invoker", async () => {
    await inRolledBackCase(async ({ tx }) => {
      const tables = await tx<{ name: string; rls: boolean }[]>`
        select n.nspname || '.' || c.relname as name, c.relrowsecurity as rls
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p') and n.nspname in ('public', 'private', 'portaal_meta')
        order by 1`;
      expect(tables.length).toBeGreaterThan(20);
      expect(tables.filter((table) => !table.rls).map((table) => table.name)).toEqual([]);

      const views = await tx<{ name: string; invoker: boolean }[]>`
        select c.relname as name, coalesce(c.reloptions @> array['security_invoker=true'], false) as invoker
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'v' and n.nspname = 'public'`;
      expect(views.length).toBeGreaterThan(0);
      expect(views.filter((view) => !view.invoker).map((view) => view.name)).toEqual([]);
    });
  });

  it("has policy names Postgres keeps whole (at most 63 bytes)", () => {
    const names = readdirSync(MIGRATIONS_DIR).flatMap((file) =>
      [...readFileSync(join(MIGRATIONS_DIR, file), "utf8").matchAll(/create policy "([^"]+)"/g)].map((match) => match[1]!),
    );
    expect(names.length).toBeGreaterThan(30);
    expect(names.filter((name) => Buffer.byteLength(name) > 63)).toEqual([]);
  });

  it("shows anonymous callers nothing in any public table or view", async () => {
    await inRolledBackCase(async ({ tx, as, errorCode }) => {
      const relations = await tx<{ name: string }[]>`
        select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p', 'v') and n.nspname = 'public' order by 1`;
      for (const { name } of relations) {
        const code = await errorCode("anon", (sp) => sp`select count(*) from ${sp("public." + name)}`);
        if (code === null) {
          const [row] = await as("anon", (sp) => sp<{ count: number }[]>`select count(*)::int as count from ${sp("public." + name)}`);
          expect(row!.count, `anon reads rows of public.${name}`).toBe(0);
        } else {
          expect(code, `anon on public.${name}`).toBe("42501");
        }
      }
    });
  });

  describe("shows no row of someone else's scope in any public table or view", () => {
    type Reach = "tenant" | "customer" | "project" | "portal" | "login";
    // Which column of a table names which scope; a table's own id names its own kind.
    const COLUMN_SCOPES: Record<string, Reach> = {
      tenant_id: "tenant", customer_id: "customer", project_id: "project", portal_id: "portal", login_id: "login",
    };
    const OWN_ID_SCOPES: Record<string, Reach> = {
      tenants: "tenant", customers: "customer", projects: "project", portals: "portal", logins: "login",
    };

    /** Every (relation, column, scope) pair whose values must stay inside what the caller may see. */
    async function scopedColumns(tx: Tx) {
      const columns = await tx<{ relation: string; column: string }[]>`
        select c.relname as relation, a.attname as column
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v')
        order by 1, 2`;
      const relations = new Set(columns.map((row) => row.relation));
      const pairs: Array<{ relation: string; column: string; scope: Reach }> = [];
      for (const { relation, column } of columns) {
        const scope = COLUMN_SCOPES[column] ?? (column === "id" ? OWN_ID_SCOPES[relation] : undefined);
        if (scope) pairs.push({ relation, column, scope });
      }
      return { pairs, relations };
    }

    /** The ids of each scope that `allowed` leaves out, read as the owner. */
    async function forbiddenIds(tx: Tx, allowed: Record<Reach, string>): Promise<Record<Reach, string[]>> {
      const read = async (table: string, where: string) =>
        (await tx.unsafe<{ id: string }[]>(`select id::text from public.${table} where not (${where})`)).map((row) => row.id);
      return {
        tenant: await read("tenants", allowed.tenant),
        customer: await read("customers", allowed.customer),
        project: await read("projects", allowed.project),
        portal: await read("portals", allowed.portal),
        login: await read("logins", allowed.login),
      };
    }

    async function expectNothingForbidden(
      scope: { tx: Tx; as: <T>(who: Who, fn: (tx: Tx) => Promise<T>) => Promise<T> },
      who: Who,
      forbidden: Record<Reach, string[]>,
    ) {
      const { pairs, relations } = await scopedColumns(scope.tx);
      expect(relations.size).toBeGreaterThan(20);
      const leaks: string[] = [];
      for (const { relation, column, scope: kind } of pairs) {
        const ids = forbidden[kind];
        if (ids.length === 0) continue;
        const rows = await scope.as(who, (sp) => sp<{ count: number }[]>`
          select count(*)::int as count from ${sp("public." + relation)} where ${sp(column)}::text in ${sp(ids)}`)
          .catch((error: { code?: string }) => {
            // No grant at all is the strongest "nothing".
            if (error.code === "42501") return [{ count: 0 }];
            throw error;
          });
        if (rows[0]!.count > 0) leaks.push(`${relation}.${column}: ${rows[0]!.count}`);
      }
      expect(leaks).toEqual([]);
    }

    const ownLogin = (email: string) => `email = '${email}'`;
    const portalsOf = (email: string) => `id in (select m.portal_id from public.portal_members m join public.logins l on l.id = m.login_id where l.email = '${email}')`;
    const customersOf = (email: string) => `id in (select p.customer_id from public.portals p where p.${portalsOf(email)})`;
    const tenantsOf = (email: string) => `id in (select p.tenant_id from public.portals p where p.${portalsOf(email)})`;
    const projectsOf = (email: string) => `id in (select pp.project_id from public.portal_projects pp where pp.portal_${portalsOf(email)})`;
    const contactScope = (email: string): Record<Reach, string> => ({
      tenant: tenantsOf(email), customer: customersOf(email), project: projectsOf(email),
      portal: portalsOf(email), login: ownLogin(email),
    });

    it("for a contact of another portal of the same customer (Bram)", async () => {
      await inRolledBackCase(async (scope) => {
        const bram = await scope.contact(DEMO_ADDRESSES.bram);
        const forbidden = await forbiddenIds(scope.tx, contactScope(DEMO_ADDRESSES.bram));
        expect(forbidden.portal.length).toBeGreaterThan(0);
        await expectNothingForbidden(scope, bram, forbidden);
      });
    });

    it("for a contact of another customer (Carla)", async () => {
      await inRolledBackCase(async (scope) => {
        const carla = await scope.contact(DEMO_ADDRESSES.carla);
        const forbidden = await forbiddenIds(scope.tx, contactScope(DEMO_ADDRESSES.carla));
        expect(forbidden.customer.length).toBeGreaterThan(0);
        await expectNothingForbidden(scope, carla, forbidden);
      });
    });

    it("for a contact of another tenant (Anna, once only her Bureau Zuid membership is left)", async () => {
      await inRolledBackCase(async (scope) => {
        await scope.tx`update public.portal_members set removed_at = now()
          where tenant_id = (select id from public.tenants where host_workspace_id = ${DEMO_TENANT_WORKSPACE})
            and login_id = (select id from public.logins where email = ${DEMO_ADDRESSES.anna})`;
        const anna = await scope.contact(DEMO_ADDRESSES.anna);
        const forbidden = await forbiddenIds(scope.tx, {
          ...contactScope(DEMO_ADDRESSES.anna),
          tenant: `host_workspace_id = '${SECOND_TENANT_WORKSPACE}'`,
          customer: `tenant_id = (select id from public.tenants where host_workspace_id = '${SECOND_TENANT_WORKSPACE}')`,
          project: `tenant_id = (select id from public.tenants where host_workspace_id = '${SECOND_TENANT_WORKSPACE}')`,
          portal: `tenant_id = (select id from public.tenants where host_workspace_id = '${SECOND_TENANT_WORKSPACE}')`,
        });
        // Studio Noord (and any other tenant) is out of reach; Bureau Zuid is hers.
        const [studio] = await scope.tx<{ id: string }[]>`select id from public.tenants where host_workspace_id = ${DEMO_TENANT_WORKSPACE}`;
        expect(forbidden.tenant).toContain(studio!.id);
        await expectNothingForbidden(scope, anna, forbidden);
      });
    });

    it("for a removed member: nothing but their own login", async () => {
      await inRolledBackCase(async (scope) => {
        await scope.tx`update public.portal_members set removed_at = now()
          where login_id = (select id from public.logins where email = ${DEMO_ADDRESSES.bram})`;
        const bram = await scope.contact(DEMO_ADDRESSES.bram);
        const forbidden = await forbiddenIds(scope.tx, {
          tenant: "false", customer: "false", project: "false", portal: "false", login: ownLogin(DEMO_ADDRESSES.bram),
        });
        await expectNothingForbidden(scope, bram, forbidden);
      });
    });

    it("for an admin of another tenant", async () => {
      await inRolledBackCase(async (scope) => {
        const zuid = await scope.admin(SECOND_TENANT_WORKSPACE);
        const studio = `(select id from public.tenants where host_workspace_id = '${DEMO_TENANT_WORKSPACE}')`;
        const forbidden = await forbiddenIds(scope.tx, {
          tenant: `id <> ${studio}`, customer: `tenant_id <> ${studio}`, project: `tenant_id <> ${studio}`,
          portal: `tenant_id <> ${studio}`,
          // A login belongs to no tenant; an admin meets those of their own members only.
          login: `id in (select m.login_id from public.portal_members m where m.tenant_id <> ${studio})`,
        });
        await expectNothingForbidden(scope, zuid, forbidden);
      });
    });
  });

  it("shows a contact only the registrations of their own portals' projects", async () => {
    await inRolledBackCase(async ({ tx, as, contact }) => {
      for (const email of Object.values(DEMO_ADDRESSES)) {
        const claims = await contact(email);
        const expectedProjects = await ids(tx, `
          select distinct pp.project_id as id from public.portal_projects pp
          join public.portal_members m on m.portal_id = pp.portal_id
          join public.logins l on l.id = m.login_id
          where l.email = '${email}'`);
        const seen = await as(claims, (sp) => sp<{ id: string }[]>`select distinct project_id as id from public.registrations`);
        expect(seen.length, email).toBeGreaterThan(0);
        expect(seen.map((row) => row.id).sort(), email).toEqual(expectedProjects);

        const customers = await as(claims, (sp) => sp<{ name: string }[]>`select name from public.customers order by name`);
        const expectedCustomers = email === DEMO_ADDRESSES.carla ? ["Globex Nederland"]
          : email === DEMO_ADDRESSES.anna ? ["Acme B.V.", "Acme Nederland"] : ["Acme B.V."];
        expect(customers.map((row) => row.name), email).toEqual(expectedCustomers);
      }
    });
  });

  it("masks hour descriptions per portal in the view, even for a contact whose other portal shows them", async () => {
    await inRolledBackCase(async ({ tx, as, contact }) => {
      const anna = await contact(DEMO_ADDRESSES.anna);
      const full = await portalId(tx, "Acme – Website en app");
      const masked = await portalId(tx, "Acme – Huisstijl");
      // Put a project in both portals: the base table then lets Anna read its
      // descriptions, and only the view's per-portal masking hides them.
      await tx`insert into public.portal_projects (portal_id, project_id, tenant_id)
               select ${masked}, project_id, tenant_id from public.portal_projects where portal_id = ${full}
               on conflict do nothing`;

      const fromFull = await as(anna, (sp) => sp<{ described: number; total: number }[]>`
        select count(description)::int as described, count(*)::int as total
        from public.portal_registrations where portal_id = ${full} and kind = 'hours'`);
      expect(fromFull[0]!.total).toBeGreaterThan(0);
      expect(fromFull[0]!.described).toBe(fromFull[0]!.total);

      const fromMasked = await as(anna, (sp) => sp<{ described: number; total: number }[]>`
        select count(description)::int as described, count(*)::int as total
        from public.portal_registrations where portal_id = ${masked} and kind = 'hours'`);
      expect(fromMasked[0]!.total).toBeGreaterThan(fromFull[0]!.total - 1);
      expect(fromMasked[0]!.described).toBe(0);

      // Carla's only portal shows hours without description: the table itself withholds them.
      const carla = await contact(DEMO_ADDRESSES.carla);
      const [descriptions] = await as(carla, (sp) => sp<{ count: number }[]>`
        select count(*)::int as count from public.registration_descriptions where kind = 'hours'`);
      const [hours] = await as(carla, (sp) => sp<{ count: number }[]>`
        select count(*)::int as count from public.registrations where kind = 'hours'`);
      expect(hours!.count).toBeGreaterThan(0);
      expect(descriptions!.count).toBe(0);
    });
  });

  it("never shows a contact an internal cost budget or a draft invoice or quote", async () => {
    await inRolledBackCase(async ({ tx, as, contact, admin }) => {
      const portal = await portalId(tx, "Acme – Website en app");
      const [project] = await tx<{ projectId: string; tenantId: string; customerId: string }[]>`
        select pp.project_id as "projectId", p.tenant_id as "tenantId", p.customer_id as "customerId"
        from public.portal_projects pp join public.portals p on p.id = pp.portal_id where p.id = ${portal} limit 1`;
      const { projectId, tenantId, customerId } = project!;
      await tx`insert into public.budgets (tenant_id, project_id, host_id, budget_type, amount)
               values (${tenantId}, ${projectId}, 'test-costs', 'total_costs', 1000),
                      (${tenantId}, ${projectId}, 'test-fees', 'total_fees', 5000)`;
      await tx`insert into public.invoices (tenant_id, customer_id, host_id, number, status, total_excl_vat, total_incl_vat)
               values (${tenantId}, ${customerId}, 'test-draft', 'CONCEPT-1', 'draft', 10, 12.1),
                      (${tenantId}, ${customerId}, 'test-open', 'F-TEST-1', 'open', 10, 12.1)`;
      await tx`insert into public.quotes (tenant_id, customer_id, host_id, number, status, total_excl_vat, total_incl_vat)
               values (${tenantId}, ${customerId}, 'test-draft', 'CONCEPT-Q', 'draft', 10, 12.1),
                      (${tenantId}, ${customerId}, 'test-open', 'O-TEST-1', 'open', 10, 12.1)`;

      const anna = await contact(DEMO_ADDRESSES.anna);
      const budgets = await as(anna, (sp) => sp<{ host_id: string; budget_type: string }[]>`
        select host_id, budget_type from public.budgets where project_id = ${projectId}`);
      expect(budgets.map((row) => row.host_id)).toContain("test-fees");
      expect(budgets.filter((row) => row.budget_type === "total_costs")).toEqual([]);

      const invoices = await as(anna, (sp) => sp<{ number: string; status: string }[]>`select number, status from public.invoices`);
      expect(invoices.map((row) => row.number)).toContain("F-TEST-1");
      expect(invoices.filter((row) => row.status === "draft")).toEqual([]);
      const quotes = await as(anna, (sp) => sp<{ number: string; status: string }[]>`select number, status from public.quotes`);
      expect(quotes.map((row) => row.number)).toContain("O-TEST-1");
      expect(quotes.filter((row) => row.status === "draft")).toEqual([]);

      // The tenant's admin does see them: the policy narrows contacts only.
      const studio = await admin(DEMO_TENANT_WORKSPACE);
      const adminView = await as(studio, (sp) => sp<{ host_id: string }[]>`
        select host_id from public.budgets where budget_type = 'total_costs' and host_id = 'test-costs'
        union all select host_id from public.invoices where host_id = 'test-draft'`);
      expect(adminView).toHaveLength(2);
    });
  });

  describe("ends a contact's access on the very next statement", () => {
    const cases: Array<[string, (tx: Tx, claims: Extract<Claims, { kind: "contact" }>) => Promise<unknown>]> = [
      ["when the member is removed", (tx, claims) => tx`
        update public.portal_members set removed_at = now() where login_id = ${claims.loginId}`],
      ["when the session is ended", (tx, claims) => tx`
        update public.sessions set ended_at = now(), ended_reason = 'sign_out' where id = ${claims.sessionId}`],
      ["when the session has expired", (tx, claims) => tx`
        update public.sessions set expires_at = now() - interval '1 second' where id = ${claims.sessionId}`],
      ["when the portal is disabled", (tx, claims) => tx`
        update public.portals set status = 'disabled'
        where id in (select portal_id from public.portal_members where login_id = ${claims.loginId})`],
      ["when the tenant is disabled", (tx) => tx`
        update public.tenants set status = 'disabled' where host_workspace_id = ${DEMO_TENANT_WORKSPACE}`],
      ["when the tenant uninstalls Portaal", (tx) => tx`
        update public.tenants set status = 'uninstalled' where host_workspace_id = ${DEMO_TENANT_WORKSPACE}`],
    ];
    for (const [name, revoke] of cases) {
      it(name, async () => {
        await inRolledBackCase(async ({ tx, as, contact }) => {
          const bram = await contact(DEMO_ADDRESSES.bram);
          const visible = async () => as(bram, async (sp) => {
            const [row] = await sp<{ portals: number; registrations: number; customers: number; projects: number }[]>`
              select (select count(*)::int from public.portals) as portals,
                     (select count(*)::int from public.registrations) as registrations,
                     (select count(*)::int from public.customers) as customers,
                     (select count(*)::int from public.projects) as projects`;
            return row!;
          });
          const before = await visible();
          expect(before.portals).toBe(1);
          expect(before.registrations).toBeGreaterThan(0);
          await revoke(tx, bram as Extract<Claims, { kind: "contact" }>);
          expect(await visible()).toEqual({ portals: 0, registrations: 0, customers: 0, projects: 0 });
        });
      });
    }
  });

  it("takes a project the host deletes out of every portal at once", async () => {
    await inRolledBackCase(async ({ tx, as, contact }) => {
      const bram = await contact(DEMO_ADDRESSES.bram);
      const projects = async () => as(bram, (sp) => sp<{ id: string }[]>`select distinct project_id as id from public.registrations`);
      const before = await projects();
      expect(before.length).toBeGreaterThan(1);
      await tx`update public.projects set deleted_at = now() where id = ${before[0]!.id}`;
      const after = await projects();
      expect(after.map((row) => row.id)).not.toContain(before[0]!.id);
      expect(after).toHaveLength(before.length - 1);
      const [left] = await tx<{ count: number }[]>`
        select count(*)::int as count from public.portal_projects where project_id = ${before[0]!.id}`;
      expect(left!.count).toBe(0);
    });
  });

  it("claims naming a session of another login are worth nothing", async () => {
    await inRolledBackCase(async ({ as, contact }) => {
      const anna = await contact(DEMO_ADDRESSES.anna);
      const carla = await contact(DEMO_ADDRESSES.carla);
      if (anna.kind !== "contact" || carla.kind !== "contact") throw new Error("unreachable");
      const forged: Claims = { kind: "contact", loginId: anna.loginId, sessionId: carla.sessionId };
      expect(await as(forged, (sp) => sp`select id from public.portals`)).toHaveLength(0);
    });
  });

  it("keeps an admin inside their own tenant: reads, updates and inserts", async () => {
    await inRolledBackCase(async ({ tx, as, errorCode, admin }) => {
      const zuid = await admin(SECOND_TENANT_WORKSPACE);
      const studio = await admin(DEMO_TENANT_WORKSPACE);
      const studioPortal = await portalId(tx, "Acme – Website en app");

      const zuidPortals = await as(zuid, (sp) => sp<{ name: string }[]>`select name from public.portals order by name`);
      expect(zuidPortals.map((row) => row.name)).toEqual(["Acme Nederland"]);
      const [studioRegistrations] = await as(zuid, (sp) => sp<{ count: number }[]>`
        select count(*)::int as count from public.registrations r
        join public.tenants t on t.id = r.tenant_id where t.host_workspace_id = ${DEMO_TENANT_WORKSPACE}`);
      expect(studioRegistrations!.count).toBe(0);

      const updated = await as(zuid, (sp) => sp`update public.portals set name = 'Overgenomen' where id = ${studioPortal} returning id`);
      expect(updated).toHaveLength(0);
      const deleted = await as(zuid, (sp) => sp`delete from public.portal_members where portal_id = ${studioPortal} returning id`);
      expect(deleted).toHaveLength(0);

      if (studio.kind !== "admin") throw new Error("unreachable");
      const [customer] = await tx<{ id: string }[]>`select id from public.customers where tenant_id = ${studio.tenantId} limit 1`;
      const insertCode = await errorCode(zuid, (sp) => sp`
        insert into public.portals (tenant_id, customer_id, name) values (${studio.tenantId}, ${customer!.id}, 'Binnengedrongen')`);
      expect(insertCode).toBe("42501");

      // The same statements work for the tenant's own admin.
      const own = await as(studio, (sp) => sp`update public.portals set name = 'Hernoemd' where id = ${studioPortal} returning id`);
      expect(own).toHaveLength(1);
    });
  });

  it("lets contacts write nothing directly", async () => {
    await inRolledBackCase(async ({ tx, as, errorCode, contact }) => {
      const anna = await contact(DEMO_ADDRESSES.anna);
      const portal = await portalId(tx, "Acme – Website en app");
      const updated = await as(anna, (sp) => sp`update public.portals set can_approve = false where id = ${portal} returning id`);
      expect(updated).toHaveLength(0);
      expect(await errorCode(anna, (sp) => sp`update public.registrations set status = 'approved'`)).toBe("42501");
      expect(await errorCode(anna, (sp) => sp`delete from public.sessions`)).toBe("42501");
      expect(await errorCode(anna, (sp) => sp`insert into public.audit_log (actor_kind, action) values ('contact', 'forged')`)).toBe("42501");
      const [registrations] = await as(anna, (sp) => sp<{ count: number }[]>`select count(*)::int as count from public.registrations`);
      expect(registrations!.count).toBeGreaterThan(0);
    });
  });
});
