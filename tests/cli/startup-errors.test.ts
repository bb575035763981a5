import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

/** Runs a CLI entry point the way npm does and returns what it printed. */
function run(entry: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [resolve("node_modules/tsx/dist/cli.mjs"), entry], {
    env: { ...process.env, NODE_ENV: "production", ...env },
    encoding: "utf8",
    timeout: 180_000,
  });
  const lines = `${result.stdout}${result.stderr}`.split("\n").filter((line) => line.trim() !== "");
  return { status: result.status, lines, errorLines: result.stderr.split("\n").filter((line) => line.trim() !== "") };
}

describe("a start with bad input says what is wrong in one line", () => {
  it("for a malformed DATABASE_URL, before building anything", () => {
    const { status, lines } = run("app/.server/cli/start.ts", { DATABASE_URL: "localhost:5432/portaal" });
    expect(status).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^portaal: DATABASE_URL must start with postgres:\/\//)]);
  });

  it("for a server that is not there", () => {
    const { status, errorLines } = run("app/.server/cli/migrate.ts", { DATABASE_URL: "postgres://postgres@127.0.0.1:1/portaal" });
    expect(status).toBe(1);
    expect(errorLines).toEqual([expect.stringMatching(/^portaal: Cannot reach the database at 127\.0\.0\.1:1\/portaal: connection refused/)]);
  });

  describe("for a port in use", () => {
    let blocker: Server;
    let port: number;
    beforeAll(async () => {
      blocker = createServer();
      await new Promise<void>((ready) => blocker.listen(0, "127.0.0.1", ready));
      port = (blocker.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((done) => blocker.close(() => done())));

    it("naming the port and the way out", { timeout: 200_000 }, () => {
      const { status, errorLines } = run("app/.server/cli/start.ts", {
        DATABASE_URL: inject("databaseUrl"), HOST: "127.0.0.1", PORT: String(port), DEMO_MODE: "false",
        AUTH_SECRET: "startup-test-secret-of-at-least-32-chars",
      });
      expect(status).toBe(1);
      expect(errorLines.filter((line) => line.startsWith("portaal:"))).toEqual([
        `portaal: Port ${port} is already in use. Stop the other program or start with PORT=<another port>.`,
      ]);
      expect(errorLines.join("\n")).not.toMatch(/\n\s+at /); // no stack trace
    });
  });

  it("for a missing AUTH_SECRET outside demo mode", () => {
    const { status, errorLines } = run("app/.server/cli/start.ts", {
      DATABASE_URL: inject("databaseUrl"), DEMO_MODE: "false", AUTH_SECRET: "",
    });
    expect(status).toBe(1);
    expect(errorLines.at(-1)).toMatch(/^portaal: AUTH_SECRET is not set/);
  });
});
