import { beforeAll, describe, expect, it } from "vitest";
import { adminClaimsOf, signedInContact } from "../../../tests/support/claims";
import { asService, withClaims } from "../db";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import { getPortalBranding, parseInvitationDraft, renderInvitationPreview } from "./portal-branding";

async function portalId(name: string): Promise<string> {
  const [row] = await asService("test: find the portal", (tx) => tx<{ id: string }[]>`select id from public.portals where name = ${name}`);
  return row!.id;
}

let acmeWeb: string;
let zuidPortal: string;
beforeAll(async () => {
  acmeWeb = await portalId("Acme – Website en app");
  zuidPortal = await portalId("Acme Nederland");
});

describe("a portal's branding", () => {
  it("is the tenant's name, logo and colour for a member of the portal", async () => {
    const { claims } = await signedInContact(DEMO_ADDRESSES.bram);
    expect(await withClaims(claims, (tx) => getPortalBranding(tx, acmeWeb))).toEqual({
      tenantName: "Studio Noord", logoUrl: null, accentColor: "#0b6e4f",
    });
  });

  it("falls back to Portaal's colour where the tenant chose none", async () => {
    const { claims } = await signedInContact(DEMO_ADDRESSES.anna);
    expect(await withClaims(claims, (tx) => getPortalBranding(tx, zuidPortal))).toEqual({
      tenantName: "Bureau Zuid", logoUrl: null, accentColor: "#1f5199",
    });
  });

  it("is not found for another customer's contact, nor for an admin of another tenant", async () => {
    const { claims } = await signedInContact(DEMO_ADDRESSES.carla);
    expect(await withClaims(claims, (tx) => getPortalBranding(tx, acmeWeb))).toBeNull();
    const zuid = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    expect(await withClaims(zuid, (tx) => getPortalBranding(tx, acmeWeb))).toBeNull();
  });

  it("is shown to the tenant's own admin, who previews portals", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    expect(await withClaims(studio, (tx) => getPortalBranding(tx, acmeWeb))).toMatchObject({ tenantName: "Studio Noord" });
  });
});

describe("the invitation preview", () => {
  it("renders the typed text with the typed colour and the tenant's name", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const draft = parseInvitationDraft({
      language: "en", invitationText: "Welcome to <our> portal", senderName: "", logoUrl: "", accentColor: "#AA3377",
    });
    const html = await withClaims(studio, (tx) => renderInvitationPreview(tx, draft));
    expect(html).toContain("Welcome to &lt;our&gt; portal");
    expect(html).toContain("#aa3377");
    expect(html).toContain("Studio Noord");
    expect(html).toContain("You are invited to Acme – Huisstijl");
    expect(html).toContain("Open the portal");
    expect(html).not.toContain("#0b6e4f");
  });

  it("keeps the saved branding for what is not valid yet, and the defaults for what was emptied", () => {
    expect(parseInvitationDraft({ language: "nl", invitationText: "Hoi", senderName: "Studio", logoUrl: "https://", accentColor: "#1f5" }))
      .toEqual({ language: "nl", invitationText: "Hoi", senderName: "Studio", logoUrl: undefined, accentColor: undefined });
    expect(parseInvitationDraft({ language: "xx", invitationText: "", senderName: "", logoUrl: "", accentColor: "" }))
      .toEqual({ language: "nl", invitationText: null, senderName: null, logoUrl: null, accentColor: null });
  });

  it("uses the saved colour while the typed one is incomplete", async () => {
    const studio = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const html = await withClaims(studio, (tx) => renderInvitationPreview(tx, parseInvitationDraft({ language: "nl", invitationText: "Hoi", accentColor: "#aa3" })));
    expect(html).toContain("#0b6e4f");
  });

  it("is only for admins", async () => {
    const { claims } = await signedInContact(DEMO_ADDRESSES.bram);
    expect(await withClaims(claims, (tx) => renderInvitationPreview(tx, parseInvitationDraft({ language: "nl", invitationText: "Hoi" })))).toBeNull();
  });
});
