import { recordAudit } from "../audit/record";
import { asService } from "../db";
import { DEMO_TENANT_WORKSPACE } from "../seed/demo";
import { adminSessionStorage } from "./cookies";
import { requestInfo } from "./request-info";

/** Demo mode only: signs in as the seeded admin of the demo tenant; returns the cookie header. */
export async function signInDemoAdmin(request: Request): Promise<string> {
  const info = requestInfo(request);
  const admin = await asService("demo admin sign-in", async (tx) => {
    const [row] = await tx<{ tenantId: string; adminId: string }[]>`
      select t.id as "tenantId", a.id as "adminId"
      from public.tenants t join public.tenant_admins a on a.tenant_id = t.id
      where t.host_workspace_id = ${DEMO_TENANT_WORKSPACE} and a.host_user_id = 'demo-admin'`;
    if (row) {
      await tx`update public.tenant_admins set last_seen_at = now() where id = ${row.adminId}`;
      await recordAudit(tx, {
        tenantId: row.tenantId, actorKind: "admin", adminId: row.adminId, action: "admin.demo_sign_in",
        ip: info.ip, userAgent: info.userAgent,
      });
    }
    return row ?? null;
  });
  if (!admin) throw new Response("The demo tenant is missing: run npm run db:seed on an empty database.", { status: 503 });
  const storage = adminSessionStorage(request);
  const session = await storage.getSession();
  session.set("tenantId", admin.tenantId);
  session.set("adminId", admin.adminId);
  return storage.commitSession(session);
}
