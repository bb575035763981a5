import type { Language } from "../i18n";

/**
 * The file name of a PDF attachment (F-27), from the tenant's template: fixed
 * text with tags, e.g. "{type} {number}" → "Factuur 1000.pdf", or
 * "{number}-{date}-{company}" → "1000-20180313-Become-IT.pdf". Shared by the
 * settings page (its live example), the server's validation and whoever
 * attaches a PDF, so that all three name a file alike.
 */
export const ATTACHMENT_TAGS = ["type", "number", "date", "company", "subject"] as const;
export type AttachmentTag = (typeof ATTACHMENT_TAGS)[number];

/** What the database starts every tenant with, and what an empty name falls back to. */
export const DEFAULT_ATTACHMENT_TEMPLATE = "{type} {number}";

/** Characters of a template, and of a file name before ".pdf" (the database checks the template's length too). */
export const ATTACHMENT_NAME_MAX = 120;

export type AttachmentValues = {
  /** The kind of document, already in the reader's language: "Factuur", "Invoice", "Offerte", "Quote". */
  type: string;
  number: string;
  /** yyyy-MM-dd; written yyyyMMdd in the name. */
  date: string;
  company: string;
  subject: string | null;
};

/** What names the file when even the fallback template gives nothing (no type and no number). */
const LAST_RESORT: Record<Language, string> = { nl: "bijlage", en: "attachment" };

/** `{name}`: anything between braces is a tag; unknown ones are refused when the template is saved. */
const TAG = /\{([^{}]*)\}/g;

/** Tags are matched leniently: `{ Number }` is `{number}`. */
function tagOf(name: string): AttachmentTag | null {
  const normalized = name.trim().toLowerCase();
  return (ATTACHMENT_TAGS as readonly string[]).includes(normalized) ? (normalized as AttachmentTag) : null;
}

/** The names of the template's unknown tags, each once, in the order they appear; empty when the template is fine. */
export function validateAttachmentTemplate(template: string): string[] {
  const unknown: string[] = [];
  for (const [, name = ""] of template.matchAll(TAG)) {
    if (tagOf(name) === null && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

function tagValue(tag: AttachmentTag, values: AttachmentValues): string {
  switch (tag) {
    case "date": {
      const ymd = /^(\d{4})-(\d{2})-(\d{2})/.exec(values.date.trim());
      return ymd ? `${ymd[1]}${ymd[2]}${ymd[3]}` : values.date;
    }
    case "subject":
      return values.subject ?? "";
    default:
      return values[tag];
  }
}

/** What separates the parts of a name; dropped next to a tag that turns out empty, so no "Factuur 1000 -" remains. */
const SEPARATORS_AT_END = /[\s\-_.,;]+$/u;
const SEPARATORS_AT_START = /^[\s\-_.,;]+/u;

/** The template with its tags filled in, before the name is made safe. */
function fill(template: string, values: AttachmentValues): string {
  let name = "";
  let afterEmptyStart = false;
  let last = 0;
  const append = (literal: string) => {
    // A tag at the very start was empty: the separator that followed it has nothing to separate.
    name += afterEmptyStart && name === "" ? literal.replace(SEPARATORS_AT_START, "") : literal;
  };
  for (const match of template.matchAll(TAG)) {
    append(template.slice(last, match.index));
    last = match.index + match[0].length;
    const tag = tagOf(match[1] ?? "");
    // Unknown tags cannot be saved; should one be here anyway, it stays as the text it is.
    const value = tag === null ? match[0] : tagValue(tag, values).trim();
    if (value === "") {
      name = name.replace(SEPARATORS_AT_END, "");
      if (name === "") afterEmptyStart = true;
    } else {
      name += value;
    }
  }
  append(template.slice(last));
  return name;
}

/** Characters no file name may hold on Windows, macOS or Linux, and control characters. */
const FORBIDDEN = /[/\\:*?"<>|\p{Cc}]+/gu;
/** Invisible formatting characters, such as a right-to-left override that makes "…fdp.exe" look like "…exe.pdf". */
const FORMAT_CHARACTERS = /\p{Cf}/gu;
/** Windows refuses these as names, also with an extension. */
const RESERVED_ON_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Linux file systems allow 255 bytes per name. */
const MAX_BYTES = 255;
const EXTENSION = ".pdf";

function safe(name: string): string {
  let safeName = name
    .normalize("NFC")
    .replace(FORMAT_CHARACTERS, "")
    .replace(/\s+/gu, " ")
    .replace(FORBIDDEN, "-")
    .trim()
    // A leading dot hides a file on macOS and Linux.
    .replace(/^[\s.]+/u, "");
  let characters = Array.from(safeName).slice(0, ATTACHMENT_NAME_MAX);
  const bytes = new TextEncoder();
  while (characters.length > 0 && bytes.encode(characters.join("") + EXTENSION).length > MAX_BYTES) characters = characters.slice(0, -1);
  safeName = characters.join("").replace(/[\s.]+$/u, "");
  return RESERVED_ON_WINDOWS.test(safeName) ? `_${safeName}` : safeName;
}

/**
 * A file name that every system accepts, ending in ".pdf": the tags filled
 * in, unsafe characters replaced by "-", white space collapsed, at most
 * ATTACHMENT_NAME_MAX characters before ".pdf". Never empty: a template that
 * gives nothing falls back to "{type} {number}".
 */
export function attachmentFileName(template: string, values: AttachmentValues, language: Language): string {
  const name = safe(fill(template, values)) || safe(fill(DEFAULT_ATTACHMENT_TEMPLATE, values)) || LAST_RESORT[language];
  return `${name}${EXTENSION}`;
}
