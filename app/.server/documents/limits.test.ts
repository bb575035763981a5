import { describe, expect, it } from "vitest";
import { ALLOWED_EXTENSIONS, checkUpload, isPreviewable, MAX_UPLOAD_BYTES } from "./limits";

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...Buffer.from(part, "latin1")] : part)));

const SAMPLES = {
  pdf: bytes("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], "IHDR"),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], "JFIF\0"),
  gif: bytes("GIF89a", [1, 0, 1, 0, 0x80, 0, 0]),
  webp: bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "),
  zip: bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0], "[Content_Types].xml"),
  ole2: bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
  exe: bytes("MZ", [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0], "This program cannot be run in DOS mode."),
  elf: bytes([0x7f], "ELF", [2, 1, 1, 0]),
};

function check(fileName: string, firstBytes: Uint8Array, extra: { size?: number; contentType?: string } = {}) {
  return checkUpload({ fileName, firstBytes, size: extra.size ?? firstBytes.length, contentType: extra.contentType });
}

describe("checkUpload", () => {
  it("accepts each allowed type when its bytes are what its extension says, with the content type we choose", () => {
    expect(check("Offerte 2024-017.pdf", SAMPLES.pdf, { contentType: "text/html" })).toEqual({
      ok: true, contentType: "application/pdf", extension: "pdf",
    });
    expect(check("logo.PNG", SAMPLES.png)).toMatchObject({ ok: true, contentType: "image/png", extension: "png" });
    expect(check("foto.jpg", SAMPLES.jpeg)).toMatchObject({ ok: true, contentType: "image/jpeg" });
    expect(check("foto.jpeg", SAMPLES.jpeg)).toMatchObject({ ok: true, contentType: "image/jpeg" });
    expect(check("anim.gif", SAMPLES.gif)).toMatchObject({ ok: true, contentType: "image/gif" });
    expect(check("scan.webp", SAMPLES.webp)).toMatchObject({ ok: true, contentType: "image/webp" });
    expect(check("notes.txt", bytes("Hallo wereld,\r\nregel twee\t.\n"))).toMatchObject({ ok: true, contentType: "text/plain" });
    expect(check("uren.csv", bytes("datum;uren;omschrijving\n2024-03-01;7,5;caf\xe9\n"))).toMatchObject({ ok: true, contentType: "text/csv" });
    expect(check("utf16.csv", bytes([0xff, 0xfe], "a\0;\0b\0"))).toMatchObject({ ok: true, contentType: "text/csv" });
    expect(check("brief.docx", SAMPLES.zip)).toMatchObject({
      ok: true, contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
    expect(check("begroting.xlsx", SAMPLES.zip)).toMatchObject({ ok: true, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
    expect(check("deck.pptx", SAMPLES.zip)).toMatchObject({ ok: true, contentType: "application/vnd.openxmlformats-officedocument.presentationml.presentation" });
    expect(check("brief.odt", SAMPLES.zip)).toMatchObject({ ok: true, contentType: "application/vnd.oasis.opendocument.text" });
    expect(check("lijst.ods", SAMPLES.zip)).toMatchObject({ ok: true, contentType: "application/vnd.oasis.opendocument.spreadsheet" });
    expect(check("oud.doc", SAMPLES.ole2)).toMatchObject({ ok: true, contentType: "application/msword" });
    expect(check("oud.xls", SAMPLES.ole2)).toMatchObject({ ok: true, contentType: "application/vnd.ms-excel" });
    expect(check("oud.ppt", SAMPLES.ole2)).toMatchObject({ ok: true, contentType: "application/vnd.ms-powerpoint" });
  });

  it("finds a PDF header after some leading junk, as PDF readers do", () => {
    expect(check("scan.pdf", bytes("\r\n\r\n", "%PDF-1.4"))).toMatchObject({ ok: true, contentType: "application/pdf" });
  });

  it("refuses a renamed executable under any allowed extension", () => {
    for (const name of ["factuur.pdf", "foto.jpg", "brief.docx", "oud.doc", "notes.txt", "uren.csv", "logo.png"]) {
      expect(check(name, SAMPLES.exe), name).toEqual({ ok: false, reason: "type-not-allowed", allowed: ALLOWED_EXTENSIONS });
      expect(check(name, SAMPLES.elf), name).toMatchObject({ ok: false, reason: "type-not-allowed" });
    }
  });

  it("refuses bytes that do not match the extension, and extensions that are not on the list", () => {
    expect(check("factuur.pdf", SAMPLES.png)).toMatchObject({ ok: false, reason: "type-not-allowed" });
    expect(check("brief.docx", SAMPLES.ole2)).toMatchObject({ ok: false, reason: "type-not-allowed" });
    expect(check("oud.doc", SAMPLES.zip)).toMatchObject({ ok: false, reason: "type-not-allowed" });
    expect(check("notes.txt", SAMPLES.png)).toMatchObject({ ok: false, reason: "type-not-allowed" });
    expect(check("setup.exe", SAMPLES.exe)).toMatchObject({ ok: false, reason: "type-not-allowed" });
    expect(check("page.html", bytes("<html><script>alert(1)</script>"))).toMatchObject({ ok: false, reason: "type-not-allowed" });
    expect(check("image.svg", bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toMatchObject({ ok: false, reason: "type-not-allowed" });
    expect(check("archive.zip", SAMPLES.zip)).toMatchObject({ ok: false, reason: "type-not-allowed" });
    expect(check("README", bytes("plain text"))).toMatchObject({ ok: false, reason: "type-not-allowed" });
    expect(check("trailing.", bytes("plain text"))).toMatchObject({ ok: false, reason: "type-not-allowed" });
  });

  it("takes an image for what its bytes are when the extension names another allowed image format", () => {
    expect(check("foto.jpg", SAMPLES.webp)).toEqual({ ok: true, contentType: "image/webp", extension: "jpg" });
    expect(check("logo.png", SAMPLES.jpeg)).toMatchObject({ ok: true, contentType: "image/jpeg" });
    expect(check("foto.jpg", SAMPLES.pdf)).toMatchObject({ ok: false, reason: "type-not-allowed" });
  });

  it("refuses an empty file and one over 25 MB, saying the limit", () => {
    expect(check("leeg.pdf", new Uint8Array())).toEqual({ ok: false, reason: "empty" });
    expect(check("leeg.pdf", SAMPLES.pdf, { size: 0 })).toEqual({ ok: false, reason: "empty" });
    expect(MAX_UPLOAD_BYTES).toBe(25 * 1024 * 1024);
    expect(check("groot.pdf", SAMPLES.pdf, { size: MAX_UPLOAD_BYTES })).toMatchObject({ ok: true });
    expect(check("groot.pdf", SAMPLES.pdf, { size: MAX_UPLOAD_BYTES + 1 })).toEqual({
      ok: false, reason: "too-large", maxBytes: MAX_UPLOAD_BYTES,
    });
  });

  it("refuses names that are not a plain file name", () => {
    for (const name of ["", "   ", "..", "../../etc/passwd.pdf", "C:\\Users\\bram\\factuur.pdf", "a\u0000.pdf", "line\nbreak.pdf", `factuur\u202efdp.exe`, `${"x".repeat(252)}.pdf`]) {
      expect(check(name, SAMPLES.pdf), JSON.stringify(name)).toEqual({ ok: false, reason: "name" });
    }
    expect(check(`${"x".repeat(251)}.pdf`, SAMPLES.pdf)).toMatchObject({ ok: true });
  });
});

describe("isPreviewable", () => {
  it("is true for PDF and the allowed images only", () => {
    for (const type of ["application/pdf", "image/png", "image/jpeg", "image/gif", "IMAGE/WEBP", "application/pdf; name=x"]) {
      expect(isPreviewable(type), type).toBe(true);
    }
    for (const type of ["text/plain", "text/csv", "image/svg+xml", "text/html", "application/msword", "application/octet-stream", ""]) {
      expect(isPreviewable(type), type).toBe(false);
    }
  });
});
