// Document files in Supabase Storage (FILE_STORAGE=supabase), through
// @supabase/supabase-js with the project's service role key — on the server
// only; no browser ever talks to the bucket.
//
// The bucket MUST be private: Portaal decides who may have a file (the
// database's policies, then an audit entry), so a file must never be reachable
// by a public URL. Create it once, private, either
//   - in the dashboard: Storage → New bucket → name "portaal-documents"
//     (or SUPABASE_STORAGE_BUCKET), "Public bucket" off; or
//   - in code: `supabase.storage.createBucket("portaal-documents", { public: false })`,
//     which is what ensureBucket() below does when the bucket is missing.
// ensureBucket() refuses to use a bucket that is public.
//
// Every download goes through the app by default (get). signedUrl() is for a
// caller that has made the same policy check and would rather redirect the
// browser to a short-lived signed URL (60 s unless said otherwise) than
// stream the bytes itself.
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { MAX_UPLOAD_BYTES } from "./limits";
import type { FileStorage, StoredObject } from "./storage";
import { assertStorageKey } from "./storage-key";

export type SupabaseStorageConfig = {
  /** The project's API URL, e.g. https://<ref>.supabase.co */
  url: string;
  /** The service_role (or sb_secret_…) key: it bypasses Storage's row-level security. Server only. */
  serviceRoleKey: string;
  /** A private bucket. */
  bucket: string;
};

export type SupabaseFileStorage = FileStorage & {
  readonly name: "supabase";
  readonly bucket: string;
  /**
   * A URL that serves the object, without credentials, for `seconds` (60 by
   * default, at most a day); null when there is no such object. Only after
   * the app's own policy check. `downloadAs` makes it an attachment with that
   * file name.
   */
  signedUrl(key: string, seconds?: number, options?: { downloadAs?: string }): Promise<string | null>;
  /** Creates the bucket, private, when it is missing; throws when it exists and is public. */
  ensureBucket(): Promise<void>;
};

export const DEFAULT_SIGNED_URL_SECONDS = 60;
const MAX_SIGNED_URL_SECONDS = 24 * 60 * 60;

/** A failure of Supabase Storage, said in a way the operator can act on. */
export class SupabaseStorageError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly statusCode: string | undefined,
  ) {
    super(message);
    this.name = "SupabaseStorageError";
  }
}

/** What storage-js reports (StorageApiError: HTTP status, and Storage's own statusCode from the body). */
type StorageFailure = { message: string; status?: number; statusCode?: string; name?: string };

// Storage answers most 4xx errors with HTTP 400 and the real code in the body's statusCode.
const codeOf = (error: StorageFailure): string | undefined => error.statusCode ?? (error.status ? String(error.status) : undefined);
const isObjectNotFound = (error: StorageFailure) => /^(object not found|the resource was not found)$/i.test(error.message.trim());
const isBucketNotFound = (error: StorageFailure) => /^bucket not found$/i.test(error.message.trim());

/** Whether a storage can hand out signed URLs (the Supabase one can; local files are always streamed). */
export function supportsSignedUrls(storage: FileStorage): storage is SupabaseFileStorage {
  return storage.name === "supabase" && typeof (storage as Partial<SupabaseFileStorage>).signedUrl === "function";
}

export function createSupabaseStorage(config: SupabaseStorageConfig): SupabaseFileStorage {
  const { bucket } = config;
  const client: SupabaseClient = createClient(config.url, config.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Portaal never opens a realtime channel, but the client wants a WebSocket
    // to exist, and Node 20 has none of its own.
    realtime: { transport: WebSocket as never },
  });
  const files = () => client.storage.from(bucket);

  function explain(action: string, error: StorageFailure): SupabaseStorageError {
    const code = codeOf(error);
    const detail = `${error.message} (HTTP ${error.status ?? "—"}, statusCode ${code ?? "—"})`;
    let message: string;
    if (error.status === undefined && error.name === "StorageUnknownError") {
      message = `Supabase Storage at ${config.url} could not be reached to ${action}: ${error.message}. Check SUPABASE_URL.`;
    } else if (error.status === 401 || error.status === 403 || code === "401" || code === "403") {
      // With the service role key, Storage's row-level security never says no: a 401/403 is the key.
      message = `Supabase Storage refused the key to ${action}: ${detail}. Check SUPABASE_SERVICE_ROLE_KEY (the service_role key, not the anon key).`;
    } else if (isBucketNotFound(error)) {
      message = `Supabase Storage has no bucket "${bucket}" to ${action}. Create it as a private bucket (Storage → New bucket, "Public bucket" off) or set SUPABASE_STORAGE_BUCKET.`;
    } else if (code === "409") {
      message = `Supabase Storage already has an object under this key (bucket "${bucket}"); storage keys are never reused.`;
    } else if (code === "413") {
      message = `Supabase Storage refused the file as too large for bucket "${bucket}": ${detail}. Raise the bucket's file size limit.`;
    } else {
      message = `Supabase Storage could not ${action} (bucket "${bucket}"): ${detail}.`;
    }
    return new SupabaseStorageError(message, error.status, code);
  }

  const storage: SupabaseFileStorage = {
    name: "supabase",
    bucket,

    async put(key, body, contentType) {
      assertStorageKey(key);
      // upsert: false — keys are new, and Storage refuses (409) to overwrite one.
      // max-age=0: no CDN or browser keeps a copy of a private file past its signed URL or its deletion.
      const { error } = await files().upload(key, body, { contentType, upsert: false, cacheControl: "0" });
      if (error) throw explain("store a file", error);
    },

    async get(key): Promise<StoredObject | null> {
      assertStorageKey(key);
      const { data, error } = await files().download(key);
      if (error) {
        if (isObjectNotFound(error)) return null;
        throw explain("read a file", error);
      }
      const body = new Uint8Array(await data.arrayBuffer());
      return { body, contentType: data.type || "application/octet-stream", size: body.byteLength };
    },

    async delete(key) {
      assertStorageKey(key);
      // Deleting what is not there is no error: Storage answers with the objects it deleted.
      const { error } = await files().remove([key]);
      if (error) throw explain("delete a file", error);
    },

    async signedUrl(key, seconds = DEFAULT_SIGNED_URL_SECONDS, options = {}) {
      assertStorageKey(key);
      if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_SIGNED_URL_SECONDS) {
        throw new RangeError(`A signed URL lives 1 to ${MAX_SIGNED_URL_SECONDS} whole seconds, not ${seconds}.`);
      }
      const { data, error } = await files().createSignedUrl(
        key,
        seconds,
        options.downloadAs ? { download: options.downloadAs } : undefined,
      );
      if (error) {
        if (isObjectNotFound(error)) return null;
        throw explain("sign a download URL", error);
      }
      return data.signedUrl;
    },

    async ensureBucket() {
      const { data, error } = await client.storage.getBucket(bucket);
      if (data) {
        if (data.public) {
          throw new SupabaseStorageError(
            `Supabase Storage bucket "${bucket}" is public, so its files could be fetched without Portaal. Make it private (Storage → the bucket → Edit bucket, "Public bucket" off) or set SUPABASE_STORAGE_BUCKET to a private one.`,
            undefined,
            undefined,
          );
        }
        return;
      }
      if (!isBucketNotFound(error)) throw explain("look up the bucket", error);
      const created = await client.storage.createBucket(bucket, { public: false, fileSizeLimit: MAX_UPLOAD_BYTES });
      // Another instance may have created it in the meantime.
      if (created.error && codeOf(created.error) !== "409") throw explain("create the bucket", created.error);
    },
  };
  return storage;
}
