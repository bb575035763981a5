import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { batchRequestSchema, installedSchema, parseTopic, singleRequestSchema, validateEntityData } from "./envelope";
import { buildManifest, OUTBOUND_SCHEMAS } from "./manifest";
import { OUTBOUND_EVENT_TYPES } from "./outbound";

function checkInbound(event: { type: string; data: unknown }): void {
  const topic = parseTopic(event.type);
  if (topic.kind === "lifecycle") {
    if (topic.topic === "app.installed") expect(installedSchema.safeParse(event.data).success, event.type).toBe(true);
    return;
  }
  expect(topic.kind, event.type).toBe("entity");
  if (topic.kind !== "entity") return;
  const checked = validateEntityData(topic.entity, topic.action, event.data);
  expect(checked.ok ? [] : checked.errors, event.type).toEqual([]);
}

describe("the host integration's documents", () => {
  it("the committed manifest is what the code generates (npm run manifest)", () => {
    const committed = JSON.parse(readFileSync(resolve("extensions/host-platform/manifest.json"), "utf8")) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildManifest())));
  });

  it("every example in docs/host-integration.md passes the schemas Portaal checks with", () => {
    const text = readFileSync(resolve("docs/host-integration.md"), "utf8");
    const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!) as Record<string, unknown>);
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    for (const block of blocks) {
      const type = String(block.type);
      if (type === "batch") {
        const batch = batchRequestSchema.parse(block);
        for (const event of batch.events) checkInbound(event as { type: string; data: unknown });
      } else if ((OUTBOUND_EVENT_TYPES as readonly string[]).includes(type)) {
        const parsed = OUTBOUND_SCHEMAS[type as (typeof OUTBOUND_EVENT_TYPES)[number]].safeParse(block.data);
        expect(parsed.success, type).toBe(true);
      } else {
        checkInbound(singleRequestSchema.parse(block));
      }
    }
  });
});
