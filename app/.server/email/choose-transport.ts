import { isDemoMode } from "../config/mode";
import { demoMailboxTransport, type EmailTransport } from "./transport";

/** Demo mode delivers into the dev mailbox; otherwise the configured provider. */
export function chooseEmailTransport(): EmailTransport | null {
  if (isDemoMode()) return demoMailboxTransport;
  return null;
}
