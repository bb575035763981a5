import { Client } from "@sendgrid/client";
import { MailService, type MailDataRequired } from "@sendgrid/mail";
import type { DeliverableEmail, DeliveryResult, EarlierDelivery, EmailTransport } from "./transport";

export const SENDGRID_DEFAULT_BASE_URL = "https://api.sendgrid.com";
const DEFAULT_TIMEOUT_MS = 10_000;
/** A rate-limit reset further away than this is not believed; the worker tries again after an hour. */
const MAX_RETRY_AFTER_SECONDS = 3600;

export type SendGridTransportOptions = {
  apiKey: string;
  /** Portaal's sender address (EMAIL_FROM); a verified sender in the SendGrid account. */
  fromEmail: string;
  /** Used when the message has no sender name of its own. */
  fromName?: string;
  /** SendGrid's API by default; the local stand-in in the benchmark. */
  baseUrl?: string;
  /** Per request, connecting included. */
  timeoutMs?: number;
};

/**
 * Delivers through SendGrid's v3 Mail Send API with its official library.
 * Each transport has its own client (key, address, timeout): the library's
 * global singletons are never touched. deliver() never throws: every outcome
 * is a DeliveryResult, see classifyFailure for which ones are tried again.
 */
export function createSendGridTransport(options: SendGridTransportOptions): EmailTransport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new Client();
  client.setApiKey(options.apiKey);
  // After setApiKey, which sets the base URL of the account's region.
  client.setDefaultRequest("baseUrl", `${(options.baseUrl ?? SENDGRID_DEFAULT_BASE_URL).replace(/\/+$/, "")}/`);
  const mail = new MailService();
  mail.setClient(client);
  mail.setTimeout(timeoutMs); // the client's default request timeout: Mail Send and Email Activity alike

  return {
    name: "sendgrid",
    async deliver(email) {
      try {
        const [response] = await mail.send(mailSendData(email, options));
        return {
          ok: true,
          providerMessageId: headerOf(response.headers, "x-message-id"),
          providerStatus: response.statusCode,
        };
      } catch (error) {
        return classifyFailure(error, timeoutMs);
      }
    },
    async findEarlierDelivery(email) {
      // The activity query language quotes with "; a key that needs escaping is not ours.
      if (/["\\]/.test(email.idempotencyKey)) return "unknown";
      const query = `unique_args['${PORTAAL_KEY}']="${email.idempotencyKey}"`;
      try {
        const [response, body] = await client.request({
          method: "GET",
          url: `/v3/messages?limit=1&query=${encodeURIComponent(query)}`,
        });
        return response.statusCode === 200 ? earlierDeliveryFrom(body) : "unknown";
      } catch {
        // 403/404: the account has no Email Activity add-on (or the key no access to it); or the network.
        return "unknown";
      }
    },
  };
}

/** The custom argument that carries the idempotency key; findEarlierDelivery searches by it. */
export const PORTAAL_KEY = "portaal_key";

function mailSendData(email: DeliverableEmail, options: SendGridTransportOptions): MailDataRequired {
  const fromName = email.fromName ?? options.fromName;
  return {
    to: { email: email.to },
    from: fromName ? { email: options.fromEmail, name: fromName } : { email: options.fromEmail },
    ...(email.replyTo ? { replyTo: { email: email.replyTo } } : {}),
    subject: email.subject,
    // SendGrid refuses empty content blocks; send the parts there are.
    ...(email.text ? { text: email.text } : {}),
    ...(email.html ? { html: email.html } : {}),
    ...(email.attachments.length > 0
      ? {
          attachments: email.attachments.map((attachment) => ({
            content: attachment.contentBase64,
            filename: attachment.filename,
            type: attachment.contentType,
            disposition: "attachment",
          })),
        }
      : {}),
    customArgs: {
      [PORTAAL_KEY]: email.idempotencyKey,
      portaal_outbox_id: email.id,
      portaal_tenant: email.tenantId ?? "",
    },
  } as MailDataRequired;
}

function earlierDeliveryFrom(body: unknown): EarlierDelivery {
  const messages = isRecord(body) ? body.messages : undefined;
  if (!Array.isArray(messages)) return "unknown";
  const first: unknown = messages[0];
  if (first === undefined) return { delivered: false };
  // The activity feed's msg_id is the X-Message-Id that Mail Send answered, plus ".filter…" routing detail.
  const messageId = isRecord(first) && typeof first.msg_id === "string" ? first.msg_id.split(".")[0]! : null;
  return { delivered: true, providerMessageId: messageId };
}

/**
 * What a failed send means for the outbox:
 * - 429 and 5xx (and 408): SendGrid could not take it now; try again (after the rate-limit reset for 429).
 * - no answer (refused, reset, DNS, timeout): try again; whether SendGrid took it is unknown,
 *   and the custom argument lets findEarlierDelivery find out.
 * - other 4xx: SendGrid refused the message or the key; the same request cannot succeed, so not again.
 */
export function classifyFailure(error: unknown, timeoutMs: number): DeliveryResult {
  const failure = isRecord(error) ? error : {};
  const status = statusOf(failure);
  if (status !== undefined) {
    const response = isRecord(failure.response) ? failure.response : {};
    const detail = sendGridMessages(response.body ?? response.data) ?? (typeof failure.message === "string" ? failure.message : "");
    const text = (explanation: string) => `${status}: ${[explanation, detail].filter(Boolean).join(" — ") || "no details from SendGrid"}`;
    if (status === 429) {
      const retryAfterSeconds = retryAfterFrom(response.headers);
      return {
        ok: false,
        retry: true,
        error: text("rate limited by SendGrid"),
        providerStatus: status,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      };
    }
    if (status >= 500 || status === 408) {
      return { ok: false, retry: true, error: text(""), providerStatus: status };
    }
    const explanation =
      status === 401
        ? "SendGrid does not accept the API key (SENDGRID_API_KEY is wrong, revoked or deleted)"
        : status === 403
          ? "SendGrid refused: the API key lacks the Mail Send permission, or EMAIL_FROM is not a verified sender"
          : status === 413
            ? "the message is too large for SendGrid (30 MB at most, attachments included)"
            : "";
    return { ok: false, retry: status < 400, error: text(explanation), providerStatus: status };
  }

  const code = typeof failure.code === "string" ? failure.code : undefined;
  const message = typeof failure.message === "string" ? failure.message : String(error);
  if (code === "ETIMEDOUT" || (code === "ECONNABORTED" && /timeout/i.test(message))) {
    return { ok: false, retry: true, error: `timeout after ${timeoutMs} ms` };
  }
  if (failure.isAxiosError === true || code !== undefined) {
    const detail = code && !message.includes(code) ? `${code}: ${message}` : message;
    return { ok: false, retry: true, error: `network: ${detail || "no answer from SendGrid"}` };
  }
  return { ok: false, retry: true, error: `sendgrid: ${message}` };
}

/** The HTTP status of a failed request: ResponseError (code = status) or an axios error with a response. */
function statusOf(failure: Record<string, unknown>): number | undefined {
  const response = isRecord(failure.response) ? failure.response : undefined;
  if (!response) return undefined;
  if (typeof failure.code === "number") return failure.code;
  return typeof response.status === "number" ? response.status : undefined;
}

/** SendGrid's `{ errors: [{ message }] }`, joined; null when the body has none. */
function sendGridMessages(body: unknown): string | null {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body) as unknown;
    } catch {
      return body.trim() ? body.trim().slice(0, 500) : null;
    }
  }
  const errors = isRecord(parsed) && Array.isArray(parsed.errors) ? parsed.errors : [];
  const messages = errors
    .map((entry: unknown) => (isRecord(entry) && typeof entry.message === "string" ? entry.message : null))
    .filter((message): message is string => Boolean(message));
  return messages.length > 0 ? messages.join("; ") : null;
}

/** Seconds until X-RateLimit-Reset (epoch seconds), else Retry-After; within 1 s … 1 h. */
export function retryAfterFrom(headers: unknown, now = Date.now()): number | undefined {
  const clamp = (seconds: number) => Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(1, Math.ceil(seconds)));
  const reset = Number(headerOf(headers, "x-ratelimit-reset") ?? Number.NaN);
  if (Number.isFinite(reset) && reset > 0) return clamp(reset - now / 1000);
  const retryAfter = headerOf(headers, "retry-after");
  if (retryAfter === null) return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter.trim())) return clamp(Number(retryAfter));
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : clamp((date - now) / 1000);
}

/** A response header by name, whatever the case: axios' AxiosHeaders or a plain object. */
function headerOf(headers: unknown, name: string): string | null {
  if (!isRecord(headers)) return null;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === "string" && first !== "") return first;
  if (typeof first === "number") return String(first);
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
