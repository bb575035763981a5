import { json, type ActionFunctionArgs } from "@remix-run/node";
import { MAX_BODY_BYTES, receiveHostWebhook } from "~/.server/host/ingest";
import { wakeOutboxWorker } from "~/.server/email/worker";

/** Inbound webhooks from the host platform (docs/host-integration.md). */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ error: "use POST" }, { status: 405, headers: { Allow: "POST" } });
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return json({ error: "the body is larger than 10 MB" }, { status: 413 });
  const answer = await receiveHostWebhook(await request.text(), request.headers);
  // Whatever the events set in motion (e-mail) happens after the commit, outside this request.
  if (answer.status === 200) wakeOutboxWorker();
  return json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}

export const loader = () => json({ error: "use POST" }, { status: 405, headers: { Allow: "POST" } });
