import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StartupError } from "../config/env";
import { MIGRATIONS_DIR, migrate, readMigrationFiles } from "./migrate";
import { asOwner } from "./pool";

// The test database already has the real migrations; these run a copy of them
// plus migrations of their own, dated far in the future so that they sort last.
const dir = mkdtempSync(join(tmpdir(), "portaal-migrations-"));
cpSync(MIGRATIONS_DIR, dir, { recursive: true });
const PROBE = "29991231000000_migrate_probe.sql";
const BROKEN = "29991231000100_broken.sql";

afterAll(async () => {
  await asOwner(async (tx) => {
    await tx`drop table if exists public.migrate_probe, public.half_applied`;
    await tx`delete from portaal_meta.applied_migrations where version like '2999%'`;
  });
  rmSync(dir, { recursive: true, force: true });
});

async function failure(run: Promise<unknown>): Promise<StartupError> {
  const error = await run.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(StartupError);
  return error as StartupError;
}

describe("the migration runner", () => {
  it("applies only what is new, once, and records it", async () => {
    writeFileSync(join(dir, PROBE), "create table public.migrate_probe (id int primary key);\nalter table public.migrate_probe enable row level security;\n");
    expect(await migrate(dir)).toEqual({ applied: [PROBE], alreadyApplied: readMigrationFiles().length });
    expect(await migrate(dir)).toEqual({ applied: [], alreadyApplied: readMigrationFiles().length + 1 });
    const [row] = await asOwner((tx) => tx<{ name: string }[]>`
      select name from portaal_meta.applied_migrations where version = '29991231000000'`);
    expect(row?.name).toBe("migrate_probe");
  });

  it("stops with a clear message when an applied file was changed", async () => {
    writeFileSync(join(dir, PROBE), "create table public.migrate_probe (id bigint primary key);\n");
    const error = await failure(migrate(dir));
    expect(error.message).toBe(
      `Migration ${PROBE} was changed after it was applied to this database. Restore the original file and put the change in a new migration.`,
    );
    writeFileSync(join(dir, PROBE), "create table public.migrate_probe (id int primary key);\nalter table public.migrate_probe enable row level security;\n");
  });

  it("rolls a failing migration back completely and does not record it", async () => {
    writeFileSync(join(dir, BROKEN), "create table public.half_applied (id int);\nselect 1 / 0;\n");
    const error = await failure(migrate(dir));
    expect(error.message).toMatch(new RegExp(`^Migration ${BROKEN} failed and was rolled back: division by zero`));
    const [state] = await asOwner((tx) => tx<{ table: string | null; recorded: number }[]>`
      select to_regclass('public.half_applied')::text as table,
             (select count(*)::int from portaal_meta.applied_migrations where version = '29991231000100') as recorded`);
    expect(state).toEqual({ table: null, recorded: 0 });
    rmSync(join(dir, BROKEN));
  });

  it("refuses a database that has migrations this code does not know", async () => {
    rmSync(join(dir, PROBE));
    const error = await failure(migrate(dir));
    expect(error.message).toMatch(/^This database has migration 29991231000000_migrate_probe that is not in supabase\/migrations/);
  });

  it("refuses a migration file that is not named <timestamp>_<name>.sql", () => {
    writeFileSync(join(dir, "add-things.sql"), "select 1;\n");
    expect(() => readMigrationFiles(dir)).toThrow(/Migration file add-things.sql is not named <14-digit timestamp>_<name>.sql/);
    rmSync(join(dir, "add-things.sql"));
  });
});
