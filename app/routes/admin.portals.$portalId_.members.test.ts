import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCookieOf } from "../../tests/support/claims";
import { asService } from "~/.server/db";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "~/.server/seed/demo";
import { action, loader } from "./admin.portals.$portalId_.members";

let portalId: string;
let annaMemberId: string;
const url = () => `http://localhost:3000/admin/portals/${portalId}/members`;

async function post(body: Record<string, string> | URLSearchParams, workspace = DEMO_TENANT_WORKSPACE) {
  const request = new Request(url(), { method: "POST", body: new URLSearchParams(body), headers: { Cookie: await adminCookieOf(workspace) } });
  return (await action({ request, params: { portalId }, context: {} })) as Response;
}

beforeAll(async () => {
  const [row] = await asService("test: Anna's membership", (tx) => tx<{ id: string; portalId: string }[]>`
    select m.id, m.portal_id as "portalId" from public.portal_members m join public.logins l on l.id = m.login_id
    join public.portals p on p.id = m.portal_id where l.email = ${DEMO_ADDRESSES.anna} and p.name = 'Acme – Huisstijl'`);
  portalId = row!.portalId;
  annaMemberId = row!.id;
});

afterAll(async () => {
  await asService("test: undo the contact created here", async (tx) => {
    await tx`delete from public.portal_members m using public.contacts c where c.id = m.contact_id and c.email = 'route.probe@acme.example'`;
    await tx`delete from public.contacts where email = 'route.probe@acme.example'`;
    await tx`delete from public.logins where email = 'route.probe@acme.example'`;
  });
});

describe("the members page", () => {
  it("lists the portal's members, and is not found for another tenant's admin", async () => {
    const response = await loader({ request: new Request(url(), { headers: { Cookie: await adminCookieOf(DEMO_TENANT_WORKSPACE) } }), params: { portalId }, context: {} });
    const data = await response.json();
    expect(data.portal.name).toBe("Acme – Huisstijl");
    expect(data.members.map((member: { email: string }) => member.email)).toContain(DEMO_ADDRESSES.anna);
    expect(data.addable).toBeNull();

    const other = new Request(url(), { headers: { Cookie: await adminCookieOf(SECOND_TENANT_WORKSPACE) } });
    await expect(loader({ request: other, params: { portalId }, context: {} })).rejects.toMatchObject({ status: 404 });
    expect((await post({ intent: "remove", memberId: annaMemberId }, SECOND_TENANT_WORKSPACE)).status).toBe(404);
  });

  it("opens the portal as a member with intent=preview and memberId, as the portal page did", async () => {
    const response = await post({ intent: "preview", memberId: annaMemberId });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/portals/${portalId}`);
    expect(response.headers.get("Set-Cookie")).toMatch(/^portaal_preview=/);
    await expect(post({ intent: "preview", memberId: annaMemberId }, SECOND_TENANT_WORKSPACE)).rejects.toMatchObject({ status: 404 });
  });

  it("answers a new contact's problems at the field, and a malformed request with a toast", async () => {
    const bad = await post({ intent: "create-contact", firstName: "Route", lastName: "", email: "nope", jobTitle: "" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ ok: false, fieldErrors: { lastName: "admin.members.error.required", email: "admin.members.error.email" } });

    const good = await post({ intent: "create-contact", firstName: "Route", lastName: "Probe", email: "Route.Probe@acme.example", jobTitle: "", invite: "on" });
    expect(await good.json()).toEqual({
      ok: true, toast: { id: "admin.members.toast.createdInvited", values: { name: "Route Probe", customer: expect.any(String) } },
    });
    const again = await post({ intent: "create-contact", firstName: "Route", lastName: "Probe", email: "route.probe@acme.example", jobTitle: "" });
    expect(await again.json()).toEqual({ ok: false, fieldErrors: { email: "admin.members.error.alreadyMember" } });

    const malformed: Array<Record<string, string>> = [{ intent: "explode" }, { intent: "remove", memberId: "not-a-uuid" }, { intent: "invite" }];
    for (const body of malformed) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ ok: false, toast: { id: "admin.members.toast.invalid" } });
    }
  });

  it("invites several members from repeated memberId fields", async () => {
    const [probe] = await asService("test: the probe member", (tx) => tx<{ id: string }[]>`
      select m.id from public.portal_members m join public.contacts c on c.id = m.contact_id where c.email = 'route.probe@acme.example'`);
    const body = new URLSearchParams([["intent", "invite"], ["memberId", annaMemberId], ["memberId", probe!.id]]);
    const response = await post(body);
    expect(await response.json()).toEqual({ ok: true, toast: { id: "admin.members.toast.invited", values: { count: 2, name: "" } } });
  });
});
