// Document files on the local filesystem (the default; FILE_STORAGE=local):
// `<rootDir>/<tenant uuid>/<64 hex>`, with the content type in a sidecar file
// `<…>/<64 hex>.type` next to it (exactly what was stored; nothing is sniffed
// again on the way out). Keys are checked against their one shape before they
// touch a path, so no key can reach outside rootDir. Writes are atomic (a
// temporary file renamed into place), and a key is written once: storing
// under a key that holds a file is refused, as Supabase Storage refuses it.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { FileStorage, StoredObject } from "./storage";
import { assertStorageKey } from "./storage-key";

/** The content type when a sidecar is missing (a file put there by hand). */
const UNKNOWN_TYPE = "application/octet-stream";

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/**
 * Writes `body` to `path` all or nothing: into a temporary file in the same
 * directory first, then renamed over (rename is atomic within a filesystem),
 * so a reader sees no file or the whole file, never half of one.
 */
async function writeAtomically(path: string, body: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, body, { flag: "wx", mode: 0o600 });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function createLocalStorage(rootDir: string): FileStorage {
  const root = resolve(rootDir);

  function pathOf(key: string): string {
    assertStorageKey(key);
    const [tenant, name] = key.split("/") as [string, string];
    return join(root, tenant, name);
  }

  return {
    name: "local",

    async put(key, body, contentType) {
      const path = pathOf(key);
      if (/[\r\n]/.test(contentType)) throw new Error("A content type is one line.");
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      // Keys are new: an existing file means a reused key, which is a bug, not an update.
      const existing = await stat(path).catch((error: unknown) => {
        if (isErrno(error, "ENOENT")) return null;
        throw error;
      });
      if (existing) throw new Error("A file with this storage key exists already; storage keys are never reused.");
      // The type first, so that a file that is there always has its type.
      await writeAtomically(`${path}.type`, contentType);
      try {
        await writeAtomically(path, body);
      } catch (error) {
        await rm(`${path}.type`, { force: true });
        throw error;
      }
    },

    async get(key): Promise<StoredObject | null> {
      const path = pathOf(key);
      let body: Buffer;
      try {
        body = await readFile(path);
      } catch (error) {
        if (isErrno(error, "ENOENT")) return null;
        throw error;
      }
      const contentType = await readFile(`${path}.type`, "utf8").then(
        (type) => type.trim() || UNKNOWN_TYPE,
        (error: unknown) => {
          if (isErrno(error, "ENOENT")) return UNKNOWN_TYPE;
          throw error;
        },
      );
      return { body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength), contentType, size: body.byteLength };
    },

    async delete(key) {
      const path = pathOf(key);
      // The file first: once it is gone the object is gone, whatever happens to its sidecar.
      await rm(path, { force: true });
      await rm(`${path}.type`, { force: true });
    },
  };
}
