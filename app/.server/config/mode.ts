/** Demo mode: demo admin sign-in and the dev mailbox. On by default only on the embedded database. */
export function isDemoMode(): boolean {
  return process.env.PORTAAL_DEMO_MODE === "true";
}
