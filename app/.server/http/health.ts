import { asService, isEmbeddedDatabase } from "../db";

export async function checkDatabase(): Promise<{ status: "ok" | "degraded"; database: "reachable" | "unreachable"; databaseKind: string }> {
  const databaseKind = isEmbeddedDatabase() ? "embedded" : "server";
  try {
    await asService("health check", (tx) => tx`select 1`);
    return { status: "ok", database: "reachable", databaseKind };
  } catch {
    return { status: "degraded", database: "unreachable", databaseKind };
  }
}
