import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { readEnvironment, StartupError, type Environment } from "../config/env";
import { asService } from "../db";
import { connectDatabase, type DatabaseConnection } from "../db/connect";
import { migrate } from "../db/migrate";
import { chooseFileStorage } from "../documents/choose-storage";
import { supportsSignedUrls } from "../documents/supabase-storage";
import { databaseIsEmpty, seedDemo } from "../seed/demo";

export type Prepared = { environment: Environment; database: DatabaseConnection; demoMode: boolean };

/**
 * What both `npm start` and `npm run dev` do before serving: connect (or start
 * the embedded database), decide demo mode, settle the secret, migrate, and
 * seed an empty demo database.
 */
export async function prepare(): Promise<Prepared> {
  const environment = readEnvironment();
  const database = await connectDatabase(environment);
  console.log(`portaal: using the ${database.description}`);

  const demoMode = environment.DEMO_MODE ?? database.kind === "embedded";
  process.env.PORTAAL_DEMO_MODE = String(demoMode);
  process.env.AUTH_SECRET = settleAuthSecret(environment, database.kind, demoMode);

  // Supabase Storage: the bucket must exist and be private, or the start stops here.
  const storage = chooseFileStorage();
  if (supportsSignedUrls(storage)) await storage.ensureBucket();

  const migrations = await migrate();
  if (migrations.applied.length > 0) console.log(`portaal: applied ${migrations.applied.length} migration(s)`);
  if (demoMode) {
    const seeded = await asService("seed the demo on an empty database", async (tx) =>
      (await databaseIsEmpty(tx)) ? seedDemo(tx) : null,
    );
    if (seeded) console.log(`portaal: seeded the demo (${seeded.registrations} registrations, ${seeded.portals} portals)`);
  }
  return { environment, database, demoMode };
}

function settleAuthSecret(environment: Environment, kind: "embedded" | "server", demoMode: boolean): string {
  if (environment.AUTH_SECRET) return environment.AUTH_SECRET;
  if (kind === "embedded" && environment.DATA_DIR !== "memory") {
    // The embedded demo keeps its own secret next to its data.
    const dir = resolve(environment.DATA_DIR);
    const file = join(dir, "auth-secret");
    if (existsSync(file)) return readFileSync(file, "utf8").trim();
    mkdirSync(dir, { recursive: true });
    const secret = randomBytes(32).toString("hex");
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
  if (demoMode) return randomBytes(32).toString("hex");
  throw new StartupError("AUTH_SECRET is not set. Set it to 32+ random characters (e.g. `openssl rand -hex 32`).");
}
