import { afterAll, afterEach, beforeEach, expect, inject, vi } from "vitest";
import { closeDatabase } from "../../app/.server/db";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.PORTAAL_DATABASE_KIND = inject("databaseKind");
process.env.AUTH_SECRET ??= "test-secret-that-is-at-least-32-characters-long";

// A test that prints console.error fails: errors are never background noise.
let consoleError: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  const calls = consoleError.mock.calls;
  consoleError.mockRestore();
  expect(calls, "console.error was called").toEqual([]);
});

afterAll(async () => {
  await closeDatabase();
});
