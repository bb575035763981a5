import postgres from "postgres";
import { StartupError } from "../config/env";
import { toJwtClaims, type Claims } from "./claims";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

type PoolState = { sql: Sql; url: string };

// One pool per process, also when Vite's dev server re-evaluates this module or
// when the server build and the CLI each carry a copy of it.
const POOL_KEY = Symbol.for("portaal.db.pool");
const globalStore = globalThis as unknown as { [POOL_KEY]?: PoolState };

export function isEmbeddedDatabase(): boolean {
  return process.env.PORTAAL_DATABASE_KIND === "embedded";
}

function createPool(url: string): Sql {
  const embedded = isEmbeddedDatabase();
  return postgres(url, {
    // PGlite is one backend: one connection, and no named prepared statements
    // that another client of the same backend could collide with.
    max: embedded ? 1 : Number(process.env.DATABASE_POOL_SIZE ?? 10),
    prepare: !embedded,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    connection: { application_name: "portaal" },
  });
}

function pool(): Sql {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new StartupError("No database configured: start through `npm start`, or set DATABASE_URL.");
  }
  const existing = globalStore[POOL_KEY];
  if (existing && existing.url === url) return existing.sql;
  if (existing) void existing.sql.end({ timeout: 1 });
  const sql = createPool(url);
  globalStore[POOL_KEY] = { sql, url };
  return sql;
}

/**
 * Runs `fn` in a transaction as the `authenticated` role with the caller's
 * claims: every statement inside is subject to row-level security.
 */
export async function withClaims<T>(claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const jwtClaims = JSON.stringify(toJwtClaims(claims));
  return (await pool().begin(async (tx) => {
    // set_config(…, true) is `set local`: both end with the transaction.
    await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${jwtClaims}, true)`;
    return fn(tx);
  })) as T;
}

/**
 * The one explicit bypass of row-level security, for system work (sign-in
 * bookkeeping, delivery, seeding, host webhooks). Say why; the reason is
 * visible to the database for the transaction.
 */
export async function asService<T>(reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!reason.trim()) throw new Error("asService needs a reason");
  const jwtClaims = JSON.stringify({ role: "service_role", reason });
  return (await pool().begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${jwtClaims}, true)`;
    return fn(tx);
  })) as T;
}

/**
 * The bypass inside a caller's transaction, for the system's share of what the
 * caller does: the audit entry, the queued e-mails and host events that must
 * commit or roll back together with the caller's change (a decision with its
 * notifications). The caller's role and claims are restored afterwards.
 */
export async function asServiceWithin<T>(tx: Tx, reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!reason.trim()) throw new Error("asServiceWithin needs a reason");
  const [before] = await tx<{ role: string; claims: string }[]>`
    select current_setting('role') as role, current_setting('request.jwt.claims', true) as claims`;
  const jwtClaims = JSON.stringify({ role: "service_role", reason });
  await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${jwtClaims}, true)`;
  const result = await fn(tx);
  await tx`select set_config('role', ${before!.role}, true), set_config('request.jwt.claims', ${before!.claims ?? ""}, true)`;
  return result;
}

/**
 * Schema changes run as the connecting owner, not as service_role. Only the
 * migration runner in this folder uses it.
 */
export async function asOwner<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return (await pool().begin(fn)) as T;
}

export async function closeDatabase(): Promise<void> {
  const existing = globalStore[POOL_KEY];
  delete globalStore[POOL_KEY];
  if (existing) await existing.sql.end({ timeout: 5 });
}

/** Turns a connection failure into one line an operator can act on. */
export function describeConnectionError(error: unknown, url: string | undefined): string | null {
  const code = (error as { code?: string } | null)?.code;
  const where = url ? safeLocation(url) : "the database";
  switch (code) {
    case "ECONNREFUSED":
      return `Cannot reach the database at ${where}: connection refused. Is Postgres running there? (Unset DATABASE_URL to use the embedded database.)`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `Cannot reach the database at ${where}: unknown host.`;
    case "CONNECT_TIMEOUT":
    case "ETIMEDOUT":
      return `Cannot reach the database at ${where}: the connection timed out.`;
    case "28P01":
    case "28000":
      return `The database at ${where} refused the credentials in DATABASE_URL.`;
    case "3D000":
      return `The database named in DATABASE_URL does not exist at ${where}. Create it first (createdb).`;
    default:
      return null;
  }
}

function safeLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "the configured address";
  }
}
