/**
 * A local stand-in for SendGrid's Mail Send API for the e-mail benchmark: a
 * real HTTP server (node:http) on 127.0.0.1 that answers like SendGrid's v3
 * API (tests/msw/sendgrid-contract.ts): 401 without the key, 400 for a body
 * SendGrid would refuse, 413 above 30 MB, else 202 with an X-Message-Id.
 * Point the transport at it with `baseUrl` (or SENDGRID_BASE_URL).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import {
  answers,
  checkAuthorization,
  MAX_MAIL_SEND_BYTES,
  newMessageId,
  sendGridError,
  validateMailSend,
  type SendGridAnswer,
} from "../tests/msw/sendgrid-contract";

export type SendGridStandInServer = {
  /** e.g. http://127.0.0.1:41234 — the transport's baseUrl. */
  baseUrl: string;
  /** Messages answered 202 so far. */
  accepted: () => number;
  /** POSTs to /v3/mail/send so far, whatever the answer. */
  requests: () => number;
  stop: () => Promise<void>;
};

/** Reads the body, or null once it passes the limit (the rest is drained unread). */
async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_MAIL_SEND_BYTES) tooLarge = true;
    if (!tooLarge) chunks.push(buffer);
  }
  return tooLarge ? null : Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, answer: SendGridAnswer): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.body === null) {
    response.writeHead(answer.status, headers).end();
    return;
  }
  headers["Content-Type"] = "application/json";
  response.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
}

export async function startSendGridStandIn(options: { apiKey: string; latencyMs?: number }): Promise<SendGridStandInServer> {
  const latencyMs = options.latencyMs ?? 0;
  let accepted = 0;
  let requests = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://stand-in").pathname;
    if (request.method !== "POST" || path !== "/v3/mail/send") {
      request.resume();
      send(response, { status: 404, body: sendGridError("not found") });
      return;
    }
    requests += 1;
    const unauthorized = checkAuthorization(request.headers.authorization, options.apiKey);
    const body = await readBody(request);
    if (latencyMs > 0) await sleep(latencyMs);
    if (unauthorized) return send(response, unauthorized);
    if (body === null) return send(response, answers.tooLarge());
    const checked = validateMailSend(body);
    if (!checked.ok) return send(response, checked.answer);
    accepted += 1;
    send(response, { status: 202, body: null, headers: { "X-Message-Id": newMessageId() } });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, { status: 500, body: sendGridError(`stand-in: ${(error as Error).message}`) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accepted: () => accepted,
    requests: () => requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
