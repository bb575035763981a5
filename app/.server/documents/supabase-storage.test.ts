import { decodeJwt } from "jose";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createSupabaseStorageStandIn,
  STAND_IN_SERVICE_ROLE_KEY,
  STAND_IN_SUPABASE_URL,
} from "../../../tests/msw/supabase-storage";
import { MAX_UPLOAD_BYTES } from "./limits";
import { newStorageKey } from "./storage";
import { createSupabaseStorage, DEFAULT_SIGNED_URL_SECONDS, SupabaseStorageError, supportsSignedUrls } from "./supabase-storage";

const TENANT = "5f0c6a4e-3b1d-4c2a-9e8f-7a6b5c4d3e2f";
const BUCKET = "portaal-documents";
const PDF = new TextEncoder().encode("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj << >> endobj\n%%EOF\n");

const standIn = createSupabaseStorageStandIn({ buckets: [{ name: BUCKET }] });
// Storage's other habit: the HTTP status is the error's code (as some versions and routes answer).
const exactStandIn = createSupabaseStorageStandIn({ url: "https://exact.supabase.test", buckets: [{ name: BUCKET }], exactStatusCodes: true });
const server = setupServer(...standIn.handlers, ...exactStandIn.handlers);

const config = { url: STAND_IN_SUPABASE_URL, serviceRoleKey: STAND_IN_SERVICE_ROLE_KEY, bucket: BUCKET };
const storage = createSupabaseStorage(config);

describe("Supabase Storage as the file storage", () => {
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  afterEach(() => {
    server.resetHandlers();
    standIn.reset();
    exactStandIn.reset();
  });

  it("stores bytes with their content type in the bucket, and gives them back", async () => {
    const key = newStorageKey(TENANT);
    await storage.put(key, PDF, "application/pdf");

    expect(await storage.get(key)).toEqual({ body: PDF, contentType: "application/pdf", size: PDF.length });
    const stored = standIn.buckets.get(BUCKET)!.objects.get(key)!;
    expect(stored).toMatchObject({ body: PDF, contentType: "application/pdf" });
    // A new object, never an overwrite; and the app itself asks, with the service role key.
    expect(standIn.requests).toEqual([
      { method: "POST", path: `/object/${BUCKET}/${key}`, upsert: "false" },
      { method: "GET", path: `/object/${BUCKET}/${key}`, upsert: null },
    ]);
    expect(storage.name).toBe("supabase");
    expect(supportsSignedUrls(storage)).toBe(true);
  });

  it("keeps binary bytes and other types intact", async () => {
    const key = newStorageKey(TENANT);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x00]);
    await storage.put(key, png, "image/png");
    expect(await storage.get(key)).toEqual({ body: png, contentType: "image/png", size: png.length });
  });

  it("answers null for a missing object, whichever status Storage answers it with", async () => {
    expect(await storage.get(newStorageKey(TENANT))).toBeNull();
    const exact = createSupabaseStorage({ ...config, url: "https://exact.supabase.test" });
    expect(await exact.get(newStorageKey(TENANT))).toBeNull();
  });

  it("deletes an object, and deleting a missing one is no error", async () => {
    const key = newStorageKey(TENANT);
    await storage.put(key, PDF, "application/pdf");
    await storage.delete(key);
    expect(standIn.buckets.get(BUCKET)!.objects.size).toBe(0);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.delete(key)).resolves.toBeUndefined();
    expect(standIn.requests.filter((request) => request.method === "DELETE").map((request) => request.path)).toEqual([
      `/object/${BUCKET}`, `/object/${BUCKET}`,
    ]);
  });

  it("refuses to store twice under one key", async () => {
    const key = newStorageKey(TENANT);
    await storage.put(key, PDF, "application/pdf");
    const second = storage.put(key, new Uint8Array([1]), "text/plain");
    await expect(second).rejects.toThrow(SupabaseStorageError);
    await expect(storage.put(key, new Uint8Array([1]), "text/plain")).rejects.toThrow(/already has an object under this key.*never reused/);
    expect((await storage.get(key))!.body).toEqual(PDF);
  });

  it("says clearly when the key is wrong or missing, or the bucket does not exist", async () => {
    const key = newStorageKey(TENANT);
    const wrongKey = createSupabaseStorage({ ...config, serviceRoleKey: "not-the-service-role-key-0123456789" });
    await expect(wrongKey.put(key, PDF, "application/pdf")).rejects.toThrow(
      /^Supabase Storage refused the key to store a file: Invalid API key \(HTTP 401.*Check SUPABASE_SERVICE_ROLE_KEY/,
    );
    await expect(wrongKey.get(key)).rejects.toThrow(/refused the key to read a file/);
    expect(standIn.requests).toEqual([]);

    const noBucket = createSupabaseStorage({ ...config, bucket: "elsewhere" });
    await expect(noBucket.put(key, PDF, "application/pdf")).rejects.toThrow(/has no bucket "elsewhere".*private bucket.*SUPABASE_STORAGE_BUCKET/);
    // A missing bucket is a setting to fix, not a missing file.
    await expect(noBucket.get(key)).rejects.toThrow(/has no bucket "elsewhere"/);
  });

  it("is tested against a stand-in that wants the key both as apikey and as the bearer token, like Supabase", async () => {
    const url = `${STAND_IN_SUPABASE_URL}/storage/v1/object/authenticated/${BUCKET}/${newStorageKey(TENANT)}`;
    const noKey = await fetch(url);
    expect([noKey.status, await noKey.json()]).toEqual([401, { message: "No API key found in request" }]);
    const noBearer = await fetch(url, { headers: { apikey: STAND_IN_SERVICE_ROLE_KEY } });
    expect([noBearer.status, await noBearer.json()]).toEqual([400, expect.objectContaining({ statusCode: "403", error: "Unauthorized" })]);
    const both = await fetch(url, { headers: { apikey: STAND_IN_SERVICE_ROLE_KEY, Authorization: `Bearer ${STAND_IN_SERVICE_ROLE_KEY}` } });
    expect([both.status, await both.json()]).toEqual([400, { statusCode: "404", code: "NoSuchKey", error: "not_found", message: "Object not found" }]);
  });

  it("says which setting to check when Storage cannot be reached", async () => {
    server.use(http.all("https://unreachable.supabase.test/*", () => HttpResponse.error()));
    const unreachable = createSupabaseStorage({ ...config, url: "https://unreachable.supabase.test" });
    await expect(unreachable.get(newStorageKey(TENANT))).rejects.toThrow(
      /^Supabase Storage at https:\/\/unreachable.supabase.test could not be reached to read a file: .*Check SUPABASE_URL\.$/,
    );
  });

  it("refuses keys that are not storage keys before asking Storage", async () => {
    for (const key of ["../other-bucket/file", `${TENANT}/factuur.pdf`, `${TENANT}/${"a".repeat(64)}/../x`]) {
      await expect(storage.put(key, PDF, "application/pdf")).rejects.toThrow(/Not a storage key/);
      await expect(storage.get(key)).rejects.toThrow(/Not a storage key/);
      await expect(storage.delete(key)).rejects.toThrow(/Not a storage key/);
      await expect(storage.signedUrl(key)).rejects.toThrow(/Not a storage key/);
    }
    expect(standIn.requests).toEqual([]);
  });

  it("signs a short-lived URL with a token and an expiry, which serves the file until it expires", async () => {
    const key = newStorageKey(TENANT);
    await storage.put(key, PDF, "application/pdf");

    const url = new URL((await storage.signedUrl(key))!);
    expect(`${url.origin}${url.pathname}`).toBe(`${STAND_IN_SUPABASE_URL}/storage/v1/object/sign/${BUCKET}/${key}`);
    const token = url.searchParams.get("token")!;
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(DEFAULT_SIGNED_URL_SECONDS);
    expect(claims).toMatchObject({ url: `${BUCKET}/${key}` });

    // No apikey, no Authorization: the token is the credential.
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);

    standIn.advanceClock(DEFAULT_SIGNED_URL_SECONDS + 1);
    const expired = await fetch(url);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ statusCode: "400", message: "jwt expired" });
  });

  it("signs for as long as asked, as an attachment when asked, and answers null for a missing object", async () => {
    const key = newStorageKey(TENANT);
    await storage.put(key, PDF, "application/pdf");
    const url = new URL((await storage.signedUrl(key, 300, { downloadAs: "Factuur 2024-017.pdf" }))!);
    const claims = decodeJwt(url.searchParams.get("token")!);
    expect(claims.exp! - claims.iat!).toBe(300);
    expect((await fetch(url)).headers.get("content-disposition")).toBe('attachment; filename="Factuur 2024-017.pdf"');

    expect(await storage.signedUrl(newStorageKey(TENANT))).toBeNull();
    await expect(storage.signedUrl(key, 0)).rejects.toThrow(RangeError);
    await expect(storage.signedUrl(key, 1.5)).rejects.toThrow(RangeError);
  });

  it("creates the bucket private when it is missing, and refuses a public one", async () => {
    const fresh = createSupabaseStorage({ ...config, bucket: "portaal-new" });
    await fresh.ensureBucket();
    expect(standIn.buckets.get("portaal-new")).toMatchObject({ public: false, fileSizeLimit: MAX_UPLOAD_BYTES });
    await fresh.ensureBucket();
    expect(standIn.requests.filter((request) => request.method === "POST").length).toBe(1);

    await storage.ensureBucket();
    expect(standIn.buckets.get(BUCKET)!.public).toBe(false);

    standIn.buckets.get(BUCKET)!.public = true;
    await expect(storage.ensureBucket()).rejects.toThrow(/bucket "portaal-documents" is public.*Make it private/);
  });
});
