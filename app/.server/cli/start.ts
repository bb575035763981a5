import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { parseDatabaseUrl, readEnvironment } from "../config/env";
import { createHttpApp } from "../http/server";
import { buildIfNeeded, CLIENT_BUILD, SERVER_BUILD } from "./build-if-needed";
import { prepare } from "./prepare";
import { runCliServer } from "./run";
import { serve } from "./serve";

runCliServer(async () => {
  process.env.NODE_ENV ??= "production";
  // Bad settings fail before a minute of building, not after.
  const environment = readEnvironment();
  if (environment.DATABASE_URL) parseDatabaseUrl(environment.DATABASE_URL);
  buildIfNeeded();
  const prepared = await prepare();
  try {
    const build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild;
    await serve(createHttpApp({ build, staticDir: CLIENT_BUILD }), prepared);
  } catch (error) {
    await prepared.database.close();
    throw error;
  }
});
