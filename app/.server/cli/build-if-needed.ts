import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { StartupError } from "../config/env";

export const SERVER_BUILD = resolve("build/server/index.js");
export const CLIENT_BUILD = resolve("build/client");

const SOURCES = ["app", "emails", "public", "vite.config.ts", "remix.config.js", "package.json"];

/** Builds when there is no build or a source file is newer than it. */
export function buildIfNeeded(): void {
  const builtAt = existsSync(SERVER_BUILD) ? statSync(SERVER_BUILD).mtimeMs : 0;
  if (builtAt > 0 && newestSource() <= builtAt) return;
  console.log(builtAt === 0 ? "portaal: no build yet — building (about a minute)…" : "portaal: sources changed — rebuilding…");
  const result = spawnSync(process.execPath, [resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0 || !existsSync(SERVER_BUILD)) {
    throw new StartupError("The build failed (its output is above). Fix the error and run npm start again.");
  }
}

function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (!entry.startsWith(".") || entry === ".server") visit(join(path, entry));
    } else if (!/\.test\.tsx?$/.test(path)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const source of SOURCES) visit(resolve(source));
  return newest;
}
