import { Webhook, WebhookVerificationError } from "standardwebhooks";

/** The fixed secret of demo mode, so that the host simulator works out of the box. Never for production. */
export const DEMO_HOST_WEBHOOK_SECRET = `whsec_${Buffer.from("portaal-demo-host-secret-never-use-in-production").toString("base64")}`;

/**
 * HOST_WEBHOOK_SECRET may hold several secrets separated by spaces or commas:
 * during a rotation both the old and the new one verify.
 */
export function parseSecrets(value: string | undefined): string[] {
  return (value ?? "").split(/[\s,]+/).map((secret) => secret.trim()).filter(Boolean);
}

export type Verification = { ok: true; webhookId: string } | { ok: false; reason: string };

/**
 * Standard Webhooks verification (`standardwebhooks`): the signature of
 * `webhook-id.webhook-timestamp.body` with any of the secrets, any of the
 * signatures in the header, and a timestamp within 5 minutes.
 */
export function verifyHostWebhook(body: string, headers: Headers, secrets: string[]): Verification {
  const webhookHeaders = {
    "webhook-id": headers.get("webhook-id") ?? "",
    "webhook-timestamp": headers.get("webhook-timestamp") ?? "",
    "webhook-signature": headers.get("webhook-signature") ?? "",
  };
  if (!webhookHeaders["webhook-id"] || !webhookHeaders["webhook-timestamp"] || !webhookHeaders["webhook-signature"]) {
    return { ok: false, reason: "missing webhook-id, webhook-timestamp or webhook-signature header" };
  }
  if (secrets.length === 0) return { ok: false, reason: "no HOST_WEBHOOK_SECRET is configured" };
  let reason = "no matching signature";
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(body, webhookHeaders);
      return { ok: true, webhookId: webhookHeaders["webhook-id"] };
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      reason = error.message;
    }
  }
  return { ok: false, reason };
}

/** Headers for a request signed the Standard Webhooks way. */
export function signedHeaders(secret: string, webhookId: string, body: string, timestamp = new Date()): Record<string, string> {
  return {
    "content-type": "application/json",
    "webhook-id": webhookId,
    "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(webhookId, timestamp, body),
  };
}
