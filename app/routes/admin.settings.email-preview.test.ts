import { describe, expect, it } from "vitest";
import { adminCookieOf } from "../../tests/support/claims";
import { DEMO_TENANT_WORKSPACE } from "~/.server/seed/demo";
import { action, loader } from "./admin.settings.email-preview";

const URL = "http://localhost:3000/admin/settings/email-preview";

function post(body: Record<string, string>, cookie?: string): Request {
  return new Request(URL, {
    method: "POST",
    body: new URLSearchParams(body),
    headers: cookie ? { Cookie: cookie } : {},
  });
}

describe("the invitation e-mail preview route", () => {
  it("answers the admin with the e-mail as HTML, with the typed text and accent colour", async () => {
    const cookie = await adminCookieOf(DEMO_TENANT_WORKSPACE);
    const response = await action({
      request: post({ language: "nl", invitationText: "Fijn dat je er bent!", senderName: "", logoUrl: "", accentColor: "#c0ffee" }, cookie),
      params: {},
      context: {},
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const html = await response.text();
    expect(html).toMatch(/^<!DOCTYPE html/i);
    expect(html).toContain("Fijn dat je er bent!");
    expect(html).toContain("#c0ffee");
    expect(html).toContain("Portaal openen");
  });

  it("sends anyone who is not signed in as an admin to the admin sign-in", async () => {
    const response = await action({ request: post({ language: "nl", invitationText: "Hoi" }), params: {}, context: {} }).catch((thrown: unknown) => thrown as Response);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin");
  });

  it("only takes POST", () => {
    expect(loader().status).toBe(405);
  });
});
