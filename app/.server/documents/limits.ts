// What may be uploaded as a document file (F-20): at most 25 MB, of a short
// list of office and image types. The type is decided here — from the file
// name's extension AND the file's first bytes — and never taken from the
// browser, so that a renamed .exe is refused and the content type stored
// (and later served) is one we chose.

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** How many leading bytes `checkUpload` looks at; pass at least these (or the whole file when smaller). */
export const SNIFF_BYTES = 4096;

export type UploadInput = {
  /** The name the browser sent; only its extension is used, and it must be a plain file name. */
  fileName: string;
  /** What the browser claimed. Informational only: never trusted, never stored. */
  contentType?: string | null;
  /** The size in bytes. */
  size: number;
  /** The file's first bytes (at least SNIFF_BYTES of them, or all when the file is smaller). */
  firstBytes: Uint8Array;
};

export type UploadRefusal =
  | { reason: "too-large"; maxBytes: number }
  | { reason: "type-not-allowed"; allowed: readonly string[] }
  | { reason: "empty" }
  | { reason: "name" };

export type UploadCheck =
  | { ok: true; contentType: string; extension: string }
  | ({ ok: false } & UploadRefusal);

type Signature = "pdf" | "png" | "jpeg" | "gif" | "webp" | "zip" | "ole2" | "text";

const IMAGE_TYPES: Partial<Record<Signature, string>> = {
  png: "image/png",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

/** Allowed extensions (lower case, without the dot), what their bytes must look like, and the type stored. */
const TYPES: Record<string, { signature: Signature; contentType: string }> = {
  pdf: { signature: "pdf", contentType: "application/pdf" },
  png: { signature: "png", contentType: "image/png" },
  jpg: { signature: "jpeg", contentType: "image/jpeg" },
  jpeg: { signature: "jpeg", contentType: "image/jpeg" },
  gif: { signature: "gif", contentType: "image/gif" },
  webp: { signature: "webp", contentType: "image/webp" },
  txt: { signature: "text", contentType: "text/plain" },
  csv: { signature: "text", contentType: "text/csv" },
  docx: { signature: "zip", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  xlsx: { signature: "zip", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  pptx: { signature: "zip", contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
  odt: { signature: "zip", contentType: "application/vnd.oasis.opendocument.text" },
  ods: { signature: "zip", contentType: "application/vnd.oasis.opendocument.spreadsheet" },
  doc: { signature: "ole2", contentType: "application/msword" },
  xls: { signature: "ole2", contentType: "application/vnd.ms-excel" },
  ppt: { signature: "ole2", contentType: "application/vnd.ms-powerpoint" },
};

/** The allowed extensions, for messages ("PDF, PNG, …"). */
export const ALLOWED_EXTENSIONS: readonly string[] = Object.freeze(Object.keys(TYPES));

const PREVIEWABLE = new Set(["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"]);

/** Whether the browser may show the file inline (PDF and the allowed images); everything else is downloaded. */
export function isPreviewable(contentType: string): boolean {
  return PREVIEWABLE.has(baseType(contentType));
}

function baseType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  return prefix.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string): number[] => [...text].map((character) => character.charCodeAt(0));

/** Whether `needle` occurs within the first `limit` bytes. */
function occursWithin(bytes: Uint8Array, needle: readonly number[], limit: number): boolean {
  const end = Math.min(bytes.length, limit) - needle.length;
  for (let offset = 0; offset <= end; offset += 1) {
    if (startsWith(bytes, needle, offset)) return true;
  }
  return false;
}

const PDF = ascii("%PDF-");
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii("GIF87a");
const GIF89 = ascii("GIF89a");
const RIFF = ascii("RIFF");
const WEBP = ascii("WEBP");
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const UTF16_LE_BOM = [0xff, 0xfe];
const UTF16_BE_BOM = [0xfe, 0xff];

/** The image format of the bytes, if they are one of the allowed images. */
function sniffImage(bytes: Uint8Array): Signature | null {
  if (startsWith(bytes, PNG)) return "png";
  if (startsWith(bytes, JPEG)) return "jpeg";
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return "gif";
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return "webp";
  return null;
}

/**
 * Plain text (txt, csv): no magic number, so refuse what is evidently binary —
 * NUL and other control bytes that text does not contain. Any 8-bit encoding
 * passes (Excel still writes Windows-1252 CSV), and UTF-16 with its BOM.
 */
function looksLikeText(bytes: Uint8Array): boolean {
  if (startsWith(bytes, UTF16_LE_BOM) || startsWith(bytes, UTF16_BE_BOM)) return true;
  for (const byte of bytes) {
    // Tab, line feed, vertical tab, form feed, carriage return, and DOS's end-of-file (0x1a).
    if (byte < 0x20 && !(byte >= 0x09 && byte <= 0x0d) && byte !== 0x1a) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}

function matches(signature: Signature, bytes: Uint8Array): boolean {
  switch (signature) {
    case "pdf":
      // The header may follow some junk, within the first 1024 bytes (as readers accept it).
      return occursWithin(bytes, PDF, 1024);
    case "zip":
      // docx, xlsx, pptx, odt and ods are zip archives.
      return startsWith(bytes, ZIP);
    case "ole2":
      // doc, xls and ppt are OLE2 compound files.
      return startsWith(bytes, OLE2);
    case "text":
      return looksLikeText(bytes);
    default:
      return sniffImage(bytes) === signature;
  }
}

// Control characters, and the bidirectional overrides that make "invoice‮fdp.exe" read as "invoiceexe.pdf".
// eslint-disable-next-line no-control-regex
const BAD_NAME_CHARACTERS = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069/\\]/;

function extensionOf(fileName: string): string | null {
  const name = fileName.trim();
  if (name === "" || name.length > 255 || BAD_NAME_CHARACTERS.test(name) || /^\.+$/.test(name)) return null;
  const dot = name.lastIndexOf(".");
  // No extension, or a name that is only an extension (".pdf"), has no type.
  if (dot <= 0 || dot === name.length - 1) return "";
  return name.slice(dot + 1).toLowerCase();
}

/**
 * Checks an upload before it is stored: a plain file name, not empty, at most
 * MAX_UPLOAD_BYTES, an allowed extension whose bytes are what the extension
 * says. The content type to store comes from here. An image whose extension
 * names another allowed image format (a WebP saved as .jpg) is accepted as
 * what its bytes are.
 */
export function checkUpload(input: UploadInput): UploadCheck {
  const extension = extensionOf(input.fileName);
  if (extension === null) return { ok: false, reason: "name" };
  if (input.size <= 0 || input.firstBytes.length === 0) return { ok: false, reason: "empty" };
  if (input.size > MAX_UPLOAD_BYTES) return { ok: false, reason: "too-large", maxBytes: MAX_UPLOAD_BYTES };

  const refused: UploadCheck = { ok: false, reason: "type-not-allowed", allowed: ALLOWED_EXTENSIONS };
  const type = TYPES[extension];
  if (!type) return refused;
  const bytes = input.firstBytes.subarray(0, SNIFF_BYTES);
  if (matches(type.signature, bytes)) return { ok: true, contentType: type.contentType, extension };
  if (IMAGE_TYPES[type.signature]) {
    const sniffed = sniffImage(bytes);
    const contentType = sniffed ? IMAGE_TYPES[sniffed] : undefined;
    if (contentType) return { ok: true, contentType, extension };
  }
  return refused;
}
