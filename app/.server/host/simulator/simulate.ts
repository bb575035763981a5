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
  const post = poster(options);
  await post(installEvent(options.workspace, options.name));
  log(`installed workspace ${options.workspace} ("${options.name}")`);
  const events = generateHostDataset(options.size, DATASET_SEED);
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

const DATASET_SEED = 7;

function poster(options: { url: string; secret: string }) {
  const endpoint = new URL("/webhooks/host", options.url).toString();
  return async (payload: unknown) => {
    const body = JSON.stringify(payload);
    const response = await fetch(endpoint, { method: "POST", headers: signedHeaders(options.secret, `msg_${randomUUID()}`, body), body });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200) throw new Error(`Portaal answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
}

/**
 * Later, as an employee does in the host: submits open hours of one project
 * of an earlier simulation for the customer's approval, in one batch.
 * Returns the host ids of the registrations it submitted.
 */
export async function submitHoursForApproval(
  options: Omit<SimulationOptions, "name" | "log"> & { project: string; count: number },
): Promise<string[]> {
  const latest = new Map<string, Record<string, unknown> | null>();
  for (const event of generateHostDataset(options.size, DATASET_SEED)) {
    if (!event.type.startsWith("registration.")) continue;
    latest.set(String(event.data.id), event.type === "registration.deleted" ? null : event.data);
  }
  const chosen = [...latest.values()]
    .filter((data): data is Record<string, unknown> => data !== null && data.project_id === options.project && data.status === "open")
    .slice(0, options.count);
  const submittedAt = new Date().toISOString();
  const events = chosen.map((data) => ({
    type: "registration.updated",
    data: { ...data, status: "pending_external", submitted_at: submittedAt, version: Number(data.version) + 1 },
  }));
  for (const batch of batches(options.workspace, events)) await poster(options)(batch);
  return chosen.map((data) => String(data.id));
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
