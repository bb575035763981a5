import type { ServerBuild } from "@remix-run/node";
import { createHttpApp } from "../http/server";
import { prepare } from "./prepare";
import { runCliServer } from "./run";
import { serve } from "./serve";

runCliServer(async () => {
  const prepared = await prepare();
  try {
    const vite = await import("vite").then((module) => module.createServer({ server: { middlewareMode: true } }));
    const app = createHttpApp({
      build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
      vite,
    });
    await serve(app, prepared);
  } catch (error) {
    await prepared.database.close();
    throw error;
  }
});
