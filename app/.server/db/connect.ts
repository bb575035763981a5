import { resolve } from "node:path";
import { parseDatabaseUrl, StartupError, type Environment } from "../config/env";
import { startEmbeddedDatabase } from "./embedded";
import { asOwner, closeDatabase, describeConnectionError } from "./pool";

export type DatabaseConnection = {
  kind: "embedded" | "server";
  description: string;
  close: () => Promise<void>;
};

/**
 * Points the pool at DATABASE_URL, or, without it, starts the embedded
 * database and points the pool there. Verifies that the database answers.
 */
export async function connectDatabase(environment: Environment): Promise<DatabaseConnection> {
  let connection: DatabaseConnection;
  if (environment.DATABASE_URL) {
    const url = parseDatabaseUrl(environment.DATABASE_URL);
    process.env.PORTAAL_DATABASE_KIND = "server";
    connection = {
      kind: "server",
      description: `Postgres server at ${url.hostname}:${url.port || "5432"}${url.pathname}`,
      close: closeDatabase,
    };
  } else {
    const embedded = await startEmbeddedDatabase({
      dataDir: environment.DATA_DIR === "memory" ? "memory" : resolve(environment.DATA_DIR),
    });
    process.env.DATABASE_URL = embedded.url;
    process.env.PORTAAL_DATABASE_KIND = "embedded";
    connection = {
      kind: "embedded",
      description: `embedded PGlite database in ${embedded.location}`,
      close: async () => {
        await closeDatabase();
        await embedded.stop();
      },
    };
  }
  try {
    const [row] = await asOwner((tx) => tx<{ version: string }[]>`select version() as version`);
    if (connection.kind === "server" && /PGlite/i.test(row?.version ?? "")) {
      // An embedded database another process serves over its socket (as the
      // tests do): one backend shared by every connection, so this process
      // must use it the embedded way — one connection, no named statements.
      await closeDatabase();
      process.env.PORTAAL_DATABASE_KIND = "embedded";
    }
  } catch (error) {
    await connection.close().catch(() => {});
    const message = describeConnectionError(error, process.env.DATABASE_URL);
    if (message) throw new StartupError(message);
    throw error;
  }
  return connection;
}
