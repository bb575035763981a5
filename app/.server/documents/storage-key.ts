// The one shape of a storage key (see newStorageKey in storage.ts), checked by
// every adapter before a key becomes a path or a URL.

/** `<tenant uuid>/<64 lower-case hex>`. */
export const STORAGE_KEY_PATTERN = /^[0-9a-f-]{36}\/[0-9a-f]{64}$/;

/** Throws unless `key` has the shape newStorageKey gives. */
export function assertStorageKey(key: string): void {
  if (typeof key !== "string" || !STORAGE_KEY_PATTERN.test(key)) {
    throw new Error("Not a storage key: expected <tenant uuid>/<64 hex characters> as made by newStorageKey.");
  }
}
