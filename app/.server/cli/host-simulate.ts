import { parseArgs } from "node:util";
import { DEMO_HOST_WEBHOOK_SECRET, parseSecrets } from "../host/signatures";
import { listenForPortaalEvents, simulateHost } from "../host/simulator/simulate";

/**
 * `npm run host:simulate`: plays the host platform against a running Portaal
 * (docs/host-integration.md). Start Portaal with
 * HOST_EVENTS_URL=http://127.0.0.1:4455/events to see its events arrive here.
 */
const { values } = parseArgs({
  options: {
    url: { type: "string", default: process.env.PORTAAL_URL ?? "http://localhost:3000" },
    workspace: { type: "string", default: "ws-simulated" },
    name: { type: "string", default: "Gesimuleerd Bureau" },
    port: { type: "string", default: "4455" },
    registrations: { type: "string", default: "600" },
    "no-listen": { type: "boolean", default: false },
  },
});

const secret = parseSecrets(process.env.HOST_WEBHOOK_SECRET)[0] ?? DEMO_HOST_WEBHOOK_SECRET;
const eventsSecret = process.env.HOST_EVENTS_SECRET ?? secret;

async function main() {
  const listener = values["no-listen"]
    ? null
    : await listenForPortaalEvents({
        port: Number(values.port),
        secret: eventsSecret,
        onEvent: (event) => console.log(`← ${event.type} for ${event.workspace_id}: ${JSON.stringify(event.data)}`),
      });
  if (listener) console.log(`listening for Portaal's events on ${listener.url} (start Portaal with HOST_EVENTS_URL=${listener.url})`);
  try {
    const totals = await simulateHost({
      url: values.url!, secret, workspace: values.workspace!, name: values.name!,
      size: { customers: 5, projectsPerCustomer: 2, employees: 8, registrations: Number(values.registrations) },
      log: (line) => console.log(`→ ${line}`),
    });
    console.log(`done: ${totals.events} events, ${totals.applied} applied, ${totals.waiting} waiting, ${totals.failed} failed`);
  } catch (error) {
    console.error(`host simulator: ${(error as Error).message}`);
    if ((error as { cause?: { code?: string } }).cause?.code === "ECONNREFUSED") console.error(`Is Portaal running at ${values.url}? Start it with npm start.`);
    await listener?.close();
    process.exit(1);
  }
  if (!listener) return;
  console.log("waiting for Portaal's events; Ctrl+C stops");
  process.once("SIGINT", () => void listener.close().then(() => process.exit(0)));
}

void main();
