import { randomBytes } from "node:crypto";

/**
 * What SendGrid's v3 API answers, shared by the msw stand-in (tests/msw/sendgrid.ts)
 * and the real local HTTP stand-in of the benchmark (bench/sendgrid-stand-in.ts).
 * The messages are SendGrid's own wording where we know it.
 */

export const SENDGRID_API = "https://api.sendgrid.com";
/** Mail Send refuses a request body larger than this (attachments included). */
export const MAX_MAIL_SEND_BYTES = 30 * 1024 * 1024;

export type SendGridErrorBody = { errors: Array<{ message: string; field: string | null; help: string | null }> };
export type SendGridAnswer = { status: number; body: SendGridErrorBody | null; headers?: Record<string, string> };

export function sendGridError(message: string, field: string | null = null, help: string | null = null): SendGridErrorBody {
  return { errors: [{ message, field, help }] };
}

export const answers = {
  unauthorized: (): SendGridAnswer => ({
    status: 401,
    body: sendGridError("The provided authorization grant is invalid, expired, or revoked"),
  }),
  forbidden: (): SendGridAnswer => ({ status: 403, body: sendGridError("access forbidden") }),
  tooLarge: (): SendGridAnswer => ({
    status: 413,
    body: sendGridError("The JSON payload you have included in your request is too large. Please ensure the total size of your payload is less than 30 MB."),
  }),
  badRequest: (message: string, field: string | null = null): SendGridAnswer => ({
    status: 400,
    body: sendGridError(message, field, "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html"),
  }),
  rateLimited: (resetInSeconds: number): SendGridAnswer => ({
    status: 429,
    body: sendGridError("too many requests"),
    headers: {
      "X-RateLimit-Limit": "600",
      "X-RateLimit-Remaining": "0",
      "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000) + resetInSeconds),
    },
  }),
  serverError: (status: 500 | 503): SendGridAnswer => ({
    status,
    body: sendGridError(status === 500 ? "Internal server error" : "Service Unavailable"),
  }),
};

/** null when the Authorization header carries the key; SendGrid's 401 otherwise. */
export function checkAuthorization(header: string | null | undefined, apiKey: string): SendGridAnswer | null {
  return header === `Bearer ${apiKey}` ? null : answers.unauthorized();
}

export type MailSendAddress = { email: string; name?: string };
export type MailSendAttachment = { content: string; filename: string; type?: string; disposition?: string };

/** The parts of a Mail Send request body the stand-ins record. */
export type MailSendMessage = {
  to: string[];
  from: MailSendAddress;
  replyTo: MailSendAddress | null;
  subject: string;
  content: Array<{ type: string; value: string }>;
  customArgs: Record<string, string>;
  attachments: MailSendAttachment[];
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isAddress = (value: unknown): value is MailSendAddress => isRecord(value) && typeof value.email === "string" && value.email !== "";

/**
 * Validates a Mail Send body the way SendGrid does, minimally: size, JSON,
 * personalizations with a recipient, from, subject and content.
 */
export function validateMailSend(rawBody: string): { ok: true; message: MailSendMessage } | { ok: false; answer: SendGridAnswer } {
  if (Buffer.byteLength(rawBody) > MAX_MAIL_SEND_BYTES) return { ok: false, answer: answers.tooLarge() };
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    return { ok: false, answer: answers.badRequest("Bad Request") };
  }
  if (!isRecord(body)) return { ok: false, answer: answers.badRequest("Bad Request") };

  const personalizations = Array.isArray(body.personalizations) ? body.personalizations.filter(isRecord) : [];
  if (personalizations.length === 0) {
    return {
      ok: false,
      answer: answers.badRequest("The personalizations field is required and must have at least one personalization.", "personalizations"),
    };
  }
  const to = personalizations.flatMap((personalization) =>
    Array.isArray(personalization.to) ? personalization.to.filter(isAddress).map((address) => address.email) : [],
  );
  if (to.length === 0) {
    return {
      ok: false,
      answer: answers.badRequest("The to array is required for all personalization objects, and must have at least one email object with a valid email address.", "personalizations.0.to"),
    };
  }
  if (!isAddress(body.from)) {
    return {
      ok: false,
      answer: answers.badRequest("The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.", "from.email"),
    };
  }
  const subject = typeof body.subject === "string" ? body.subject : personalizations.map((p) => p.subject).find((s) => typeof s === "string");
  if (typeof subject !== "string" || subject === "") {
    return {
      ok: false,
      answer: answers.badRequest("The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.", "subject"),
    };
  }
  const content = Array.isArray(body.content)
    ? body.content.filter((block): block is { type: string; value: string } => isRecord(block) && typeof block.type === "string" && typeof block.value === "string" && block.value !== "")
    : [];
  if (content.length === 0) {
    return {
      ok: false,
      answer: answers.badRequest("Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.", "content"),
    };
  }
  const attachments = Array.isArray(body.attachments) ? body.attachments : [];
  const validAttachments = attachments.filter(
    (attachment): attachment is MailSendAttachment =>
      isRecord(attachment) && typeof attachment.content === "string" && typeof attachment.filename === "string",
  );
  if (validAttachments.length !== attachments.length) {
    return {
      ok: false,
      answer: answers.badRequest("The attachment content and filename are required.", "attachments"),
    };
  }
  const customArgs = isRecord(body.custom_args)
    ? Object.fromEntries(Object.entries(body.custom_args).filter((entry): entry is [string, string] => typeof entry[1] === "string"))
    : {};
  return {
    ok: true,
    message: {
      to,
      from: body.from,
      replyTo: isAddress(body.reply_to) ? body.reply_to : null,
      subject,
      content,
      customArgs,
      attachments: validAttachments,
    },
  };
}

/** A value shaped like SendGrid's X-Message-Id (22 URL-safe characters). */
export function newMessageId(): string {
  return randomBytes(16).toString("base64url").slice(0, 22);
}

/** The Email Activity filter `unique_args['name']="value"`, or null when the query is something else. */
export function parseUniqueArgQuery(query: string | null): { name: string; value: string } | null {
  const match = /^\(?\s*unique_args\['([^']+)'\]\s*=\s*"([^"]*)"\s*\)?$/.exec(query ?? "");
  return match ? { name: match[1]!, value: match[2]! } : null;
}
