import type { Server } from "node:http";
import type { Express } from "express";
import { StartupError } from "../config/env";
import { chooseEmailTransport } from "../email/choose-transport";
import { startBackgroundWork } from "../jobs/background";
import { startEmailDelivery } from "../jobs/email-delivery";
import type { Prepared } from "./prepare";

/** Listens, starts the in-process e-mail worker, prints where to go, and shuts down cleanly. */
export async function serve(app: Express, prepared: Prepared): Promise<Server> {
  const { PORT: port, HOST: host } = prepared.environment;
  const server = await new Promise<Server>((resolveServer, reject) => {
    const listening = app.listen(port, host, () => resolveServer(listening));
    listening.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new StartupError(`Port ${port} is already in use. Stop the other program or start with PORT=<another port>.`)
          : error,
      );
    });
  });

  const transport = chooseEmailTransport();
  const external = process.env.PORTAAL_WORKER === "external";
  const worker = transport && !external ? await startEmailDelivery(transport) : null;
  if (external) console.log("portaal: e-mail is delivered by `npm run worker` (PORTAAL_WORKER=external)");
  else if (!transport) console.log("portaal: no e-mail transport configured: e-mail stays queued in the outbox");
  const background = startBackgroundWork();

  const address = server.address();
  const actualPort = address && typeof address === "object" ? address.port : port;
  const base = process.env.PUBLIC_URL ?? `http://localhost:${actualPort}`;
  // Links in e-mail the worker composes point here when PUBLIC_URL is not set.
  process.env.PORTAAL_LISTENING_URL = base;
  console.log(`portaal: listening on ${base}`);
  console.log(`  admin:   ${base}/admin${prepared.demoMode ? "  (demo sign-in)" : ""}`);
  console.log(`  portal:  ${base}/login  (demo addresses: anna@acme.example, bram@acme.example, carla@globex.example)`);
  if (prepared.demoMode) console.log(`  mailbox: ${base}/dev/mail`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    await worker?.stop();
    await background.stop();
    await prepared.database.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
  return server;
}
