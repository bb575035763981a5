/**
 * Host webhook ingestion (`npm run bench`, docs/benchmarks.md): events per
 * second through the real receiver (signature check, raw store, validation,
 * apply), one event per request and in batches of 1,000, on a fresh database
 * on the Postgres server. Target: at least 2,000 events/s batched.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { receiveHostWebhook } from "../app/.server/host/ingest";
import { batches, generateHostDataset, installEvent } from "../app/.server/host/simulator/dataset";
import { signedRequest } from "../app/.server/host/simulator/requests";
import { withFreshDatabase } from "./fresh-database";

const TARGET_BATCHED = 2000;

export async function benchHostIngest(): Promise<boolean> {
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  process.env.HOST_WEBHOOK_SECRET = secret;
  return withFreshDatabase(async () => {
    const send = async (payload: unknown) => {
      const { body, headers } = signedRequest(secret, payload);
      const answer = await receiveHostWebhook(body, headers);
      if (answer.status !== 200 || (answer.body.failed as unknown[] | undefined)?.length) {
        throw new Error(`the receiver answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      }
    };
    await send(installEvent("bench-single", "Bench single"));
    await send(installEvent("bench-batched", "Bench batched"));

    const singleEvents = generateHostDataset({ customers: 10, projectsPerCustomer: 2, employees: 20, registrations: 1500 }, 1);
    const singleStart = performance.now();
    for (const event of singleEvents) await send({ ...event, workspace_id: "bench-single" });
    const singleSeconds = (performance.now() - singleStart) / 1000;

    const batchedEvents = generateHostDataset({ customers: 60, projectsPerCustomer: 3, employees: 60, registrations: 16_000 }, 2);
    const requests = batches("bench-batched", batchedEvents);
    const batchStart = performance.now();
    const perBatch: number[] = [];
    for (const request of requests) {
      const started = performance.now();
      await send(request);
      perBatch.push(performance.now() - started);
    }
    const batchedSeconds = (performance.now() - batchStart) / 1000;
    perBatch.sort((a, b) => a - b);

    const single = singleEvents.length / singleSeconds;
    const batched = batchedEvents.length / batchedSeconds;
    console.log(`\nhost webhooks through the receiver (signature, raw store, validation, apply), Postgres server`);
    console.log(`one event per request:   ${singleEvents.length} events in ${singleSeconds.toFixed(1)} s = ${single.toFixed(0)} events/s`);
    console.log(`batches of 1,000 events: ${batchedEvents.length} events in ${requests.length} requests, ${batchedSeconds.toFixed(1)} s = ${batched.toFixed(0)} events/s`);
    console.log(`  per batch: median ${perBatch[Math.floor(perBatch.length / 2)]!.toFixed(0)} ms, slowest ${perBatch[perBatch.length - 1]!.toFixed(0)} ms`);
    console.log(`batched target ≥ ${TARGET_BATCHED} events/s: ${batched >= TARGET_BATCHED ? "met" : "MISSED"}\n`);
    return batched >= TARGET_BATCHED;
  }).finally(() => {
    delete process.env.HOST_WEBHOOK_SECRET;
  });
}

if (process.argv[1]?.endsWith("host-ingest.ts")) {
  benchHostIngest().then((met) => {
    if (!met) process.exitCode = 1;
  }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
