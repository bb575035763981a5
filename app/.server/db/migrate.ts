import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { StartupError } from "../config/env";
import { asOwner } from "./pool";

export const MIGRATIONS_DIR = resolve(process.cwd(), "supabase/migrations");

type MigrationFile = { version: string; name: string; file: string; checksum: string; sql: string };

export type MigrationResult = { applied: string[]; alreadyApplied: number };

const FILE_PATTERN = /^(\d{14})_([a-z0-9_]+)\.sql$/;

export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  const files = readdirSync(dir).filter((file) => file.endsWith(".sql")).sort();
  return files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) {
      throw new StartupError(
        `Migration file ${file} is not named <14-digit timestamp>_<name>.sql; rename it.`,
      );
    }
    const sql = readFileSync(join(dir, file), "utf8");
    return {
      version: match[1]!,
      name: match[2]!,
      file,
      sql,
      checksum: createHash("sha256").update(sql).digest("hex"),
    };
  });
}

/**
 * Applies pending migrations in order, each in its own transaction together
 * with its record, so that none is ever half-applied. A file changed after it
 * was applied stops the runner before anything else happens.
 */
export async function migrate(dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = readMigrationFiles(dir);
  await asOwner(async (tx) => {
    await tx.unsafe(`
      create schema if not exists portaal_meta;
      create table if not exists portaal_meta.applied_migrations (
        version text primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      );
      alter table portaal_meta.applied_migrations enable row level security;
    `);
  });

  const applied = await asOwner(
    (tx) => tx<{ version: string; name: string; checksum: string }[]>`
      select version, name, checksum from portaal_meta.applied_migrations order by version`,
  );
  const byVersion = new Map(applied.map((row) => [row.version, row]));
  for (const file of files) {
    const record = byVersion.get(file.version);
    if (record && record.checksum !== file.checksum) {
      throw new StartupError(
        `Migration ${file.file} was changed after it was applied to this database. Restore the original file and put the change in a new migration.`,
      );
    }
  }
  const known = new Set(files.map((file) => file.version));
  const unknown = applied.filter((row) => !known.has(row.version));
  if (unknown.length > 0) {
    throw new StartupError(
      `This database has migration ${unknown[0]!.version}_${unknown[0]!.name} that is not in supabase/migrations: it was made by a newer Portaal. Update the code.`,
    );
  }

  const newlyApplied: string[] = [];
  for (const file of files) {
    if (byVersion.has(file.version)) continue;
    await asOwner(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('portaal.migrations'))`;
      const [already] = await tx`select 1 from portaal_meta.applied_migrations where version = ${file.version}`;
      if (already) return;
      try {
        await tx.unsafe(file.sql);
      } catch (error) {
        throw new StartupError(
          `Migration ${file.file} failed and was rolled back: ${(error as Error).message}`,
        );
      }
      await tx`insert into portaal_meta.applied_migrations (version, name, checksum)
        values (${file.version}, ${file.name}, ${file.checksum})`;
    });
    newlyApplied.push(file.file);
  }
  return { applied: newlyApplied, alreadyApplied: files.length - newlyApplied.length };
}
