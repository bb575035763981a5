import { json } from "@remix-run/node";
import { checkDatabase } from "~/.server/http/health";

export async function loader() {
  const health = await checkDatabase();
  return json(health, { status: health.database === "reachable" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
