/**
 * Sign-in timing (`npm run bench`, docs/benchmarks.md): does a code request
 * for an address without a portal take as long as one for an address with
 * one? Measured on a fresh database on the Postgres server with the demo data,
 * known and unknown requests interleaved, with the answer floor
 * (CODE_REQUEST_MIN_MS) and without it, to show what the floor hides.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { addHours } from "date-fns";
import { requestSignInCode } from "../app/.server/auth/codes";
import { asService } from "../app/.server/db";
import { DEMO_ADDRESSES, seedDemo } from "../app/.server/seed/demo";
import { withFreshDatabase } from "./fresh-database";
import { summarize, type Summary } from "./stats";

const ITERATIONS = 100;
const WARMUP = 10;

export async function benchSignIn(): Promise<boolean> {
  process.env.AUTH_SECRET ??= randomBytes(32).toString("hex");
  return withFreshDatabase(async () => {
    await asService("bench: seed the demo", (tx) => seedDemo(tx));
    // Every request at its own hour and from its own IP, so that no limit answers instead.
    let clock = new Date();
    let request = 0;
    const time = async (email: string, minimumMs: number): Promise<{ ms: number; status: string }> => {
      clock = addHours(clock, 2);
      request += 1;
      const started = performance.now();
      const result = await requestSignInCode({
        email, language: "nl", baseUrl: "http://localhost:3000", now: clock, minimumMs,
        info: { ip: `10.${(request >> 16) & 255}.${(request >> 8) & 255}.${request & 255}`, userAgent: "portaal-bench" },
      });
      return { ms: performance.now() - started, status: result.status };
    };
    const results: Array<{ label: string; known: Summary; unknown: Summary }> = [];
    for (const [label, minimumMs] of [["with the answer floor (300 ms)", undefined], ["without the floor", 0]] as const) {
      for (let i = 0; i < WARMUP; i += 1) {
        await time(DEMO_ADDRESSES.bram, minimumMs ?? 300);
        await time(`warmup${i}@unknown.example`, minimumMs ?? 300);
      }
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < ITERATIONS; i += 1) {
        const pair = i % 2 === 0
          ? [[DEMO_ADDRESSES.bram, known], [`nobody${i}@unknown.example`, unknown]] as const
          : [[`nobody${i}@unknown.example`, unknown], [DEMO_ADDRESSES.bram, known]] as const;
        for (const [email, into] of pair) {
          const { ms, status } = await time(email, minimumMs ?? 300);
          if (status !== "sent") throw new Error(`expected "sent" for ${email}, got ${status}`);
          into.push(ms);
        }
      }
      results.push({ label, known: summarize(known), unknown: summarize(unknown) });
    }
    const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
    console.log(`\na sign-in code request, ${ITERATIONS} per side, known (bram@acme.example) and unknown addresses interleaved`);
    console.log(`                                  known median  unknown median   known p95  unknown p95  difference of medians`);
    let floorHolds = false;
    for (const { label, known, unknown } of results) {
      const difference = known.median - unknown.median;
      console.log(`${label.padEnd(34)}${ms(known.median)}      ${ms(unknown.median)}   ${ms(known.p95)}    ${ms(unknown.p95)}   ${difference.toFixed(1)} ms`);
      if (label === results[0]!.label) floorHolds = Math.abs(difference) <= 2 && known.p95 < 300 + 50;
    }
    console.log(`with the floor, the medians differ by at most 2 ms: ${floorHolds ? "met" : "MISSED"}\n`);
    return floorHolds;
  });
}
