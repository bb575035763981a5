import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { asService, closeDatabase } from "../../app/.server/db";
import { startEmbeddedDatabase } from "../../app/.server/db/embedded";
import { migrate } from "../../app/.server/db/migrate";
import { seedDemo } from "../../app/.server/seed/demo";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "embedded" | "server";
  }
}

/**
 * Every run gets a database of its own: an in-memory PGlite, or — when
 * DATABASE_URL names a Postgres server — a new database on that server that
 * is dropped afterwards. Migrated and seeded with the demo once.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL;
  let url: string;
  let kind: "embedded" | "server";
  let teardown: () => Promise<void>;

  if (serverUrl) {
    const name = `portaal_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const testUrl = new URL(serverUrl);
    testUrl.pathname = `/${name}`;
    url = testUrl.toString();
    kind = "server";
    teardown = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    const embedded = await startEmbeddedDatabase({ dataDir: "memory" });
    url = embedded.url;
    kind = "embedded";
    teardown = embedded.stop;
  }

  process.env.DATABASE_URL = url;
  process.env.PORTAAL_DATABASE_KIND = kind;
  // The run's document files: set before the seed stores its files, and inherited by every test worker.
  const filesDir = await mkdtemp(join(tmpdir(), "portaal-test-files-"));
  process.env.FILES_DIR = filesDir;
  await migrate();
  await asService("seed the test database", (tx) => seedDemo(tx));
  await closeDatabase();

  project.provide("databaseUrl", url);
  project.provide("databaseKind", kind);
  return async () => {
    await closeDatabase();
    await teardown();
    await rm(filesDir, { recursive: true, force: true });
  };
}
