import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { http, HttpResponse, type HttpHandler } from "msw";

/**
 * A stateful, in-memory stand-in for Supabase Storage's REST API (the
 * `storage/v1` routes of supabase/storage, as @supabase/storage-js calls
 * them), as msw handlers: `setupServer(...standIn.handlers)`.
 *
 * The contract it follows:
 * - `POST /object/{bucket}/{path}` uploads (raw body with its Content-Type, or
 *   multipart); `x-upsert: true` replaces, otherwise an existing object is a
 *   409 "Duplicate". Answers `{ Id, Key: "<bucket>/<path>" }`.
 * - `GET /object/authenticated/{bucket}/{path}` (and the older
 *   `GET /object/{bucket}/{path}`) answers the bytes with their Content-Type.
 * - `DELETE /object/{bucket}` with `{ prefixes: [...] }` deletes, and answers
 *   the objects it deleted (none for a missing one: no error).
 * - `POST /object/sign/{bucket}/{path}` with `{ expiresIn }` answers
 *   `{ signedURL: "/object/sign/<bucket>/<path>?token=<JWT>" }`; the token is
 *   an HS256 JWT of `{ url: "<bucket>/<path>", iat, exp }`, and
 *   `GET /object/sign/{bucket}/{path}?token=…` serves the object without any
 *   other credentials until `exp`.
 * - `GET /bucket/{id}` and `POST /bucket` with `{ id, name, public, file_size_limit, allowed_mime_types }`.
 * - Errors have Storage's shape `{ statusCode: "<code>", code, error, message }`,
 *   e.g. `{ statusCode: "404", code: "NoSuchKey", error: "not_found", message: "Object not found" }`.
 *   Like Supabase's server, the HTTP status of a 4xx error is 400 and the real
 *   code is only in the body (a legacy choice of Storage's); set
 *   `exactStatusCodes` to answer with the body's code as the HTTP status.
 * - Credentials: the API gateway wants the project's key in `apikey` (401
 *   `{ message }` without it or with another one), Storage wants a JWT it
 *   accepts as `Authorization: Bearer …` (statusCode 403 "Unauthorized"
 *   otherwise). Here the one accepted key is the service role key, in both.
 */

export const STAND_IN_SUPABASE_URL = "https://portaal-storage.supabase.test";
export const STAND_IN_SERVICE_ROLE_KEY = "service-role-key-for-the-storage-contract-tests-0123456789";

export type StandInObject = {
  id: string;
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
  createdAt: Date;
  updatedAt: Date;
};

export type StandInBucket = {
  id: string;
  public: boolean;
  fileSizeLimit: number | null;
  allowedMimeTypes: string[] | null;
  createdAt: Date;
  objects: Map<string, StandInObject>;
};

export type StandInRequest = { method: string; path: string; upsert: string | null };

export type SupabaseStorageStandInOptions = {
  /** The project URL (without /storage/v1). */
  url?: string;
  serviceRoleKey?: string;
  /** Buckets that exist from the start (and again after reset()); private unless said otherwise. */
  buckets?: Array<{ name: string; public?: boolean }>;
  /** Answer errors with the body's statusCode as the HTTP status instead of Storage's 400. */
  exactStatusCodes?: boolean;
};

export type SupabaseStorageStandIn = {
  handlers: HttpHandler[];
  readonly buckets: Map<string, StandInBucket>;
  /** Every request that passed the gateway, oldest first. */
  readonly requests: StandInRequest[];
  /** Moves the stand-in's clock (for signed URL expiry). */
  advanceClock: (seconds: number) => void;
  /** Back to the initial buckets, no objects, no requests, the real clock. */
  reset: () => void;
};

type StorageErrorBody = { statusCode: string; code: string; error: string; message: string };

/** Storage's errors (supabase/storage src/internal/errors/codes.ts), as rendered by its error handler. */
export const storageErrors = {
  noSuchKey: (): StorageErrorBody => ({ statusCode: "404", code: "NoSuchKey", error: "not_found", message: "Object not found" }),
  noSuchBucket: (): StorageErrorBody => ({ statusCode: "404", code: "NoSuchBucket", error: "Bucket not found", message: "Bucket not found" }),
  keyAlreadyExists: (): StorageErrorBody => ({ statusCode: "409", code: "KeyAlreadyExists", error: "Duplicate", message: "The resource already exists" }),
  bucketAlreadyExists: (): StorageErrorBody => ({ statusCode: "409", code: "BucketAlreadyExists", error: "Duplicate", message: "The resource already exists" }),
  accessDenied: (message: string): StorageErrorBody => ({ statusCode: "403", code: "AccessDenied", error: "Unauthorized", message }),
  invalidJwt: (message: string): StorageErrorBody => ({ statusCode: "400", code: "InvalidJWT", error: "InvalidJWT", message }),
  invalidSignature: (): StorageErrorBody => ({ statusCode: "400", code: "InvalidSignature", error: "InvalidSignature", message: "Invalid signature" }),
  invalidKey: (key: string): StorageErrorBody => ({ statusCode: "400", code: "InvalidKey", error: "InvalidKey", message: `Invalid key: ${key}` }),
  entityTooLarge: (): StorageErrorBody => ({ statusCode: "413", code: "EntityTooLarge", error: "Payload too large", message: "The object exceeded the maximum allowed size" }),
  invalidMimeType: (type: string): StorageErrorBody => ({ statusCode: "415", code: "InvalidMimeType", error: "invalid_mime_type", message: `mime type ${type} is not supported` }),
  badRequest: (message: string): StorageErrorBody => ({ statusCode: "400", code: "InvalidRequest", error: "Bad Request", message }),
};

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

// Storage's own check of object names (mustBeValidKey).
const VALID_KEY = /^(\w|\/|!|-|\.|\*|'|\(|\)| |&|\$|@|=|;|:|\+|,|\?)+$/;

export function createSupabaseStorageStandIn(options: SupabaseStorageStandInOptions = {}): SupabaseStorageStandIn {
  const projectUrl = (options.url ?? STAND_IN_SUPABASE_URL).replace(/\/+$/, "");
  const storageUrl = `${projectUrl}/storage/v1`;
  const serviceRoleKey = options.serviceRoleKey ?? STAND_IN_SERVICE_ROLE_KEY;
  const jwtSecret = randomBytes(32);
  const buckets = new Map<string, StandInBucket>();
  const requests: StandInRequest[] = [];
  let clockOffsetMs = 0;

  const nowSeconds = () => Math.floor((Date.now() + clockOffsetMs) / 1000);

  function addBucket(name: string, isPublic: boolean, fileSizeLimit: number | null = null, allowedMimeTypes: string[] | null = null) {
    buckets.set(name, { id: name, public: isPublic, fileSizeLimit, allowedMimeTypes, createdAt: new Date(), objects: new Map() });
  }
  function initialBuckets() {
    buckets.clear();
    for (const bucket of options.buckets ?? []) addBucket(bucket.name, bucket.public ?? false);
  }
  initialBuckets();

  function fail(body: StorageErrorBody): Response {
    const status = options.exactStatusCodes ? Number(body.statusCode) : body.statusCode === "500" ? 500 : 400;
    return HttpResponse.json(body, { status });
  }

  /** The API gateway's key check, then Storage's JWT check; null when the request may pass. */
  function checkCredentials(request: Request): Response | null {
    const apikey = request.headers.get("apikey");
    if (!apikey) return HttpResponse.json({ message: "No API key found in request" }, { status: 401 });
    if (apikey !== serviceRoleKey) {
      return HttpResponse.json(
        { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." },
        { status: 401 },
      );
    }
    const jwt = (request.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
    if (!jwt) return fail(storageErrors.accessDenied("jwt must be provided"));
    if (jwt !== serviceRoleKey) return fail(storageErrors.accessDenied("invalid signature"));
    return null;
  }

  /** `<bucket>/<path>` of a request URL after `prefix` (e.g. "/object/"), decoded. */
  function bucketAndPath(request: Request, prefix: string): { bucket: string; path: string } {
    const pathname = new URL(request.url).pathname.slice(new URL(storageUrl).pathname.length + prefix.length);
    const [bucket = "", ...rest] = pathname.split("/").map((segment) => decodeURIComponent(segment));
    return { bucket, path: rest.join("/") };
  }

  function record(request: Request) {
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname.slice(new URL(storageUrl).pathname.length),
      upsert: request.headers.get("x-upsert"),
    });
  }

  function sign(payload: Record<string, unknown>): string {
    const unsigned = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}`;
    return `${unsigned}.${createHmac("sha256", jwtSecret).update(unsigned).digest("base64url")}`;
  }

  function verify(token: string): { url?: unknown; exp?: unknown } | string {
    const [header, payload, signature] = token.split(".");
    if (!header || !payload || !signature) return "jwt malformed";
    const expected = createHmac("sha256", jwtSecret).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "invalid signature";
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { url?: unknown; exp?: unknown };
    if (typeof claims.exp !== "number" || claims.exp <= nowSeconds()) return "jwt expired";
    return claims;
  }

  function serve(object: StandInObject, download: string | null): Response {
    const headers: Record<string, string> = {
      "Content-Type": object.contentType,
      "Content-Length": String(object.body.byteLength),
      "Cache-Control": object.cacheControl,
      ETag: `"${object.id}"`,
      "Last-Modified": object.updatedAt.toUTCString(),
    };
    if (download !== null) headers["Content-Disposition"] = `attachment; filename=${JSON.stringify(download)}`;
    return new HttpResponse(object.body, { status: 200, headers });
  }

  function objectInfo(bucket: string, path: string, object: StandInObject) {
    return {
      name: path,
      bucket_id: bucket,
      owner: "",
      id: object.id,
      updated_at: object.updatedAt.toISOString(),
      created_at: object.createdAt.toISOString(),
      last_accessed_at: object.updatedAt.toISOString(),
      metadata: {
        eTag: `"${object.id}"`,
        size: object.body.byteLength,
        mimetype: object.contentType,
        cacheControl: object.cacheControl,
        lastModified: object.updatedAt.toISOString(),
        contentLength: object.body.byteLength,
        httpStatusCode: 200,
      },
    };
  }

  async function readUpload(request: Request): Promise<{ body: Uint8Array; contentType: string; cacheControl: string }> {
    const contentType = request.headers.get("content-type") ?? "application/octet-stream";
    if (contentType.startsWith("multipart/form-data")) {
      const form = await request.formData();
      const file = [...form.values()].find((value): value is File => typeof value !== "string");
      return {
        body: new Uint8Array(file ? await file.arrayBuffer() : new ArrayBuffer(0)),
        contentType: file?.type || "application/octet-stream",
        cacheControl: `max-age=${String(form.get("cacheControl") ?? "3600")}`,
      };
    }
    return {
      body: new Uint8Array(await request.arrayBuffer()),
      contentType,
      cacheControl: request.headers.get("cache-control") ?? "no-cache",
    };
  }

  const standIn: SupabaseStorageStandIn = {
    handlers: [
      http.post(`${storageUrl}/bucket`, async ({ request }) => {
        const refused = checkCredentials(request);
        if (refused) return refused;
        record(request);
        const body = (await request.json()) as {
          id?: string; name?: string; public?: boolean; file_size_limit?: number | string | null; allowed_mime_types?: string[] | null;
        };
        const id = body.id ?? body.name;
        if (!id) return fail(storageErrors.badRequest("body must have required property 'name'"));
        if (buckets.has(id)) return fail(storageErrors.bucketAlreadyExists());
        const limit = body.file_size_limit === undefined || body.file_size_limit === null ? null : Number(body.file_size_limit);
        addBucket(id, body.public === true, limit, body.allowed_mime_types ?? null);
        return HttpResponse.json({ name: id });
      }),

      http.get(`${storageUrl}/bucket/:id`, ({ request, params }) => {
        const refused = checkCredentials(request);
        if (refused) return refused;
        record(request);
        const bucket = buckets.get(String(params.id));
        if (!bucket) return fail(storageErrors.noSuchBucket());
        return HttpResponse.json({
          id: bucket.id,
          name: bucket.id,
          owner: "",
          public: bucket.public,
          type: "STANDARD",
          file_size_limit: bucket.fileSizeLimit,
          allowed_mime_types: bucket.allowedMimeTypes,
          created_at: bucket.createdAt.toISOString(),
          updated_at: bucket.createdAt.toISOString(),
        });
      }),

      // Before the plain /object/… routes, which would take "sign" for a bucket.
      http.post(`${storageUrl}/object/sign/*`, async ({ request }) => {
        const refused = checkCredentials(request);
        if (refused) return refused;
        record(request);
        const { bucket, path } = bucketAndPath(request, "/object/sign/");
        const { expiresIn } = (await request.json()) as { expiresIn?: unknown };
        if (typeof expiresIn !== "number" || !Number.isInteger(expiresIn) || expiresIn < 1) {
          return fail(storageErrors.badRequest("body/expiresIn must be integer >= 1"));
        }
        if (!buckets.get(bucket)?.objects.has(path)) return fail(storageErrors.noSuchKey());
        const iat = nowSeconds();
        const token = sign({ url: `${bucket}/${path}`, iat, exp: iat + expiresIn });
        return HttpResponse.json({ signedURL: `/object/sign/${bucket}/${path}?token=${token}` });
      }),

      // A signed URL needs no other credentials: that is what it is for.
      http.get(`${storageUrl}/object/sign/*`, ({ request }) => {
        record(request);
        const { bucket, path } = bucketAndPath(request, "/object/sign/");
        const query = new URL(request.url).searchParams;
        const token = query.get("token");
        if (!token) return fail(storageErrors.badRequest("querystring must have required property 'token'"));
        const claims = verify(token);
        if (typeof claims === "string") return fail(storageErrors.invalidJwt(claims));
        if (claims.url !== `${bucket}/${path}`) return fail(storageErrors.invalidSignature());
        const object = buckets.get(bucket)?.objects.get(path);
        if (!object) return fail(storageErrors.noSuchKey());
        return serve(object, query.get("download"));
      }),

      http.get(`${storageUrl}/object/*`, ({ request }) => {
        const refused = checkCredentials(request);
        if (refused) return refused;
        record(request);
        const pathname = new URL(request.url).pathname;
        const prefix = pathname.startsWith(`${new URL(storageUrl).pathname}/object/authenticated/`) ? "/object/authenticated/" : "/object/";
        const { bucket, path } = bucketAndPath(request, prefix);
        const found = buckets.get(bucket);
        if (!found) return fail(storageErrors.noSuchBucket());
        const object = found.objects.get(path);
        if (!object) return fail(storageErrors.noSuchKey());
        return serve(object, new URL(request.url).searchParams.get("download"));
      }),

      http.post(`${storageUrl}/object/*`, async ({ request }) => {
        const refused = checkCredentials(request);
        if (refused) return refused;
        record(request);
        const { bucket: bucketName, path } = bucketAndPath(request, "/object/");
        const bucket = buckets.get(bucketName);
        if (!bucket) return fail(storageErrors.noSuchBucket());
        if (!VALID_KEY.test(path)) return fail(storageErrors.invalidKey(path));
        const upload = await readUpload(request);
        if (bucket.fileSizeLimit !== null && upload.body.byteLength > bucket.fileSizeLimit) return fail(storageErrors.entityTooLarge());
        if (bucket.allowedMimeTypes && !bucket.allowedMimeTypes.includes(upload.contentType)) {
          return fail(storageErrors.invalidMimeType(upload.contentType));
        }
        const existing = bucket.objects.get(path);
        if (existing && request.headers.get("x-upsert") !== "true") return fail(storageErrors.keyAlreadyExists());
        const now = new Date();
        const object: StandInObject = {
          id: randomUUID(),
          ...upload,
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
        };
        bucket.objects.set(path, object);
        return HttpResponse.json({ Id: object.id, Key: `${bucketName}/${path}` });
      }),

      http.delete(`${storageUrl}/object/:bucket`, async ({ request, params }) => {
        const refused = checkCredentials(request);
        if (refused) return refused;
        record(request);
        const bucketName = String(params.bucket);
        const { prefixes } = (await request.json()) as { prefixes?: unknown };
        if (!Array.isArray(prefixes) || prefixes.length === 0 || !prefixes.every((prefix) => typeof prefix === "string")) {
          return fail(storageErrors.badRequest("body/prefixes must NOT have fewer than 1 items"));
        }
        const bucket = buckets.get(bucketName);
        if (!bucket) return fail(storageErrors.noSuchBucket());
        const deleted = [];
        for (const path of prefixes as string[]) {
          const object = bucket.objects.get(path);
          if (!object) continue;
          bucket.objects.delete(path);
          deleted.push(objectInfo(bucketName, path, object));
        }
        return HttpResponse.json(deleted);
      }),
    ],
    buckets,
    requests,
    advanceClock(seconds) {
      clockOffsetMs += seconds * 1000;
    },
    reset() {
      initialBuckets();
      requests.length = 0;
      clockOffsetMs = 0;
    },
  };
  return standIn;
}
