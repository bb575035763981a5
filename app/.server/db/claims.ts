/**
 * Who is asking. These become `request.jwt.claims`, shaped like a Supabase
 * JWT, so that `auth.uid()` and `auth.jwt()` in the policies work unchanged.
 */
export type ContactClaims = {
  kind: "contact";
  loginId: string;
  sessionId: string;
};

export type AdminClaims = {
  kind: "admin";
  tenantId: string;
  adminId: string;
};

export type Claims = ContactClaims | AdminClaims;

export function toJwtClaims(claims: Claims): Record<string, string> {
  if (claims.kind === "contact") {
    return {
      role: "authenticated",
      aud: "authenticated",
      sub: claims.loginId,
      app_role: "contact",
      session_id: claims.sessionId,
    };
  }
  return {
    role: "authenticated",
    aud: "authenticated",
    sub: claims.adminId,
    app_role: "admin",
    tenant_id: claims.tenantId,
  };
}
