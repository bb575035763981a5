import { randomUUID } from "node:crypto";
import { signedHeaders } from "../signatures";

/** Builds a signed request for receiveHostWebhook, as the host (or its simulator) sends it. */
export function signedRequest(secret: string, payload: unknown, options: { timestamp?: Date; webhookId?: string } = {}) {
  const body = JSON.stringify(payload);
  const headers = new Headers(signedHeaders(secret, options.webhookId ?? `msg_${randomUUID()}`, body, options.timestamp));
  return { body, headers };
}
