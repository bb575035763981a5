import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { StartupError } from "../config/env";

export type EmbeddedDatabase = {
  url: string;
  /** Where the data lives, or "memory". */
  location: string;
  stop: () => Promise<void>;
};

/**
 * Real Postgres compiled to WASM, served on a loopback port so that the same
 * postgres.js pool talks to it as to any Postgres server.
 */
export async function startEmbeddedDatabase(options: { dataDir: string | "memory" }): Promise<EmbeddedDatabase> {
  const inMemory = options.dataDir === "memory";
  const location = inMemory ? "memory" : resolve(options.dataDir, "pglite");
  if (!inMemory) mkdirSync(location, { recursive: true });

  let db: PGlite;
  try {
    db = await PGlite.create(inMemory ? "memory://" : location);
  } catch (error) {
    throw new StartupError(
      `Cannot open the embedded database in ${location}: ${(error as Error).message}. Is another Portaal using it? Stop it or set DATA_DIR.`,
    );
  }
  const port = await findFreeLoopbackPort();
  // Several clients may connect (the app, a test, psql); the server runs one
  // transaction at a time on the single backend.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 8 });
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    location,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

function findFreeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => {
        if (address && typeof address === "object") resolvePort(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}
