// Supabase Edge Function "approval-emails": delivers the approval e-mails of
// a submission as soon as the database webhook reports it (docs/edge-functions.md).
// Deploy without Supabase's JWT check (--no-verify-jwt): the webhook
// authenticates with its own bearer secret, which handler.ts checks.
import postgres from "postgres";
import { createSendGridTransport } from "../../../app/.server/email/sendgrid.ts";
import { createApprovalEmailHandler } from "./handler.ts";

function required(name: string): string {
  const value = Deno.env.get(name)?.trim();
  if (!value) throw new Error(`approval-emails: ${name} is not set (supabase secrets set ${name}=…).`);
  return value;
}

// Supabase sets SUPABASE_DB_URL for every edge function. No prepared
// statements: the address may be a transaction pooler's.
const sql = postgres(required("SUPABASE_DB_URL"), {
  max: 2,
  prepare: false,
  idle_timeout: 20,
  connect_timeout: 10,
  onnotice: () => {},
  connection: { application_name: "portaal-approval-emails" },
});

const claims = JSON.stringify({ role: "service_role", reason: "approval e-mail edge function" });

Deno.serve(
  createApprovalEmailHandler({
    // The same system transaction as the app's asService: role service_role, and claims that say why.
    run: async (fn) =>
      (await sql.begin(async (tx) => {
        await tx`select set_config('role', 'service_role', true), set_config('request.jwt.claims', ${claims}, true)`;
        return fn(tx);
      })) as Awaited<ReturnType<typeof fn>>,
    transport: createSendGridTransport({
      apiKey: required("SENDGRID_API_KEY"),
      fromEmail: required("EMAIL_FROM"),
      // As in the app: SendGrid's API unless SENDGRID_BASE_URL points elsewhere.
      baseUrl: Deno.env.get("SENDGRID_BASE_URL") || undefined,
    }),
    baseUrl: required("PUBLIC_URL"),
    secret: required("APPROVAL_EMAILS_SECRET"),
  }),
);
