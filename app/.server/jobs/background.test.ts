import { describe, expect, it } from "vitest";
import { asService } from "../db";
import { runMaintenance, WEBHOOK_RETENTION_DAYS } from "./background";

describe("maintenance", () => {
  it("keeps raw webhooks for at least 7 days and purges them after", async () => {
    await asService("test: an old and a new webhook", (tx) => tx`
      insert into public.host_webhook_requests (webhook_id, body, received_at)
      values ('msg_old_for_maintenance', '{}', now() - interval '9 days'), ('msg_week_for_maintenance', '{}', now() - interval '7 days')`);
    expect(WEBHOOK_RETENTION_DAYS).toBeGreaterThanOrEqual(7);
    const { purgedRequests } = await runMaintenance(new Date());
    expect(purgedRequests).toBeGreaterThanOrEqual(1);
    const left = await asService("test: read", (tx) => tx<{ webhook_id: string }[]>`
      select webhook_id from public.host_webhook_requests where webhook_id like '%for_maintenance'`);
    expect(left.map((row) => row.webhook_id)).toEqual(["msg_week_for_maintenance"]);
  });
});
