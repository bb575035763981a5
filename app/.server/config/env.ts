import { z } from "zod";

/** A failure the operator can fix; printed as one line, without a stack trace. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartupError";
  }
}

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((value) => ["true", "1", "yes", "on"].includes(value));

const environmentSchema = z.object({
  DATABASE_URL: z.string().trim().min(1).optional(),
  DATA_DIR: z.string().trim().min(1).default(".data"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DEMO_MODE: booleanFlag.optional(),
  AUTH_SECRET: z.string().min(32).optional(),
  PUBLIC_URL: z.string().url().optional(),
  NODE_ENV: z.string().default("development"),
  AUTH_PROVIDER: z.enum(["builtin", "supabase"]).default("builtin"),
  SUPABASE_URL: z.string().url().optional(),
  SUPABASE_ANON_KEY: z.string().min(20).optional(),
  // Supabase has one expiry for every e-mail token ("Email OTP Expiration" in the project); say the same here.
  SUPABASE_OTP_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  // And its "Email OTP Length".
  SUPABASE_OTP_LENGTH: z.coerce.number().int().min(6).max(10).default(6),
  // Where document files live: under DATA_DIR (or FILES_DIR), or in a private Supabase Storage bucket.
  FILE_STORAGE: z.enum(["local", "supabase"]).default("local"),
  FILES_DIR: z.string().trim().min(1).optional(),
  SUPABASE_SERVICE_ROLE_KEY: z.string().trim().min(20, "expected the project's service_role (or sb_secret_…) key").optional(),
  SUPABASE_STORAGE_BUCKET: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "a bucket name has letters, digits, dots, hyphens and underscores only")
    .default("portaal-documents"),
  // The host platform (docs/host-integration.md).
  HOST_WEBHOOK_SECRET: z.string().min(10).optional(),
  HOST_JWT_SECRET: z.string().min(32).optional(),
  HOST_JWKS_URL: z.string().url().optional(),
  HOST_JWT_ISSUER: z.string().min(1).optional(),
  HOST_EVENTS_URL: z.string().url().optional(),
  HOST_EVENTS_SECRET: z.string().min(10).optional(),
  HOST_DATA_GRACE_HOURS: z.coerce.number().min(0).max(24 * 90).default(48),
  // E-mail through SendGrid (outside demo mode): the key turns it on, EMAIL_FROM is then required.
  SENDGRID_API_KEY: z.string().trim().regex(/^SG\./, "a SendGrid API key starts with SG.").optional(),
  SENDGRID_BASE_URL: z.url({ protocol: /^https?$/, error: "expected an http(s) URL such as https://api.sendgrid.com" }).optional(),
  EMAIL_FROM: z.email().optional(),
});

export type Environment = z.infer<typeof environmentSchema>;

export function readEnvironment(source: Record<string, string | undefined> = process.env): Environment {
  // An empty variable (`AUTH_SECRET=` in a shell or .env) means unset.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StartupError(
      `Invalid environment variable ${issue?.path.join(".")}: ${issue?.message}. Fix it or unset it.`,
    );
  }
  if (parsed.data.AUTH_PROVIDER === "supabase" && (!parsed.data.SUPABASE_URL || !parsed.data.SUPABASE_ANON_KEY)) {
    throw new StartupError(
      "AUTH_PROVIDER=supabase needs SUPABASE_URL and SUPABASE_ANON_KEY (the project's API URL and anon key), or unset AUTH_PROVIDER to use the built-in codes.",
    );
  }
  if (parsed.data.FILE_STORAGE === "supabase") {
    if (!parsed.data.SUPABASE_URL || !parsed.data.SUPABASE_SERVICE_ROLE_KEY) {
      throw new StartupError(
        "FILE_STORAGE=supabase needs SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY (the project's API URL and service_role key, kept on the server), or unset FILE_STORAGE to keep files under DATA_DIR.",
      );
    }
    if (isPublicSupabaseKey(parsed.data.SUPABASE_SERVICE_ROLE_KEY, parsed.data.SUPABASE_ANON_KEY)) {
      throw new StartupError(
        "SUPABASE_SERVICE_ROLE_KEY is the project's anon (publishable) key; set the service_role (or sb_secret_…) key from Project Settings → API.",
      );
    }
  }
  if (parsed.data.SENDGRID_API_KEY && !parsed.data.EMAIL_FROM) {
    throw new StartupError(
      "SENDGRID_API_KEY needs EMAIL_FROM, the sender address (a verified sender in SendGrid), e.g. EMAIL_FROM=portal@example.com — or unset SENDGRID_API_KEY.",
    );
  }
  return parsed.data;
}

/** Whether a key meant to be the service role key is the public one: the anon key, a publishable key, or a JWT for the anon role. */
function isPublicSupabaseKey(key: string, anonKey: string | undefined): boolean {
  if (key === anonKey || key.startsWith("sb_publishable_")) return true;
  const payload = key.split(".")[1];
  if (!payload || key.split(".").length !== 3) return false;
  try {
    return (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { role?: unknown }).role === "anon";
  } catch {
    return false;
  }
}

/** Checks a DATABASE_URL for shape only; reachability is checked on connect. */
export function parseDatabaseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StartupError(
      "DATABASE_URL is not a valid URL. Expected postgres://user:password@host:5432/database — or unset it to use the embedded database.",
    );
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new StartupError(
      `DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}// — or unset it to use the embedded database.`,
    );
  }
  if (!parsed.hostname) {
    throw new StartupError("DATABASE_URL has no host. Expected postgres://user:password@host:5432/database.");
  }
  return parsed;
}
