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

/**
 * Runs `fn` and puts every setting of the workspace's tenant back afterwards:
 * other test files expect the seed, and no deadline above all.
 */
async function keepingSettingsOf<T>(workspace: string, fn: () => Promise<T>): Promise<T> {
  const [saved] = await asService("test: remember the settings", (tx) => tx`
    select approval_workflow, invitation_text, sender_name, reply_to, brand_logo_url, brand_accent_color,
      default_language, code_lifetime_minutes
    from public.tenants where host_workspace_id = ${workspace}`);
  try {
    return await fn();
  } finally {
    await asService("test: restore the settings", (tx) => tx`
      update public.tenants set ${tx(saved!)}, approval_deadline_days = null, approval_reminder_hours = 24,
        auto_approve_at_deadline = false, attachment_file_name = '{type} {number}'
      where host_workspace_id = ${workspace}`);
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
      approvalDeadlineDays: null,
      approvalReminderHours: 24,
      autoApproveAtDeadline: false,
      attachmentFileName: "{type} {number}",
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

// --- approval deadlines (F-35) and the file name of PDF attachments (F-27) ---

const deadlineForm = {
  ...validForm,
  approvalDeadline: "true",
  approvalDeadlineDays: " 14 ",
  approvalReminderHours: "48",
  autoApproveAtDeadline: "true",
  attachmentFileName: "  {number}-{date}-{company} ",
};

describe("the deadline and attachment settings in the form", () => {
  it("accepts a deadline with its reminder and automatic approval, and a file name template", () => {
    expect(parsedSettings(deadlineForm)).toMatchObject({
      approvalDeadlineDays: 14, approvalReminderHours: 48, autoApproveAtDeadline: true, attachmentFileName: "{number}-{date}-{company}",
    });
    expect(parsedSettings({ ...deadlineForm, approvalDeadlineDays: "1", approvalReminderHours: "336" })).toMatchObject({
      approvalDeadlineDays: 1, approvalReminderHours: 336,
    });
    expect(parsedSettings({ ...deadlineForm, approvalDeadlineDays: "60", approvalReminderHours: "1" })).toMatchObject({
      approvalDeadlineDays: 60, approvalReminderHours: 1,
    });
  });

  it("reads no deadline when the box is not ticked, whatever the days field holds, and empty fields as the defaults", () => {
    const withoutBoxes = { ...deadlineForm, approvalDeadline: "", autoApproveAtDeadline: "" };
    for (const days of ["14", "", "0", "abc"]) {
      expect(parsedSettings({ ...withoutBoxes, approvalDeadlineDays: days })).toMatchObject({ approvalDeadlineDays: null, autoApproveAtDeadline: false });
    }
    expect(parsedSettings({ ...deadlineForm, approvalReminderHours: " ", attachmentFileName: "" })).toMatchObject({
      approvalReminderHours: 24, attachmentFileName: "{type} {number}",
    });
  });

  it.each([
    ["approvalDeadlineDays", "0"], ["approvalDeadlineDays", "61"], ["approvalDeadlineDays", "1.5"], ["approvalDeadlineDays", "-3"],
    ["approvalDeadlineDays", "1e1"], ["approvalDeadlineDays", "veertien"], ["approvalDeadlineDays", ""],
    ["approvalReminderHours", "0"], ["approvalReminderHours", "337"], ["approvalReminderHours", "2.5"], ["approvalReminderHours", "-1"],
    ["attachmentFileName", "x".repeat(121)], ["attachmentFileName", "{number}\n{date}"], ["attachmentFileName", "{type} {nummer}"],
  ])("refuses %s = %j, with an error at that field only", (field, value) => {
    const parsed = parseSettingsForm({ ...deadlineForm, [field]: value });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(Object.keys(parsed.errors)).toEqual([field]);
  });

  it("says which numbers the deadline fields accept", () => {
    expect(parseSettingsForm({ ...deadlineForm, approvalDeadlineDays: "61", approvalReminderHours: "337" })).toEqual({
      success: false,
      errors: {
        approvalDeadlineDays: { id: "admin.settings.error.deadlineDays", values: { min: 1, max: 60 } },
        approvalReminderHours: { id: "admin.settings.error.reminderHours", values: { min: 1, max: 336 } },
      },
    });
  });

  it("refuses automatic approval without a deadline, rather than quietly turning it off", () => {
    const withoutDeadline: Record<string, string> = { ...deadlineForm };
    delete withoutDeadline.approvalDeadline;
    expect(parseSettingsForm(withoutDeadline)).toEqual({
      success: false,
      errors: { autoApproveAtDeadline: { id: "admin.settings.error.autoApproveWithoutDeadline" } },
    });
  });

  it("names the unknown tags of a file name template, and says how long a template may be", () => {
    expect(parseSettingsForm({ ...deadlineForm, attachmentFileName: "{type} {nummer} {foo} {nummer}" })).toEqual({
      success: false,
      errors: { attachmentFileName: { id: "admin.settings.error.unknownTags", values: { count: 2, tags: "{nummer}, {foo}" } } },
    });
    expect(parseSettingsForm({ ...deadlineForm, attachmentFileName: "x".repeat(121) })).toEqual({
      success: false,
      errors: { attachmentFileName: { id: "admin.settings.error.attachmentFileName", values: { max: 120 } } },
    });
  });

  it("reports field errors of the deadline together with those of other fields", () => {
    const parsed = parseSettingsForm({ ...deadlineForm, accentColor: "blue", approvalDeadlineDays: "", attachmentFileName: "{foo}" });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(["accentColor", "approvalDeadlineDays", "attachmentFileName"]);
  });
});

describe("saving the deadline and attachment settings", () => {
  it("saves them for the admin's own tenant, and records the changed names with the deadline's values, not the template", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    await keepingSettingsOf(DEMO_TENANT_WORKSPACE, async () => {
      const current = (await withClaims(studio, getTenantSettings))!.settings;
      expect(current).toMatchObject({
        approvalDeadlineDays: null, approvalReminderHours: 24, autoApproveAtDeadline: false, attachmentFileName: "{type} {number}",
      });
      const settings = {
        ...current, approvalDeadlineDays: 10, approvalReminderHours: 72, autoApproveAtDeadline: true,
        attachmentFileName: "Studio Noord {type} {number} {subject}",
      };
      expect(await withClaims(studio, (tx) => saveTenantSettings(tx, { settings, adminId: studio.adminId, info }))).toEqual({
        changed: ["approvalDeadlineDays", "approvalReminderHours", "autoApproveAtDeadline", "attachmentFileName"],
      });
      expect((await withClaims(studio, getTenantSettings))!.settings).toEqual(settings);
      expect((await lastSettingsAudit(studio))!.details).toEqual({
        changed: ["approvalDeadlineDays", "approvalReminderHours", "autoApproveAtDeadline", "attachmentFileName"],
        values: { approvalDeadlineDays: 10, approvalReminderHours: 72, autoApproveAtDeadline: true },
      });

      // Back to no deadline: the days are cleared.
      const noDeadline = { ...settings, approvalDeadlineDays: null, autoApproveAtDeadline: false };
      expect(await withClaims(studio, (tx) => saveTenantSettings(tx, { settings: noDeadline, adminId: studio.adminId, info }))).toEqual({
        changed: ["approvalDeadlineDays", "autoApproveAtDeadline"],
      });
      expect((await withClaims(studio, getTenantSettings))!.settings.approvalDeadlineDays).toBeNull();
    });
    expect((await withClaims(studio, getTenantSettings))!.settings).toMatchObject({
      approvalDeadlineDays: null, approvalReminderHours: 24, autoApproveAtDeadline: false, attachmentFileName: "{type} {number}",
    });
  });

  it("saves what the form posted, through the form's parsing", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    await keepingSettingsOf(DEMO_TENANT_WORKSPACE, async () => {
      const settings = parsedSettings(deadlineForm);
      await withClaims(studio, (tx) => saveTenantSettings(tx, { settings, adminId: studio.adminId, info }));
      const [row] = await asService("test: read the tenant", (tx) => tx`
        select approval_deadline_days, approval_reminder_hours, auto_approve_at_deadline, attachment_file_name
        from public.tenants where id = ${studio.tenantId}`);
      expect(row).toEqual({
        approval_deadline_days: 14, approval_reminder_hours: 48, auto_approve_at_deadline: true, attachment_file_name: "{number}-{date}-{company}",
      });
    });
  });

  it("refuses days and hours out of range in the database itself", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const current = (await withClaims(studio, getTenantSettings))!.settings;
    for (const wrong of [{ approvalDeadlineDays: 61 }, { approvalDeadlineDays: 0 }, { approvalReminderHours: 337 }, { attachmentFileName: "x".repeat(121) }]) {
      await expect(
        withClaims(studio, (tx) => saveTenantSettings(tx, { settings: { ...current, ...wrong }, adminId: studio.adminId, info })),
      ).rejects.toMatchObject({ code: "23514" });
    }
    expect((await withClaims(studio, getTenantSettings))!.settings).toEqual(current);
  });

  it("lets another tenant's admin change none of them", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    const studioBefore = await withClaims(studio, getTenantSettings);
    await keepingSettingsOf(SECOND_TENANT_WORKSPACE, async () => {
      const updated = await withClaims(zuid, (tx) => tx`
        update public.tenants set approval_deadline_days = 1, approval_reminder_hours = 1, auto_approve_at_deadline = true,
          attachment_file_name = 'overgenomen'
        where id = ${studio.tenantId} returning id`);
      expect(updated).toHaveLength(0);

      const settings = { ...(await withClaims(zuid, getTenantSettings))!.settings, approvalDeadlineDays: 3, autoApproveAtDeadline: true };
      await withClaims(zuid, (tx) => saveTenantSettings(tx, { settings, adminId: zuid.adminId, info }));
      expect((await withClaims(zuid, getTenantSettings))!.settings).toMatchObject({ approvalDeadlineDays: 3, autoApproveAtDeadline: true });
    });
    expect(await withClaims(studio, getTenantSettings)).toEqual(studioBefore);
  });
});
