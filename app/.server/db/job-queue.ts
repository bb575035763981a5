// The job queue on a Postgres server (graphile-worker): jobs wake workers at
// once through LISTEN/NOTIFY, run with bounded concurrency, survive restarts,
// and repeat on a crontab. It schedules system work only; what a job does goes
// through asService like any other system work. The embedded database (one
// backend, no second connection to listen on) uses simple pollers instead.
import { Logger, run, type Runner, type TaskList } from "graphile-worker";
import { isEmbeddedDatabase } from "./pool";

export type JobQueue = { stop: () => Promise<void> };

// graphile-worker's own log: problems as warnings, the rest only when asked.
const logger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.warn(`portaal: job queue: ${message}`);
  else if (process.env.PORTAAL_DEBUG_JOBS === "true") console.log(`portaal: job queue: ${message}`);
});

/**
 * Whether this deployment runs the job queue: a Postgres server. Not the
 * embedded database, nor PGlite served by another process (connectDatabase
 * marks that embedded too): one backend, no second connection to listen on.
 */
export async function jobQueueAvailable(): Promise<boolean> {
  return !isEmbeddedDatabase() && Boolean(process.env.DATABASE_URL);
}

/**
 * Starts graphile-worker with these tasks; installs or updates its schema
 * (graphile_worker) first. Only on a Postgres server.
 */
export async function startJobQueue(taskList: TaskList, crontab: string, concurrency = 4): Promise<JobQueue> {
  if (!(await jobQueueAvailable())) throw new Error("the job queue needs a Postgres server (DATABASE_URL)");
  const runner: Runner = await run({
    connectionString: process.env.DATABASE_URL,
    concurrency,
    noHandleSignals: true,
    pollInterval: 2_000,
    taskList,
    crontab,
    logger,
  });
  return { stop: () => runner.stop() };
}
