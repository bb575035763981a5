import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

export type RunningApp = { baseUrl: string; output: () => string; stop: () => Promise<void> };

/** Starts the product the way `npm start` does, on a free port, against the given database. */
export async function startApp(env: Record<string, string>): Promise<RunningApp> {
  const child: ChildProcess = spawn(
    process.execPath,
    [resolve("node_modules/tsx/dist/cli.mjs"), "app/.server/cli/start.ts"],
    { env: { ...process.env, PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production", ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start in time:\n${output}`)), 180_000);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!.replace("localhost", "127.0.0.1"));
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code}:\n${output}`));
    });
  });

  return {
    baseUrl,
    output: () => output,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once("exit", () => resolveStop());
        child.kill("SIGTERM");
      }),
  };
}
