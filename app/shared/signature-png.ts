/*
 * The zod-free half of signature.ts, for the browser: SignatureField imports
 * this, so the page does not ship zod (whose schemas probe for eval, which
 * the CSP reports).
 */

/** How a signer signed: a drawing on the pad, their typed name, or not at all. */
export const SIGNATURE_KINDS = ["drawn", "typed", "none"] as const;
export type SignatureKind = (typeof SIGNATURE_KINDS)[number];

/**
 * Largest drawn signature we accept, in decoded PNG bytes (200 kB). A real
 * signature on the pad is a few to a few tens of kB; the cap keeps a forged
 * post from filling the database.
 */
export const SIGNATURE_MAX_BYTES = 200_000;

export const PNG_DATA_URL_PREFIX = "data:image/png;base64,";

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// Checked before the regex and the decoding, so an oversized post costs nothing.
const MAX_BASE64_LENGTH = Math.ceil(SIGNATURE_MAX_BYTES / 3) * 4;

/** The decoded size of a base64 PNG data URL, from its length alone (no decoding). */
export function pngDataUrlByteLength(dataUrl: string): number {
  const base64 = dataUrl.slice(PNG_DATA_URL_PREFIX.length);
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

export type SignaturePngResult = { ok: true; bytes: Uint8Array } | { ok: false; problem: string };

/** The bytes of a drawn signature, or what is wrong with it. */
export function readSignaturePng(dataUrl: string): SignaturePngResult {
  if (!dataUrl.startsWith(PNG_DATA_URL_PREFIX)) return { ok: false, problem: `must start with ${PNG_DATA_URL_PREFIX}` };
  const base64 = dataUrl.slice(PNG_DATA_URL_PREFIX.length);
  if (base64.length > MAX_BASE64_LENGTH || pngDataUrlByteLength(dataUrl) > SIGNATURE_MAX_BYTES) {
    return { ok: false, problem: `larger than ${SIGNATURE_MAX_BYTES} bytes` };
  }
  if (!BASE64.test(base64)) return { ok: false, problem: "not valid base64" };
  // atob rather than Buffer: this module also runs in the browser.
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  if (!PNG_MAGIC.every((byte, index) => bytes[index] === byte)) return { ok: false, problem: "not a PNG image" };
  return { ok: true, bytes };
}

/** The PNG bytes of a drawn signature; throws when it is not a valid one (check with the schema first). */
export function decodeSignaturePng(dataUrl: string): Uint8Array {
  const result = readSignaturePng(dataUrl);
  if (!result.ok) throw new Error(`Signature ${result.problem}`);
  return result.bytes;
}
