import type { Tx } from "../db";

/** At most `max` hits per `windowSeconds`, counted from the first hit of a window. */
export type Limit = { max: number; windowSeconds: number };

export type LimitOutcome = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * The sign-in limits. Every one applies alike to addresses with and without a
 * portal, so that their answers cannot tell the two apart.
 */
export const SIGN_IN_LIMITS = {
  /** "Send again" after 60 s. */
  resendPerAddress: { max: 1, windowSeconds: 60 },
  codesPerAddress: { max: 5, windowSeconds: 60 * 60 },
  codesPerIp: { max: 20, windowSeconds: 60 * 60 },
  wrongCodesPerIp: { max: 30, windowSeconds: 60 * 60 },
} as const satisfies Record<string, Limit>;

/**
 * Counts one hit in a bucket (a fixed window per bucket, kept in Postgres so
 * that every app instance sees the same count) and says whether it is allowed.
 * Denied hits count too; the window still ends at the same time.
 */
export async function hitLimit(tx: Tx, bucket: string, limit: Limit, now: Date): Promise<LimitOutcome> {
  const [row] = await tx<{ windowStartedAt: Date; hits: number }[]>`
    insert into public.rate_limit_hits as h (bucket, window_started_at, hits)
    values (${bucket}, ${now}, 1)
    on conflict (bucket) do update set
      window_started_at = case when h.window_started_at + make_interval(secs => ${limit.windowSeconds}) <= ${now}
                               then ${now}::timestamptz else h.window_started_at end,
      hits = case when h.window_started_at + make_interval(secs => ${limit.windowSeconds}) <= ${now}
                  then 1 else h.hits + 1 end
    returning window_started_at as "windowStartedAt", hits`;
  return outcome(row!, limit, now);
}

/** Whether a bucket is already over its limit, without counting a hit. */
export async function peekLimit(tx: Tx, bucket: string, limit: Limit, now: Date): Promise<LimitOutcome> {
  const [row] = await tx<{ windowStartedAt: Date; hits: number }[]>`
    select window_started_at as "windowStartedAt", hits from public.rate_limit_hits
    where bucket = ${bucket} and window_started_at + make_interval(secs => ${limit.windowSeconds}) > ${now}`;
  if (!row || row.hits < limit.max) return { allowed: true };
  return outcome({ ...row, hits: row.hits + 1 }, limit, now);
}

function outcome(row: { windowStartedAt: Date; hits: number }, limit: Limit, now: Date): LimitOutcome {
  if (row.hits <= limit.max) return { allowed: true };
  const endsAt = row.windowStartedAt.getTime() + limit.windowSeconds * 1000;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)) };
}
