import { describe, expect, it } from "vitest";
import {
  decodeSignaturePng, PNG_DATA_URL_PREFIX, pngDataUrlByteLength, SIGNATURE_MAX_BYTES, signatureInputSchema,
} from "./signature";

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// A real 1×1 PNG, as a canvas would make it.
const TINY_PNG = `${PNG_DATA_URL_PREFIX}iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=`;

function pngDataUrlOfSize(bytes: number): string {
  const body = Buffer.concat([PNG_MAGIC, Buffer.alloc(bytes - PNG_MAGIC.length, 7)]);
  return PNG_DATA_URL_PREFIX + body.toString("base64");
}

function issuePaths(input: Record<string, unknown>): string[] {
  const result = signatureInputSchema.safeParse(input);
  expect(result.success, JSON.stringify(input).slice(0, 200)).toBe(false);
  return result.error!.issues.map((issue) => issue.path.join("."));
}

describe("signatureInputSchema", () => {
  it("accepts a drawn PNG signature and trims the name", () => {
    const result = signatureInputSchema.parse({ signatureKind: "drawn", signature: TINY_PNG, signerName: "  Anna de Vries " });
    expect(result).toEqual({ signatureKind: "drawn", signature: TINY_PNG, signerName: "Anna de Vries" });
  });

  it("accepts a typed signature and no signature, with an empty or absent image field", () => {
    expect(signatureInputSchema.parse({ signatureKind: "typed", signature: "", signerName: "Bram" }))
      .toEqual({ signatureKind: "typed", signature: "", signerName: "Bram" });
    expect(signatureInputSchema.parse({ signatureKind: "none", signerName: "Bram" }))
      .toEqual({ signatureKind: "none", signerName: "Bram" });
  });

  it("accepts a PNG of exactly the maximum size and refuses one byte more", () => {
    expect(signatureInputSchema.safeParse({ signatureKind: "drawn", signature: pngDataUrlOfSize(SIGNATURE_MAX_BYTES), signerName: "Anna" }).success).toBe(true);
    expect(issuePaths({ signatureKind: "drawn", signature: pngDataUrlOfSize(SIGNATURE_MAX_BYTES + 1), signerName: "Anna" })).toEqual(["signature"]);
    expect(issuePaths({ signatureKind: "drawn", signature: PNG_DATA_URL_PREFIX + "A".repeat(5_000_000), signerName: "Anna" })).toEqual(["signature"]);
  });

  it("refuses a drawn signature that is missing, not a PNG data URL, not base64 or not PNG bytes", () => {
    const gif = `${PNG_DATA_URL_PREFIX}${Buffer.from("GIF89a, certainly not a PNG").toString("base64")}`;
    for (const signature of [
      "",
      TINY_PNG.replace("image/png", "image/jpeg"),
      TINY_PNG.replace("data:", ""),
      TINY_PNG.toUpperCase(),
      `data:image/svg+xml;base64,${Buffer.from("<svg/>").toString("base64")}`,
      "https://example.com/signature.png",
      `${PNG_DATA_URL_PREFIX}iVBORw0KGgo*not+base64!`,
      `${PNG_DATA_URL_PREFIX}iVBORw0K`, // the magic number cut short
      gif,
    ]) {
      expect(issuePaths({ signatureKind: "drawn", signature, signerName: "Anna" }), signature).toEqual(["signature"]);
    }
    expect(issuePaths({ signatureKind: "drawn", signerName: "Anna" })).toEqual(["signature"]);
  });

  it("refuses a name that is missing, too short, too long or holds control characters, for every kind", () => {
    for (const signatureKind of ["typed", "none"] as const) {
      expect(issuePaths({ signatureKind, signature: "" })).toEqual(["signerName"]);
      for (const signerName of ["", "   ", "A", " A ", "x".repeat(121), "Anna\u0000", "An\nna"]) {
        expect(issuePaths({ signatureKind, signature: "", signerName }), JSON.stringify(signerName)).toEqual(["signerName"]);
      }
    }
    expect(issuePaths({ signatureKind: "drawn", signature: TINY_PNG, signerName: " " })).toEqual(["signerName"]);
    expect(signatureInputSchema.safeParse({ signatureKind: "typed", signerName: "x".repeat(120) }).success).toBe(true);
    expect(signatureInputSchema.safeParse({ signatureKind: "typed", signerName: " Jo " }).success).toBe(true);
  });

  it("refuses an unknown kind, and an image with a typed or absent signature", () => {
    expect(issuePaths({ signatureKind: "scribbled", signature: TINY_PNG, signerName: "Anna" })).toEqual(["signatureKind"]);
    expect(issuePaths({ signature: TINY_PNG, signerName: "Anna" })).toEqual(["signatureKind"]);
    expect(issuePaths({ signatureKind: "typed", signature: TINY_PNG, signerName: "Anna" })).toEqual(["signature"]);
    expect(issuePaths({ signatureKind: "none", signature: TINY_PNG, signerName: "Anna" })).toEqual(["signature"]);
  });
});

describe("decodeSignaturePng", () => {
  it("returns the PNG bytes of a valid data URL", () => {
    const bytes = decodeSignaturePng(TINY_PNG);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bytes).equals(Buffer.from(TINY_PNG.slice(PNG_DATA_URL_PREFIX.length), "base64"))).toBe(true);
    expect(bytes.length).toBe(pngDataUrlByteLength(TINY_PNG));
    expect(decodeSignaturePng(pngDataUrlOfSize(1000)).length).toBe(1000);
  });

  it("throws on anything else", () => {
    expect(() => decodeSignaturePng("")).toThrow(/must start with/);
    expect(() => decodeSignaturePng(`${PNG_DATA_URL_PREFIX}R0lGODlh`)).toThrow(/not a PNG/);
    expect(() => decodeSignaturePng(`${PNG_DATA_URL_PREFIX}@@@@`)).toThrow(/base64/);
    expect(() => decodeSignaturePng(pngDataUrlOfSize(SIGNATURE_MAX_BYTES + 1))).toThrow(/larger than/);
  });
});
