import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalStorage } from "./local-storage";
import { newStorageKey, type FileStorage } from "./storage";

const TENANT = "5f0c6a4e-3b1d-4c2a-9e8f-7a6b5c4d3e2f";

describe("local file storage", () => {
  let root: string;
  let storage: FileStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "portaal-local-storage-"));
    storage = createLocalStorage(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("gives back the bytes and the content type it was given, under <root>/<tenant>/<hex>", async () => {
    const key = newStorageKey(TENANT);
    const body = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x10]);
    await storage.put(key, body, "application/pdf");

    expect(storage.name).toBe("local");
    expect(await storage.get(key)).toEqual({ body, contentType: "application/pdf", size: body.length });
    const [, name] = key.split("/");
    expect(new Uint8Array(await readFile(join(root, TENANT, name!)))).toEqual(body);
    // Only the file and its type: no temporary files left behind.
    expect((await readdir(join(root, TENANT))).sort()).toEqual([name, `${name}.type`]);
  });

  it("answers null for a key that holds nothing", async () => {
    expect(await storage.get(newStorageKey(TENANT))).toBeNull();
  });

  it("deletes a file and its type, and deleting again is no error", async () => {
    const key = newStorageKey(TENANT);
    await storage.put(key, new TextEncoder().encode("hallo"), "text/plain");
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    expect(await readdir(join(root, TENANT))).toEqual([]);
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it("refuses to store twice under one key", async () => {
    const key = newStorageKey(TENANT);
    await storage.put(key, new Uint8Array([1]), "text/plain");
    await expect(storage.put(key, new Uint8Array([2]), "text/plain")).rejects.toThrow(/never reused/);
    expect((await storage.get(key))!.body).toEqual(new Uint8Array([1]));
  });

  it("refuses keys that are not storage keys, so none can reach outside the root", async () => {
    const hex = "a".repeat(64);
    const bad = [
      "../../etc/passwd",
      `${TENANT}/../../${hex.slice(6)}`,
      `../${TENANT.slice(3)}/${hex}`,
      `${TENANT}/${hex}/..`,
      `/${TENANT}/${hex}`,
      `${TENANT}\\${hex}`,
      `${TENANT}/${hex.toUpperCase()}`,
      `${TENANT}/${hex}.type`,
      `${TENANT}/factuur.pdf`,
      "",
    ];
    for (const key of bad) {
      await expect(storage.put(key, new Uint8Array([1]), "text/plain"), key).rejects.toThrow(/Not a storage key/);
      await expect(storage.get(key), key).rejects.toThrow(/Not a storage key/);
      await expect(storage.delete(key), key).rejects.toThrow(/Not a storage key/);
    }
    expect(await readdir(root)).toEqual([]);
  });

  it("calls a file without its type file application/octet-stream", async () => {
    const key = newStorageKey(TENANT);
    await storage.put(key, new Uint8Array([1, 2, 3]), "image/png");
    await rm(join(root, `${key}.type`));
    expect(await storage.get(key)).toMatchObject({ contentType: "application/octet-stream", size: 3 });
    await writeFile(join(root, `${key}.type`), "image/png\n");
    expect(await storage.get(key)).toMatchObject({ contentType: "image/png" });
  });
});
