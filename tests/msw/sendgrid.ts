import { delay, http, HttpResponse, type HttpHandler } from "msw";
import {
  answers,
  checkAuthorization,
  newMessageId,
  parseUniqueArgQuery,
  SENDGRID_API,
  validateMailSend,
  type MailSendMessage,
  type SendGridAnswer,
} from "./sendgrid-contract";

export type SendGridFailure = "400" | "401" | "413" | "429" | "500" | "503" | "timeout" | "network";

export type AcceptedMessage = MailSendMessage & { messageId: string; acceptedAt: Date };

export type SendGridStandInOptions = {
  /** The key the stand-in accepts as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** Where it answers; SendGrid's own address by default. */
  baseUrl?: string;
  /** How far ahead a scripted 429 puts X-RateLimit-Reset. */
  rateLimitResetSeconds?: number;
};

export type SendGridStandIn = {
  handlers: HttpHandler[];
  /** Messages SendGrid took (202), oldest first. */
  readonly accepted: AcceptedMessage[];
  /** Every POST to /v3/mail/send, whatever the answer. */
  readonly requests: number;
  /** false: /v3/messages answers 403, like an account without the Email Activity add-on. */
  activityApi: boolean;
  /** The next `times` Mail Send requests fail this way, before any check. */
  failNext: (kind: SendGridFailure, times?: number) => void;
  /** Forgets accepted messages, the request count and the script. */
  reset: () => void;
};

export const STAND_IN_API_KEY = "SG.stand-in-test-key";

function respond(answer: SendGridAnswer): Response {
  return answer.body === null
    ? new HttpResponse(null, { status: answer.status, headers: answer.headers })
    : HttpResponse.json(answer.body, { status: answer.status, headers: answer.headers });
}

/**
 * A stateful stand-in for SendGrid's v3 Mail Send and Email Activity APIs,
 * as msw handlers: `setupServer(...standIn.handlers)`.
 */
export function createSendGridStandIn(options: SendGridStandInOptions = {}): SendGridStandIn {
  const apiKey = options.apiKey ?? STAND_IN_API_KEY;
  const baseUrl = (options.baseUrl ?? SENDGRID_API).replace(/\/+$/, "");
  const resetSeconds = options.rateLimitResetSeconds ?? 30;
  const accepted: AcceptedMessage[] = [];
  const script: SendGridFailure[] = [];
  let requests = 0;

  async function scriptedFailure(kind: SendGridFailure): Promise<Response> {
    switch (kind) {
      case "400":
        return respond(answers.badRequest("Does not contain a valid address.", "personalizations.0.to.0.email"));
      case "401":
        return respond(answers.unauthorized());
      case "413":
        return respond(answers.tooLarge());
      case "429":
        return respond(answers.rateLimited(resetSeconds));
      case "500":
        return respond(answers.serverError(500));
      case "503":
        return respond(answers.serverError(503));
      case "timeout":
        // Never answers; the client's timeout ends the request.
        await delay("infinite");
        return respond(answers.serverError(503));
      case "network":
        return HttpResponse.error();
    }
  }

  const standIn: SendGridStandIn = {
    handlers: [
      http.post(`${baseUrl}/v3/mail/send`, async ({ request }) => {
        requests += 1;
        const failure = script.shift();
        if (failure) return scriptedFailure(failure);
        const unauthorized = checkAuthorization(request.headers.get("authorization"), apiKey);
        if (unauthorized) return respond(unauthorized);
        const checked = validateMailSend(await request.text());
        if (!checked.ok) return respond(checked.answer);
        const messageId = newMessageId();
        accepted.push({ ...checked.message, messageId, acceptedAt: new Date() });
        return new HttpResponse(null, { status: 202, headers: { "X-Message-Id": messageId } });
      }),
      http.get(`${baseUrl}/v3/messages`, ({ request }) => {
        const unauthorized = checkAuthorization(request.headers.get("authorization"), apiKey);
        if (unauthorized) return respond(unauthorized);
        if (!standIn.activityApi) return respond(answers.forbidden());
        const url = new URL(request.url);
        const filter = parseUniqueArgQuery(url.searchParams.get("query"));
        if (!filter) return respond(answers.badRequest("invalid query", "query"));
        const limit = Number(url.searchParams.get("limit") ?? "10");
        const messages = accepted
          .filter((message) => message.customArgs[filter.name] === filter.value)
          .slice(0, Number.isFinite(limit) && limit > 0 ? limit : 10)
          .map((message) => ({
            from_email: message.from.email,
            // The activity's msg_id starts with the X-Message-Id of the request.
            msg_id: `${message.messageId}.filterdrecv-5bd8c9b5b-2kz7q-1-6571A3F0-1.0`,
            subject: message.subject,
            to_email: message.to[0],
            status: "delivered",
            opens_count: 0,
            clicks_count: 0,
            last_event_time: message.acceptedAt.toISOString(),
          }));
        return HttpResponse.json({ messages });
      }),
    ],
    accepted,
    get requests() {
      return requests;
    },
    activityApi: true,
    failNext(kind, times = 1) {
      for (let index = 0; index < times; index += 1) script.push(kind);
    },
    reset() {
      accepted.length = 0;
      script.length = 0;
      requests = 0;
      standIn.activityApi = true;
    },
  };
  return standIn;
}
