import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { isDemoMode } from "~/.server/config/mode";
import { listDevMailbox } from "~/.server/email/dev-mailbox";
import { notFound } from "~/.server/http/params";

/** Demo mode: what was "sent" to an address, newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!isDemoMode()) throw notFound();
  const messages = await listDevMailbox(new URL(request.url).searchParams.get("to"));
  return json(messages, { headers: { "Cache-Control": "no-store" } });
}
