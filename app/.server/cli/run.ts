import { StartupError } from "../config/env";

function report(error: unknown): never {
  if (error instanceof StartupError) console.error(`portaal: ${error.message}`);
  else console.error(error);
  process.exit(1);
}

/** A command that finishes: expected failures print one line, no stack trace. */
export function runCli(main: () => Promise<void>): void {
  main().then(() => process.exit(0), report);
}

/** A command that keeps serving until stopped. */
export function runCliServer(main: () => Promise<void>): void {
  main().catch(report);
}
