/**
 * The RLS benchmark (`npm run bench`, docs/benchmarks.md).
 *
 * On a fresh database on a Postgres server it generates a large dataset, then
 * times one page (50 rows) of a project's hours for a quarter:
 *   - as a customer contact, through row-level security: exactly what the
 *     hours page runs, `withClaims(contact, tx => listPortalRegistrations(tx, …))`;
 *   - with the RLS bypass and the same filters written out (`asService`).
 * Both sides are timed around the whole call (begin, set_config, query,
 * commit) and interleaved so that they share the machine's noise.
 *
 * Then, on the same dataset, the whole hours page as its loader reads it and
 * bulk decisions on 1,000 registrations (bench/approvals.ts).
 *
 * Then it times sign-in code requests for known and unknown addresses
 * (bench/sign-in.ts) and host webhook ingestion (bench/host-ingest.ts);
 * --skip-sign-in leaves both out. Last, e-mail delivery: rendered and sent
 * per second to a local SendGrid stand-in (bench/email.ts); --only email
 * runs just that.
 *
 * Options: --keep (keep the database and print its URL), --iterations N,
 * --warmup N, --samples N, --seed N, --database URL (measure again on a
 * database kept earlier: no creation, generation or drop). The admin
 * connection is BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres.
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { asService, closeDatabase, withClaims, type ContactClaims } from "../app/.server/db";
import { migrate } from "../app/.server/db/migrate";
import { listPortalRegistrations, type RegistrationFilter } from "../app/.server/registrations/list";
import { DATASET, generationSteps } from "./dataset";
import { explaining, listWithoutRls, type PortalSettings } from "./queries";
import { benchBulkDecision, benchHoursPage, TARGET_DECISION_MEDIAN_MS, TARGET_PAGE_MEDIAN_MS } from "./approvals";
import { benchEmail } from "./email";
import { benchHostIngest } from "./host-ingest";
import { benchSignIn } from "./sign-in";
import { seededRandom, summarize, type Summary } from "./stats";

const TARGET_RATIO = 1.5;
const TARGET_CONTACT_MEDIAN_MS = 20;
const PLAN_FILE = resolve(process.cwd(), "bench/last-plan.txt");

const { values: options } = parseArgs({
  options: {
    keep: { type: "boolean", default: false },
    iterations: { type: "string", default: "500" },
    warmup: { type: "string", default: "50" },
    samples: { type: "string", default: "20" },
    seed: { type: "string", default: "20261122" },
    database: { type: "string" },
    "skip-sign-in": { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const ITERATIONS = positiveInt(options.iterations, "--iterations");
const WARMUP = positiveInt(options.warmup, "--warmup");
const SAMPLE_COUNT = positiveInt(options.samples, "--samples");
const SEED = positiveInt(options.seed, "--seed");

type Sample = {
  claims: ContactClaims;
  filter: RegistrationFilter;
  portal: PortalSettings;
};

const startedAt = performance.now();

function log(message: string): void {
  const elapsed = ((performance.now() - startedAt) / 1000).toFixed(1).padStart(6);
  console.log(`[${elapsed}s] ${message}`);
}

function positiveInt(value: string | undefined, name: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${name} must be a positive integer, not ${value}`);
  return parsed;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Measures again on a database an earlier `--keep` run generated. */
async function remeasure(url: string): Promise<void> {
  process.env.DATABASE_URL = url;
  process.env.PORTAAL_DATABASE_KIND = "server";
  log(`measuring on the existing database ${new URL(url).pathname.slice(1)} (no generation)`);
  try {
    const samples = await pickSamples();
    await checkEquivalence(samples);
    const results = await measure(samples);
    await writePlans(samples);
    if (!report(results, null)) process.exitCode = 1;
  } finally {
    await closeDatabase();
    log(`total runtime ${seconds(performance.now() - startedAt)}`);
  }
}

async function main(): Promise<void> {
  if (options.database) return remeasure(options.database);
  const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `portaal_bench_${randomBytes(4).toString("hex")}`;
  const benchUrl = new URL(adminUrl);
  benchUrl.pathname = `/${name}`;

  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connection: { application_name: "portaal-bench" } });
  const [server] = await admin<{ version: string }[]>`select current_setting('server_version') as version`;
  log(`Postgres ${server!.version} at ${benchUrl.host}; creating database ${name}`);
  await admin.unsafe(`create database ${name}`);

  let cleanedUp = false;
  const cleanup = async () => {
    if (cleanedUp) return;
    cleanedUp = true;
    await closeDatabase().catch(() => {});
    if (options.keep) {
      console.log(`kept the database: ${benchUrl.toString()}`);
    } else {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      log(`dropped database ${name}`);
    }
    await admin.end({ timeout: 5 });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    process.env.DATABASE_URL = benchUrl.toString();
    process.env.PORTAAL_DATABASE_KIND = "server";
    const migrated = await migrate();
    log(`migrated (${migrated.applied.length} migrations)`);

    const generation = await generate(benchUrl.toString());
    const samples = await pickSamples();
    await checkEquivalence(samples);
    const results = await measure(samples);
    await writePlans(samples);
    const passed = report(results, generation);
    if (!passed) process.exitCode = 1;
    if (!(await measureApprovals(samples))) process.exitCode = 1;
  } finally {
    await cleanup();
    log(`total runtime ${seconds(performance.now() - startedAt)}`);
  }
}

/** Generates the dataset (one transaction, one statement per step), then vacuum, analyze and checkpoint. */
async function generate(benchUrl: string): Promise<{ generationMs: number; vacuumMs: number }> {
  const generationStart = performance.now();
  await asService("bench: generate the dataset", async (tx) => {
    await tx`select setseed(${(SEED % 1000) / 1000})`;
    for (const step of generationSteps()) {
      const stepStart = performance.now();
      await tx.unsafe(step.sql);
      log(`generated ${step.name} in ${seconds(performance.now() - stepStart)}`);
    }
  });
  const generationMs = performance.now() - generationStart;
  log(`dataset generated in ${seconds(generationMs)}`);

  // vacuum cannot run in a transaction, and analyze wants the owner; this is
  // the benchmark's own database, so it uses its own owner connection.
  const vacuumStart = performance.now();
  const owner = postgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    await owner.unsafe("vacuum (analyze)");
    // So that no checkpoint of the bulk load writes during the measurement.
    await owner.unsafe("checkpoint");
  } finally {
    await owner.end({ timeout: 5 });
  }
  const vacuumMs = performance.now() - vacuumStart;
  log(`vacuum (analyze) and checkpoint in ${seconds(vacuumMs)}`);

  const counts = await asService("bench: count the dataset", (tx) => tx<Record<string, number>[]>`
    select (select count(*)::int from public.tenants) as tenants,
           (select count(*)::int from public.customers) as customers,
           (select count(*)::int from public.projects) as projects,
           (select count(*)::int from public.portals) as portals,
           (select count(*)::int from public.portal_projects) as "portal projects",
           (select count(*)::int from public.portal_members) as "portal members",
           (select count(*)::int from public.logins) as logins,
           (select count(*)::int from public.employees) as employees,
           (select count(*)::int from public.tasks) as tasks,
           (select count(*)::int from public.registrations) as registrations,
           (select count(*)::int from public.registration_descriptions) as descriptions,
           pg_size_pretty(pg_database_size(current_database())) as "database size"`);
  log(`dataset: ${Object.entries(counts[0]!).map(([key, value]) => `${value} ${key}`).join(", ")}`);
  return { generationMs, vacuumMs };
}

/**
 * Random (portal, project, member) combinations where the page exists: an
 * active membership of an active portal that shows hours. Each gets a live
 * session and a one-quarter period within the two years.
 */
async function pickSamples(): Promise<Sample[]> {
  const random = seededRandom(SEED);
  const rows = await asService("bench: pick samples", async (tx) => {
    await tx`select setseed(${((SEED + 1) % 1000) / 1000})`;
    return tx<{ portalId: string; projectId: string; loginId: string; hoursVisibility: PortalSettings["hoursVisibility"]; onlyPendingApproval: boolean }[]>`
      select p.id as "portalId", pp.project_id as "projectId", m.login_id as "loginId",
             p.hours_visibility as "hoursVisibility", p.only_pending_approval as "onlyPendingApproval"
      from public.portal_members m
      join public.portals p on p.id = m.portal_id
      join public.tenants t on t.id = p.tenant_id
      join public.portal_projects pp on pp.portal_id = p.id
      join public.projects pr on pr.id = pp.project_id
      where m.removed_at is null and p.status = 'active' and t.status = 'active'
        and p.hours_visibility <> 'hidden' and pr.deleted_at is null
      order by random()
      limit ${SAMPLE_COUNT}`;
  });
  if (rows.length < SAMPLE_COUNT) throw new Error(`only ${rows.length} samples found`);

  const samples: Sample[] = [];
  for (const row of rows) {
    const tokenHash = randomBytes(32).toString("hex");
    const [session] = await asService("bench: open a session", (tx) => tx<{ id: string }[]>`
      insert into public.sessions (login_id, token_hash, expires_at, user_agent)
      values (${row.loginId}, ${tokenHash}, now() + interval '1 day', 'portaal-bench')
      returning id`);
    // A calendar quarter within the two years (the first and last months are
    // partial): about 75 hour rows per project, so that the page is full.
    const first = new Date(`${DATASET.firstDay}T00:00:00Z`);
    const month = Math.floor(random() * 21) + 1;
    const from = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + month, 1));
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 3, 0));
    samples.push({
      claims: { kind: "contact", loginId: row.loginId, sessionId: session!.id },
      filter: {
        portalId: row.portalId,
        projectId: row.projectId,
        kind: "hours",
        from: from.toISOString().slice(0, 10),
        to: to.toISOString().slice(0, 10),
        page: 1,
      },
      portal: { hoursVisibility: row.hoursVisibility, onlyPendingApproval: row.onlyPendingApproval },
    });
  }
  log(`picked ${samples.length} samples (portal, project, member, quarter) and opened a session for each`);
  return samples;
}

function contactPage(sample: Sample) {
  return withClaims(sample.claims, (tx) => listPortalRegistrations(tx, sample.filter));
}

function bypassPage(sample: Sample) {
  return asService("bench: the page without RLS", (tx) => listWithoutRls(tx, sample.filter, sample.portal));
}

/** Both sides must return the same rows, or the comparison means nothing. */
async function checkEquivalence(samples: Sample[]): Promise<void> {
  let rows = 0;
  let fullPages = 0;
  for (const [index, sample] of samples.entries()) {
    const contact = await contactPage(sample);
    const bypass = await bypassPage(sample);
    if (JSON.stringify(contact) !== JSON.stringify(bypass)) {
      throw new Error(
        `sample ${index}: the contact read ${contact.length} rows and the bypass ${bypass.length}, or different ones (${JSON.stringify(sample.filter)})`,
      );
    }
    rows += contact.length;
    if (contact.length === 50) fullPages++;
  }
  log(`both sides return the same rows for every sample (${rows} rows in all, ${fullPages} full pages, ${(rows / samples.length).toFixed(1)} rows per page on average)`);
}

type Results = { contact: Summary; bypass: Summary };

async function measure(samples: Sample[]): Promise<Results> {
  const measureStart = performance.now();
  for (let i = 0; i < WARMUP; i++) {
    const sample = samples[i % samples.length]!;
    await contactPage(sample);
    await bypassPage(sample);
  }
  log(`warmed up (${WARMUP} iterations each)`);

  const contact: number[] = [];
  const bypass: number[] = [];
  const time = async (fn: () => Promise<unknown>, into: number[]) => {
    const start = performance.now();
    await fn();
    into.push(performance.now() - start);
  };
  for (let i = 0; i < ITERATIONS; i++) {
    const sample = samples[i % samples.length]!;
    // Alternate which side goes first, so that neither always follows the other.
    if (i % 2 === 0) {
      await time(() => contactPage(sample), contact);
      await time(() => bypassPage(sample), bypass);
    } else {
      await time(() => bypassPage(sample), bypass);
      await time(() => contactPage(sample), contact);
    }
  }
  log(`measured ${ITERATIONS} iterations each in ${seconds(performance.now() - measureStart)}`);
  return { contact: summarize(contact), bypass: summarize(bypass) };
}

/** EXPLAIN (ANALYZE, BUFFERS) of both sides for the sample with the most rows, to bench/last-plan.txt. */
async function writePlans(samples: Sample[]): Promise<void> {
  let chosen = samples[0]!;
  let most = -1;
  for (const sample of samples) {
    const rows = (await contactPage(sample)).length;
    if (rows > most) {
      most = rows;
      chosen = sample;
    }
  }
  const contactPlan: string[] = [];
  await withClaims(chosen.claims, (tx) => listPortalRegistrations(explaining(tx, "analyze, buffers", contactPlan), chosen.filter));
  const bypassPlan: string[] = [];
  await asService("bench: explain the page without RLS", (tx) =>
    listWithoutRls(explaining(tx, "analyze, buffers", bypassPlan), chosen.filter, chosen.portal),
  );
  const text = [
    `# npm run bench — ${new Date().toISOString()}`,
    `# sample: ${JSON.stringify({ ...chosen.filter, ...chosen.portal })} (${most} rows)`,
    "",
    "## contact, through RLS: withClaims(contact, tx => listPortalRegistrations(tx, filter))",
    ...contactPlan,
    "",
    "## bypass, explicit filters: asService(…, tx => listWithoutRls(tx, filter, portal))",
    ...bypassPlan,
    "",
  ].join("\n");
  writeFileSync(PLAN_FILE, text);
  log(`wrote the plans to ${PLAN_FILE}`);
}

function report(results: Results, generation: { generationMs: number; vacuumMs: number } | null): boolean {
  const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(10);
  const ratio = results.contact.median / results.bypass.median;
  const ratioOk = ratio <= TARGET_RATIO;
  const medianOk = results.contact.median <= TARGET_CONTACT_MEDIAN_MS;
  console.log("");
  console.log(`one page (50 rows) of a project's hours for one quarter, ${ITERATIONS} iterations per side`);
  console.log(`                              median        p95        min       mean`);
  for (const [label, summary] of [
    ["contact (RLS, withClaims)", results.contact],
    ["bypass (asService, filters)", results.bypass],
  ] as const) {
    console.log(`${label.padEnd(28)}${ms(summary.median)} ${ms(summary.p95)} ${ms(summary.min)} ${ms(summary.mean)}`);
  }
  console.log(`ratio of medians (contact / bypass): ${ratio.toFixed(2)}  target ≤ ${TARGET_RATIO}  ${ratioOk ? "met" : "MISSED"}`);
  console.log(`contact median: ${results.contact.median.toFixed(2)} ms  target ≤ ${TARGET_CONTACT_MEDIAN_MS} ms  ${medianOk ? "met" : "MISSED"}`);
  if (generation) {
    console.log(`dataset generation: ${seconds(generation.generationMs)} (+ ${seconds(generation.vacuumMs)} vacuum, analyze, checkpoint)`);
  }
  console.log("");
  return ratioOk && medianOk;
}

/** The page's loader and bulk decisions (issue 5's targets), on the generated dataset. */
async function measureApprovals(samples: Sample[]): Promise<boolean> {
  const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(10);
  const page = await benchHoursPage(samples, ITERATIONS, log);
  const decision = await benchBulkDecision(samples[0]!, 15, log);
  const pageOk = page.median <= TARGET_PAGE_MEDIAN_MS;
  const decisionOk = decision.median <= TARGET_DECISION_MEDIAN_MS;
  console.log("");
  console.log(`                              median        p95        min       mean`);
  console.log(`${"hours page (loader, RLS)".padEnd(28)}${ms(page.median)} ${ms(page.p95)} ${ms(page.min)} ${ms(page.mean)}   n=${page.n}`);
  console.log(`${"decision on 1,000".padEnd(28)}${ms(decision.median)} ${ms(decision.p95)} ${ms(decision.min)} ${ms(decision.mean)}   n=${decision.n}`);
  console.log(`hours page median: ${page.median.toFixed(2)} ms  target ≤ ${TARGET_PAGE_MEDIAN_MS} ms  ${pageOk ? "met" : "MISSED"}`);
  console.log(`bulk decision median: ${decision.median.toFixed(1)} ms  target ≤ ${TARGET_DECISION_MEDIAN_MS} ms  ${decisionOk ? "met" : "MISSED"}`);
  console.log("");
  return pageOk && decisionOk;
}

async function all(): Promise<void> {
  if (options.only === "email") return email();
  await main();
  if (options.database || options["skip-sign-in"]) return;
  log("sign-in timing: known and unknown addresses");
  if (!(await benchSignIn())) process.exitCode = 1;
  log("host webhooks: events per second");
  if (!(await benchHostIngest())) process.exitCode = 1;
  await email();
}

async function email(): Promise<void> {
  log("e-mail delivery: rendered and sent per second");
  if (!(await benchEmail())) process.exitCode = 1;
}

all().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
