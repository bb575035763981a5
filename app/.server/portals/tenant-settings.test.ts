import { describe, expect, it } from "vitest";
import { asService, withClaims, type AdminClaims } from "../db";
import { DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import { getSignInSettings, updateSignInSettings } from "./tenant-settings";

async function adminOf(workspace: string): Promise<AdminClaims> {
  const [row] = await asService("test: find the admin", (tx) => tx<{ tenantId: string; adminId: string }[]>`
    select t.id as "tenantId", a.id as "adminId" from public.tenants t
    join public.tenant_admins a on a.tenant_id = t.id where t.host_workspace_id = ${workspace}`);
  return { kind: "admin", ...row! };
}

describe("sign-in settings", () => {
  it("an admin changes their own tenant's code lifetime, and only theirs", async () => {
    const studio = await adminOf(DEMO_TENANT_WORKSPACE);
    const zuid = await adminOf(SECOND_TENANT_WORKSPACE);
    try {
      expect(await withClaims(studio, (tx) => updateSignInSettings(tx, { codeLifetimeMinutes: 15 }))).toBe(true);
      expect(await withClaims(studio, getSignInSettings)).toEqual({ codeLifetimeMinutes: 15 });
      expect(await withClaims(zuid, getSignInSettings)).toEqual({ codeLifetimeMinutes: 10 });
    } finally {
      await withClaims(studio, (tx) => updateSignInSettings(tx, { codeLifetimeMinutes: 10 }));
    }
  });

  it("refuses more than 15 minutes in the database itself", async () => {
    const studio = await adminOf(DEMO_TENANT_WORKSPACE);
    await expect(withClaims(studio, (tx) => updateSignInSettings(tx, { codeLifetimeMinutes: 30 }))).rejects.toMatchObject({ code: "23514" });
  });
});
