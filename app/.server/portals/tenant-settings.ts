import type { Tx } from "../db";

export type SignInSettings = { codeLifetimeMinutes: number };

/** The admin's tenant's sign-in settings; RLS limits the read to their own tenant. */
export async function getSignInSettings(tx: Tx): Promise<SignInSettings | null> {
  const [row] = await tx<SignInSettings[]>`select code_lifetime_minutes as "codeLifetimeMinutes" from public.tenants limit 1`;
  return row ?? null;
}

/** Changes how long sign-in codes of the tenant's portals stay valid (F-10: at most 15 minutes). */
export async function updateSignInSettings(tx: Tx, settings: SignInSettings): Promise<boolean> {
  const updated = await tx`
    update public.tenants set code_lifetime_minutes = ${settings.codeLifetimeMinutes}, updated_at = now()
    where id = (select private.admin_tenant_id()) returning id`;
  return updated.length === 1;
}
