// Where document files live (F-20): behind this interface, so that the
// database decides who may have a file and the storage only keeps bytes.
// Keys are random (tenant id / 64 hex characters) and never derived from a
// file's name; they are never shown to a browser.
import { createHash, randomBytes } from "node:crypto";

export type StoredObject = { body: Uint8Array; contentType: string; size: number };

export interface FileStorage {
  readonly name: string;
  /** Stores the bytes under the key (overwriting nothing: keys are new). */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or null when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
  delete(key: string): Promise<void>;
}

/** A new, unguessable key for a tenant's file: `<tenant uuid>/<64 hex>`. */
export function newStorageKey(tenantId: string): string {
  return `${tenantId}/${randomBytes(32).toString("hex")}`;
}

export function sha256Hex(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}
