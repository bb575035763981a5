import { describe, expect, it } from "vitest";
import { parsePortalForm } from "./portal-form";

const CUSTOMER = "6f1c1f9e-3a52-4d8e-9a51-3f7c2b1d0a11";
const PROJECT = "0b6f2d4e-8c1a-4f3b-a2d5-7e9c1b3a5d22";

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) data.append(key, item);
  return data;
}

const valid = { customerId: CUSTOMER, name: "  Acme – Website  ", language: "nl", hoursVisibility: "full" };

describe("the portal form", () => {
  it("reads checked switches as on, missing ones as off, and the projects as a list", () => {
    const parsed = parsePortalForm(form({ ...valid, showInvoices: "true", projectIds: [PROJECT, PROJECT] }), "create");
    expect(parsed).toMatchObject({
      ok: true,
      customerId: CUSTOMER,
      input: { name: "Acme – Website", showInvoices: true, showQuotes: false, orderHoursVisibility: "hidden", projectIds: [PROJECT] },
    });
  });

  it("leaves approval undecided where the form did not offer it", () => {
    const hidden = parsePortalForm(form({ ...valid, canApprove: "true" }), "edit");
    expect(hidden.ok && hidden.input.canApprove).toBeUndefined();
    const shown = parsePortalForm(form({ ...valid, approvalShown: "true" }), "edit");
    expect(shown.ok && [shown.input.canApprove, shown.input.requireSignature]).toEqual([false, false]);
    const edit = parsePortalForm(form({ ...valid, customerId: "ignored" }), "edit");
    expect(edit.ok && edit.customerId).toBeNull();
  });

  it("names the field that is wrong", () => {
    expect(parsePortalForm(form({ ...valid, name: " ", customerId: "" }), "create")).toEqual({
      ok: false, errors: { name: "admin.portalEditor.error.name", customerId: "admin.portalEditor.error.customer" },
    });
    expect(parsePortalForm(form({ ...valid, name: "x".repeat(121) }), "create")).toEqual({ ok: false, errors: { name: "admin.portalEditor.error.name" } });
    expect(parsePortalForm(form({ ...valid, projectIds: "not-a-project" }), "create"))
      .toEqual({ ok: false, errors: { projectIds: "admin.portalEditor.error.project" } });
    expect(parsePortalForm(form({ ...valid, hoursVisibility: "everything" }), "create"))
      .toEqual({ ok: false, errors: { hoursVisibility: "admin.portalEditor.error.invalid" } });
  });
});
