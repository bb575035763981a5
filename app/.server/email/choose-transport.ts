import { readEnvironment } from "../config/env";
import { isDemoMode } from "../config/mode";
import { createSendGridTransport } from "./sendgrid";
import { demoMailboxTransport, type EmailTransport } from "./transport";

/**
 * Demo mode delivers into the dev mailbox; otherwise SendGrid when SENDGRID_API_KEY
 * is set (EMAIL_FROM is then required: readEnvironment says so in one line), else none.
 */
export function chooseEmailTransport(): EmailTransport | null {
  if (isDemoMode()) return demoMailboxTransport;
  const environment = readEnvironment();
  if (environment.SENDGRID_API_KEY && environment.EMAIL_FROM) {
    return createSendGridTransport({
      apiKey: environment.SENDGRID_API_KEY,
      fromEmail: environment.EMAIL_FROM,
      baseUrl: environment.SENDGRID_BASE_URL,
    });
  }
  return null;
}
