import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { batches, generateHostDataset, installEvent, type DatasetSize } from "./dataset";
import { signedHeaders } from "../signatures";

export type SimulationOptions = {
  url: string;
  secret: string;
  workspace: string;
  name: string;
  size: DatasetSize;
  log?: (line: string) => void;
};

/**
 * Plays the host against a running Portaal through its real endpoint:
 * installs the workspace, pushes a realistic dataset in batches (including
 * hours submitted for the customer's approval), and reports what came back.
 */
export async function simulateHost(options: SimulationOptions): Promise<{ events: number; applied: number; waiting: number; failed: number }> {
  const log = options.log ?? (() => {});
  const endpoint = new URL("/webhooks/host", options.url).toString();
  const post = async (payload: unknown) => {
    const body = JSON.stringify(payload);
    const response = await fetch(endpoint, { method: "POST", headers: signedHeaders(options.secret, `msg_${randomUUID()}`, body), body });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200) throw new Error(`Portaal answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  await post(installEvent(options.workspace, options.name));
  log(`installed workspace ${options.workspace} ("${options.name}")`);
  const events = generateHostDataset(options.size, 7);
  const totals = { events: events.length, applied: 0, waiting: 0, failed: 0 };
  for (const [index, batch] of batches(options.workspace, events).entries()) {
    const answer = await post(batch);
    totals.applied += Number(answer.applied);
    totals.waiting += Number(answer.waiting);
    totals.failed += (answer.failed as unknown[]).length;
    log(`batch ${index + 1}: ${String(answer.received)} events, ${String(answer.applied)} applied, ${String(answer.waiting)} waiting, ${(answer.failed as unknown[]).length} failed`);
  }
  const submitted = events.filter((event) => event.type === "registration.updated" && event.data.status === "pending_external").length;
  log(`pushed ${events.length} events; ${submitted} registrations are submitted for the customer's approval`);
  return totals;
}

export type ReceivedEvent = { type: string; workspace_id: string; data: Record<string, unknown> };

/** Listens for Portaal's outbound events like the host would, checking every signature. */
export async function listenForPortaalEvents(
  options: { port: number; secret: string; onEvent: (event: ReceivedEvent) => void },
): Promise<{ url: string; close: () => Promise<void> }> {
  const webhook = new Webhook(options.secret);
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      try {
        const event = webhook.verify(body, {
          "webhook-id": String(request.headers["webhook-id"] ?? ""),
          "webhook-timestamp": String(request.headers["webhook-timestamp"] ?? ""),
          "webhook-signature": String(request.headers["webhook-signature"] ?? ""),
        }) as ReceivedEvent;
        options.onEvent(event);
        response.writeHead(204).end();
      } catch {
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/events`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
