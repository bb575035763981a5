import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { closeDatabase } from "../app/.server/db";
import { migrate } from "../app/.server/db/migrate";

/**
 * Runs `fn` against a new, migrated database on the benchmark's Postgres
 * server (BENCH_DATABASE_URL), made the app's database for the time being,
 * and drops it afterwards.
 */
export async function withFreshDatabase<T>(fn: () => Promise<T>): Promise<T> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `portaal_bench_${randomBytes(4).toString("hex")}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  process.env.DATABASE_URL = url.toString();
  process.env.PORTAAL_DATABASE_KIND = "server";
  try {
    await migrate();
    return await fn();
  } finally {
    await closeDatabase();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
  }
}
