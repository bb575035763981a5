// The approval-emails edge function's request handling, apart from its wiring
// (index.ts) so that tests can call it with a database and a transport of
// their own. A database webhook (pg_net, see migration
// 20261125200100_approval_email_webhook.sql) calls it when a submission is
// recorded; it delivers that submission's queued e-mails with the very code
// the Node worker uses: same templates, same lease, same outcome recording.
import { z } from "zod";
import { deliverDueRound, type RoundResult, type RunAsSystem } from "../../../app/.server/email/delivery.ts";
import type { EmailTransport } from "../../../app/.server/email/transport.ts";

export type ApprovalEmailDeps = {
  /** Runs fn in one transaction with the system's rights (role service_role). */
  run: RunAsSystem;
  transport: EmailTransport;
  /** Where the portal is reached, for the links in the e-mails (PUBLIC_URL). */
  baseUrl: string;
  /** The bearer secret the webhook sends (APPROVAL_EMAILS_SECRET). */
  secret: string;
};

/** Supabase's database webhook payload for an insert into public.approval_submissions. */
export const approvalSubmissionWebhook = z.object({
  type: z.literal("INSERT"),
  table: z.literal("approval_submissions"),
  schema: z.literal("public"),
  record: z.looseObject({ id: z.guid() }),
  old_record: z.null(),
});

export type ApprovalEmailResponse = { submissionId: string; queued: number } & RoundResult;

export function createApprovalEmailHandler(deps: ApprovalEmailDeps): (req: Request) => Promise<Response> {
  if (deps.secret.length < 16) {
    // Fail closed: an empty or guessable secret would let anyone trigger sends.
    throw new Error("The approval e-mail function needs a secret of at least 16 characters (APPROVAL_EMAILS_SECRET).");
  }
  const expected = sha256(deps.secret);

  return async (req) => {
    if (req.method !== "POST") {
      return json(405, { error: "Only POST is accepted." }, { Allow: "POST" });
    }
    const presented = /^Bearer (.+)$/.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
    if (!equalBytes(await expected, await sha256(presented))) {
      return json(401, { error: "Missing or wrong bearer secret." }, { "WWW-Authenticate": "Bearer" });
    }

    let body: unknown;
    try {
      body = await req.json();
    } catch {
      return json(400, { error: "The body is not JSON: expected a database webhook payload." });
    }
    const parsed = approvalSubmissionWebhook.safeParse(body);
    if (!parsed.success) {
      return json(400, {
        error: `Not a webhook payload for an insert into public.approval_submissions: ${z.prettifyError(parsed.error)}`,
      });
    }
    const submissionId = parsed.data.record.id;

    try {
      const ids = await deps.run((tx) => tx<{ id: string }[]>`
        select id from public.email_outbox
        where subject_type = 'approval_submission' and subject_id = ${submissionId} and status in ('queued', 'sending')`);
      const outboxIds = ids.map((row) => row.id);
      // Claims only what is due and not leased by someone else (the worker):
      // a row already being sent elsewhere is left alone.
      const round = await deliverDueRound(
        { run: deps.run, transport: deps.transport, baseUrl: deps.baseUrl },
        { limit: Math.max(1, outboxIds.length), ids: outboxIds },
      );
      const result: ApprovalEmailResponse = { submissionId, queued: outboxIds.length, ...round };
      return json(200, result);
    } catch (error) {
      // Nothing is lost: the rows stay queued (or leased) and the worker delivers them.
      console.error(`approval-emails: submission ${submissionId}: ${(error as Error).message}`);
      return json(500, { error: "Delivery failed; the worker will deliver these e-mails later." });
    }
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Compares two digests in time independent of where they differ (both are 32 bytes). */
function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index += 1) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}
