import { describe, expect, it } from "vitest";
import { DEFAULT_BRANDING } from "../../../emails/layout";
import { adminClaimsOf, signedInContact } from "../../../tests/support/claims";
import { FALLBACK_ACCENT_COLOR, type TenantSettings } from "../../shared/tenant-settings";
import { asService, withClaims, type AdminClaims } from "../db";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import { changedSettings, getTenantSettings, parseSettingsForm, saveTenantSettings } from "./tenant-settings";

const info = { ip: "192.0.2.60", userAgent: "vitest" };

const validForm = {
  approvalWorkflow: "external_internal",
  invitationTextNl: "  Welkom in ons portaal.\r\nTot snel!  ",
  invitationTextEn: "",
  senderName: "Studio Noord projecten",
  replyTo: "projecten@studionoord.example",
  logoUrl: "https://cdn.studionoord.example/logo.png",
  accentColor: "AA3377",
  defaultLanguage: "en",
  codeLifetimeMinutes: "15",
};

/** Runs `fn` and puts every setting of the workspace's tenant back afterwards: other test files expect the seed. */
async function keepingSettingsOf<T>(workspace: string, fn: () => Promise<T>): Promise<T> {
  const [saved] = await asService("test: remember the settings", (tx) => tx`
    select approval_workflow, invitation_text, sender_name, reply_to, brand_logo_url, brand_accent_color,
      default_language, code_lifetime_minutes
    from public.tenants where host_workspace_id = ${workspace}`);
  try {
    return await fn();
  } finally {
    await asService("test: restore the settings", (tx) => tx`
      update public.tenants set ${tx(saved!)} where host_workspace_id = ${workspace}`);
  }
}

async function lastSettingsAudit(admin: AdminClaims) {
  const [entry] = await asService("test: read the audit log", (tx) => tx<{ adminId: string; subjectId: string; ip: string; details: Record<string, unknown> }[]>`
    select admin_id as "adminId", subject_id as "subjectId", ip, details from public.audit_log
    where tenant_id = ${admin.tenantId} and action = 'settings.updated' order by id desc limit 1`);
  return entry ?? null;
}

function parsedSettings(form: Record<string, string>): TenantSettings {
  const parsed = parseSettingsForm(form);
  if (!parsed.success) throw new Error(`invalid: ${JSON.stringify(parsed.errors)}`);
  return parsed.settings;
}

describe("the settings form", () => {
  it("accepts valid settings, trimmed, with empty fields as defaults and a CRLF line break as one character", () => {
    expect(parsedSettings(validForm)).toEqual({
      approvalWorkflow: "external_internal",
      invitationText: { nl: "Welkom in ons portaal.\nTot snel!", en: null },
      senderName: "Studio Noord projecten",
      replyTo: "projecten@studionoord.example",
      logoUrl: "https://cdn.studionoord.example/logo.png",
      accentColor: "#aa3377",
      defaultLanguage: "en",
      codeLifetimeMinutes: 15,
    });
    const empty = parsedSettings({ ...validForm, senderName: " ", replyTo: "", logoUrl: "", accentColor: "" });
    expect(empty).toMatchObject({ senderName: null, replyTo: null, logoUrl: null, accentColor: null });
    expect(parsedSettings({ ...validForm, invitationTextEn: "a\r\n".repeat(999) + "b" }).invitationText.en).toHaveLength(1999);
  });

  it.each([
    ["accentColor", "#12345"], ["accentColor", "red"], ["accentColor", "#gggggg"], ["accentColor", "#1234567"],
    ["logoUrl", "http://cdn.studionoord.example/logo.png"], ["logoUrl", "javascript:alert(1)"], ["logoUrl", "https://localhost/logo.png"],
    ["logoUrl", `https://cdn.studionoord.example/${"a".repeat(470)}.png`],
    ["replyTo", "projecten"], ["replyTo", "projecten@studionoord"], ["replyTo", "a@b.example, c@d.example"],
    ["invitationTextNl", "x".repeat(2001)], ["invitationTextEn", "x".repeat(2001)],
    ["senderName", "x".repeat(101)], ["senderName", "Studio\nBcc: someone@example.com"],
    ["approvalWorkflow", "customer_only"], ["defaultLanguage", "de"], ["codeLifetimeMinutes", "30"],
  ])("refuses %s = %j, with an error at that field only", (field, value) => {
    const parsed = parseSettingsForm({ ...validForm, [field]: value });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(Object.keys(parsed.errors)).toEqual([field]);
  });

  it("says what a field accepts, with its limit", () => {
    const parsed = parseSettingsForm({ ...validForm, invitationTextNl: "x".repeat(2001), logoUrl: "http://x.example/l.png", accentColor: "blue" });
    expect(parsed).toEqual({
      success: false,
      errors: {
        invitationTextNl: { id: "admin.settings.error.text", values: { max: 2000 } },
        logoUrl: { id: "admin.settings.error.logoUrl", values: { max: 500 } },
        accentColor: { id: "admin.settings.error.accentColor" },
      },
    });
  });

  it("falls back to the same colour as the e-mails", () => {
    expect(FALLBACK_ACCENT_COLOR).toBe(DEFAULT_BRANDING.accentColor);
  });

  it("names the changed settings, never their texts", () => {
    const before = parsedSettings(validForm);
    const after = { ...before, invitationText: { nl: "Iets anders", en: null }, accentColor: "#000000" };
    expect(changedSettings(before, after)).toEqual(["invitationText.nl", "accentColor"]);
    expect(changedSettings(before, before)).toEqual([]);
  });
});

describe("saving tenant settings", () => {
  it("saves the admin's own tenant's settings and records the changed fields, not the texts", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    await keepingSettingsOf(DEMO_TENANT_WORKSPACE, async () => {
      const settings = parsedSettings(validForm);
      expect(await withClaims(studio, (tx) => saveTenantSettings(tx, { settings, adminId: studio.adminId, info }))).toEqual({
        changed: [
          "approvalWorkflow", "invitationText.nl", "invitationText.en", "senderName", "logoUrl", "accentColor",
          "defaultLanguage", "codeLifetimeMinutes",
        ],
      });
      expect(await withClaims(studio, getTenantSettings)).toEqual({ tenantName: "Studio Noord", settings });

      const entry = await lastSettingsAudit(studio);
      expect(entry).toMatchObject({ adminId: studio.adminId, subjectId: studio.tenantId, ip: info.ip });
      expect(entry!.details).toEqual({
        changed: [
          "approvalWorkflow", "invitationText.nl", "invitationText.en", "senderName", "logoUrl", "accentColor",
          "defaultLanguage", "codeLifetimeMinutes",
        ],
        values: { approvalWorkflow: "external_internal", defaultLanguage: "en", codeLifetimeMinutes: 15 },
      });
      expect(JSON.stringify(entry!.details)).not.toContain("Welkom");
      expect(JSON.stringify(entry!.details)).not.toContain("cdn.studionoord");
    });
  });

  it("records nothing when nothing changed", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const before = await lastSettingsAudit(studio);
    const current = (await withClaims(studio, getTenantSettings))!.settings;
    expect(await withClaims(studio, (tx) => saveTenantSettings(tx, { settings: current, adminId: studio.adminId, info }))).toEqual({ changed: [] });
    expect(await lastSettingsAudit(studio)).toEqual(before);
  });

  it("cannot reach another tenant: an admin of Bureau Zuid changes only Bureau Zuid, and Studio Noord's row refuses them", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    const studioBefore = await withClaims(studio, getTenantSettings);
    await keepingSettingsOf(SECOND_TENANT_WORKSPACE, async () => {
      const settings = parsedSettings({ ...validForm, senderName: "Overgenomen" });
      await withClaims(zuid, (tx) => saveTenantSettings(tx, { settings, adminId: zuid.adminId, info }));
      expect((await withClaims(zuid, getTenantSettings))!.settings.senderName).toBe("Overgenomen");
    });
    expect(await withClaims(studio, getTenantSettings)).toEqual(studioBefore);

    const updated = await withClaims(zuid, (tx) => tx`
      update public.tenants set sender_name = 'Overgenomen', brand_accent_color = '#000000'
      where id = ${studio.tenantId} returning id`);
    expect(updated).toHaveLength(0);
    expect(await withClaims(studio, getTenantSettings)).toEqual(studioBefore);
  });

  it("gives a customer contact neither the settings nor a way to change them", async () => {
    const { claims } = await signedInContact(DEMO_ADDRESSES.bram);
    const settings = parsedSettings(validForm);
    expect(await withClaims(claims, getTenantSettings)).toBeNull();
    expect(await withClaims(claims, (tx) => saveTenantSettings(tx, { settings, adminId: "00000000-0000-0000-0000-000000000000", info }))).toBeNull();
    const updated = await withClaims(claims, (tx) => tx`update public.tenants set sender_name = 'Bram' where name = 'Studio Noord' returning id`);
    expect(updated).toHaveLength(0);
  });

  it("refuses more than 15 minutes in the database itself", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const current = (await withClaims(studio, getTenantSettings))!.settings;
    await expect(
      withClaims(studio, (tx) => saveTenantSettings(tx, { settings: { ...current, codeLifetimeMinutes: 30 }, adminId: studio.adminId, info })),
    ).rejects.toMatchObject({ code: "23514" });
  });
});
