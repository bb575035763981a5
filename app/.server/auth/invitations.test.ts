import { addDays } from "date-fns";
import { describe, expect, it } from "vitest";
import { adminClaimsOf } from "../../../tests/support/claims";
import { asService, withClaims } from "../db";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "../seed/demo";
import { requestSignInCode, verifySignInCode } from "./codes";
import { createInvitation, hashInvitationToken, INVITATION_LIFETIME_DAYS, openInvitation, sendInvitation } from "./invitations";

const info = { ip: "192.0.2.40", userAgent: "vitest" };

async function membershipOf(email: string, portalName: string): Promise<string> {
  const [row] = await asService("test: find the membership", (tx) => tx<{ id: string }[]>`
    select m.id from public.portal_members m join public.portals p on p.id = m.portal_id
    join public.logins l on l.id = m.login_id where l.email = ${email} and p.name = ${portalName}`);
  return row!.id;
}

describe("invitations", () => {
  it("are 256-bit tokens, stored only as a hash, valid for 14 days", async () => {
    const admin = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const memberId = await membershipOf(DEMO_ADDRESSES.bram, "Acme – Website en app");
    const now = new Date();
    const invitation = await withClaims(admin, (tx) => createInvitation(tx, { memberId, adminId: admin.adminId, now }));
    expect(invitation!.token.length).toBeGreaterThanOrEqual(43);
    expect(invitation!.expiresAt.getTime()).toBe(addDays(now, INVITATION_LIFETIME_DAYS).getTime());
    const [stored] = await asService("test: read", (tx) => tx<{ token_hash: string }[]>`
      select token_hash from public.member_invitations where member_id = ${memberId} order by created_at desc limit 1`);
    expect(stored!.token_hash).toBe(hashInvitationToken(invitation!.token));
    expect(stored!.token_hash).not.toContain(invitation!.token);
  });

  it("open only the branded sign-in page: address, portal and tenant, no portal data and no session", async () => {
    const admin = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const memberId = await membershipOf(DEMO_ADDRESSES.bram, "Acme – Website en app");
    const invitation = await withClaims(admin, (tx) => createInvitation(tx, { memberId, adminId: admin.adminId }));
    const page = await openInvitation(invitation!.token);
    expect(page).toEqual({
      email: DEMO_ADDRESSES.bram,
      portalName: "Acme – Website en app",
      tenantName: "Studio Noord",
      accentColor: "#0b6e4f",
      logoUrl: null,
      invitationText: expect.stringContaining("klantportaal"),
      language: "nl",
    });
  });

  it("stop working after 14 days, for a removed member, a disabled portal, or a made-up token", async () => {
    const admin = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const memberId = await membershipOf(DEMO_ADDRESSES.bram, "Acme – Website en app");
    const invitation = await withClaims(admin, (tx) => createInvitation(tx, { memberId, adminId: admin.adminId }));
    const token = invitation!.token;
    expect(await openInvitation(token, addDays(new Date(), 15))).toBeNull();
    expect(await openInvitation("made-up-token-made-up-token-made-up-token")).toBeNull();
    for (const [revoke, restore] of [
      ["update public.portal_members set removed_at = now() where id = $1", "update public.portal_members set removed_at = null where id = $1"],
      [
        "update public.portals set status = 'disabled' where id = (select portal_id from public.portal_members where id = $1)",
        "update public.portals set status = 'active' where id = (select portal_id from public.portal_members where id = $1)",
      ],
    ] as const) {
      await asService("test: revoke", (tx) => tx.unsafe(revoke, [memberId]));
      try {
        expect(await openInvitation(token)).toBeNull();
      } finally {
        await asService("test: restore", (tx) => tx.unsafe(restore, [memberId]));
      }
    }
  });

  it("cannot be made by an admin of another tenant", async () => {
    const other = await adminClaimsOf(SECOND_TENANT_WORKSPACE);
    const memberId = await membershipOf(DEMO_ADDRESSES.bram, "Acme – Website en app");
    expect(await withClaims(other, (tx) => createInvitation(tx, { memberId, adminId: other.adminId }))).toBeNull();
    expect(await sendInvitation(other, { memberId, baseUrl: "http://localhost:3000", info })).toBe(false);
  });

  it("are e-mailed by the admin, and accepted with the first successful code", async () => {
    const admin = await adminClaimsOf(DEMO_TENANT_WORKSPACE);
    const memberId = await membershipOf(DEMO_ADDRESSES.carla, "Globex");
    await asService("test: a fresh member and no limits", async (tx) => {
      await tx`update public.portal_members set accepted_at = null, invited_at = null where id = ${memberId}`;
      await tx`delete from public.rate_limit_hits`;
    });
    expect(await sendInvitation(admin, { memberId, baseUrl: "http://localhost:3000", info })).toBe(true);
    const [mail] = await asService("test: read the outbox", (tx) => tx<{ text_body: string; subject: string }[]>`
      select text_body, subject from public.email_outbox where to_address = ${DEMO_ADDRESSES.carla} and template = 'invitation'
      order by created_at desc limit 1`);
    expect(mail!.subject).toBe("Studio Noord nodigt je uit voor het klantportaal");
    const token = /\/invite\/([A-Za-z0-9_-]{43})/.exec(mail!.text_body)![1]!;

    const [invited] = await asService("test: read", (tx) => tx<{ invitedAt: Date | null; acceptedAt: Date | null }[]>`
      select invited_at as "invitedAt", accepted_at as "acceptedAt" from public.portal_members where id = ${memberId}`);
    expect(invited!.invitedAt).not.toBeNull();
    expect(invited!.acceptedAt).toBeNull();

    await requestSignInCode({ email: DEMO_ADDRESSES.carla, language: "nl", baseUrl: "http://localhost:3000", info, minimumMs: 0 });
    const [codeMail] = await asService("test: read the outbox", (tx) => tx<{ text_body: string }[]>`
      select text_body from public.email_outbox where to_address = ${DEMO_ADDRESSES.carla} and template = 'sign-in-code'
      order by created_at desc limit 1`);
    const code = /(\d{4}) (\d{4})/.exec(codeMail!.text_body)!;
    const result = await verifySignInCode({ email: DEMO_ADDRESSES.carla, code: code[1]! + code[2]!, info, invitationToken: token });
    expect(result.status).toBe("signed-in");

    const [state] = await asService("test: read", (tx) => tx<{ member: Date | null; invitation: Date | null }[]>`
      select m.accepted_at as member, i.accepted_at as invitation
      from public.portal_members m join public.member_invitations i on i.member_id = m.id
      where m.id = ${memberId} and i.token_hash = ${hashInvitationToken(token)}`);
    expect(state!.member).not.toBeNull();
    expect(state!.invitation).not.toBeNull();
  });
});
