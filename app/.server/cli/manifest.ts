import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildManifest } from "../host/manifest";

export const MANIFEST_PATH = resolve("extensions/host-platform/manifest.json");

writeFileSync(MANIFEST_PATH, `${JSON.stringify(buildManifest(), null, 2)}\n`);
console.log(`portaal: wrote ${MANIFEST_PATH}`);
