import { describe, expect, it } from "vitest";
import { adminCookieOf } from "../../tests/support/claims";
import { asService } from "~/.server/db";
import { DEMO_TENANT_WORKSPACE } from "~/.server/seed/demo";
import { action, loader } from "./admin.settings";

const URL = "http://localhost:3000/admin/settings";

const form = {
  approvalWorkflow: "internal_external",
  invitationTextNl: "Via ons klantportaal zie je de voortgang van je projecten en keur je uren goed.",
  invitationTextEn: "In our customer portal you follow your projects and approve hours.",
  senderName: "Studio Noord",
  replyTo: "projecten@studionoord.example",
  logoUrl: "",
  accentColor: "#0b6e4f",
  defaultLanguage: "nl",
  codeLifetimeMinutes: "10",
};

async function post(body: Record<string, string>) {
  const request = new Request(URL, { method: "POST", body: new URLSearchParams(body), headers: { Cookie: await adminCookieOf(DEMO_TENANT_WORKSPACE) } });
  return action({ request, params: {}, context: {} });
}

async function senderName(): Promise<string | null> {
  const [row] = await asService("test: read", (tx) => tx<{ senderName: string | null }[]>`
    select sender_name as "senderName" from public.tenants where host_workspace_id = ${DEMO_TENANT_WORKSPACE}`);
  return row!.senderName;
}

describe("the settings page", () => {
  it("shows the admin's settings", async () => {
    const request = new Request(URL, { headers: { Cookie: await adminCookieOf(DEMO_TENANT_WORKSPACE) } });
    const response = await loader({ request, params: {}, context: {} });
    expect(await response.json()).toMatchObject({ tenantName: "Studio Noord", settings: { accentColor: "#0b6e4f", codeLifetimeMinutes: 10 } });
  });

  it("answers invalid input with an error at each wrong field, and saves nothing", async () => {
    const response = await post({ ...form, senderName: "Nieuw", accentColor: "groen", replyTo: "nee", logoUrl: "http://logo.example/l.png" });
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer.saved).toBe(false);
    expect(Object.keys(answer.errors).sort()).toEqual(["accentColor", "logoUrl", "replyTo"]);
    expect(await senderName()).toBe("Studio Noord");
  });

  it("saves valid input", async () => {
    try {
      const response = await post({ ...form, senderName: "Studio Noord B.V." });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ saved: true, errors: {} });
      expect(await senderName()).toBe("Studio Noord B.V.");
    } finally {
      await post(form);
    }
  });
});
