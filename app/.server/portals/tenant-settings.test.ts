import { describe, expect, it } from "vitest";
import { adminClaimsOf } from "../../../tests/support/claims";
import { withClaims } from "../db";
import { DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import { getSignInSettings, updateSignInSettings } from "./tenant-settings";

describe("sign-in settings", () => {
  it("an admin changes their own tenant's code lifetime, and only theirs", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    try {
      expect(await withClaims(studio, (tx) => updateSignInSettings(tx, { codeLifetimeMinutes: 15 }))).toBe(true);
      expect(await withClaims(studio, getSignInSettings)).toEqual({ codeLifetimeMinutes: 15 });
      expect(await withClaims(zuid, getSignInSettings)).toEqual({ codeLifetimeMinutes: 10 });
    } finally {
      await withClaims(studio, (tx) => updateSignInSettings(tx, { codeLifetimeMinutes: 10 }));
    }
  });

  it("refuses more than 15 minutes in the database itself", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    await expect(withClaims(studio, (tx) => updateSignInSettings(tx, { codeLifetimeMinutes: 30 }))).rejects.toMatchObject({ code: "23514" });
  });
});
