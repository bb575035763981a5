import { describe, expect, it } from "vitest";
import {
  ATTACHMENT_NAME_MAX, ATTACHMENT_TAGS, DEFAULT_ATTACHMENT_TEMPLATE, attachmentFileName, validateAttachmentTemplate,
  type AttachmentValues,
} from "./attachment-file-name";

const invoice: AttachmentValues = { type: "Factuur", number: "1000", date: "2018-03-13", company: "Become-IT", subject: "Onderhoud maart" };

describe("the file name of a PDF attachment (F-27)", () => {
  it("fills in the tags, as in the examples of the spec", () => {
    expect(attachmentFileName("{type} {number}", invoice, "nl")).toBe("Factuur 1000.pdf");
    expect(attachmentFileName("{number}", invoice, "nl")).toBe("1000.pdf");
    expect(attachmentFileName("{number}-{date}-{company}", invoice, "nl")).toBe("1000-20180313-Become-IT.pdf");
    expect(attachmentFileName(DEFAULT_ATTACHMENT_TEMPLATE, { ...invoice, type: "Invoice" }, "en")).toBe("Invoice 1000.pdf");
  });

  it("keeps fixed text and knows all five tags, also written loosely", () => {
    expect(ATTACHMENT_TAGS).toEqual(["type", "number", "date", "company", "subject"]);
    expect(attachmentFileName("Studio Noord – {type} {number} ({date}) {company}: {subject}", invoice, "nl"))
      .toBe("Studio Noord – Factuur 1000 (20180313) Become-IT- Onderhoud maart.pdf");
    expect(attachmentFileName("{ Number }_{TYPE}", invoice, "nl")).toBe("1000_Factuur.pdf");
  });

  it("replaces characters that Windows, macOS or Linux refuse in a file name, and control characters", () => {
    const unsafe = { ...invoice, number: "2026/0042", company: 'A\\B:C*D?"E"<F>|G', subject: "a\u0000b\u0007c" };
    expect(attachmentFileName("{number} {company} {subject}", unsafe, "nl")).toBe("2026-0042 A-B-C-D-E-F-G a-b-c.pdf");
    expect(attachmentFileName("{number}//{company}", { ...invoice, company: "Acme" }, "nl")).toBe("1000-Acme.pdf");
  });

  it("collapses white space, trims, and drops dots and spaces at the end and a leading dot", () => {
    expect(attachmentFileName("  {type}\t\t{number}  \n", invoice, "nl")).toBe("Factuur 1000.pdf");
    expect(attachmentFileName("{number} {subject}", { ...invoice, subject: "Werk  aan   de site. . ." }, "nl")).toBe("1000 Werk aan de site.pdf");
    expect(attachmentFileName(".{number}", invoice, "nl")).toBe("1000.pdf");
  });

  it("leaves out an empty subject and the separator before it", () => {
    for (const subject of [null, "", "   "]) {
      expect(attachmentFileName("{type} {number} - {subject}", { ...invoice, subject }, "nl")).toBe("Factuur 1000.pdf");
      expect(attachmentFileName("{subject}-{number}", { ...invoice, subject }, "nl")).toBe("1000.pdf");
    }
  });

  it("is never empty: falls back to “{type} {number}”, and to a word when even those are empty", () => {
    expect(attachmentFileName("{subject}", { ...invoice, subject: null }, "nl")).toBe("Factuur 1000.pdf");
    expect(attachmentFileName("", invoice, "en")).toBe("Factuur 1000.pdf");
    expect(attachmentFileName(" ... ", invoice, "nl")).toBe("Factuur 1000.pdf");
    expect(attachmentFileName("{subject}", { ...invoice, type: "", number: "", subject: null }, "nl")).toBe("bijlage.pdf");
    expect(attachmentFileName("{subject}", { ...invoice, type: "", number: "", subject: null }, "en")).toBe("attachment.pdf");
  });

  it("stays within 120 characters before “.pdf”, and within the 255 bytes Linux allows", () => {
    const long = attachmentFileName("{number} {subject}", { ...invoice, subject: "x".repeat(300) }, "nl");
    expect(long).toBe(`1000 ${"x".repeat(ATTACHMENT_NAME_MAX - 5)}.pdf`);
    // Cut at 120, the name would end in a space: that goes too.
    const cutAtSpace = attachmentFileName("{subject}", { ...invoice, subject: `${"a".repeat(119)} b` }, "nl");
    expect(cutAtSpace).toBe(`${"a".repeat(119)}.pdf`);
    // Emoji: whole characters, never half of one, and no more bytes than a name may have.
    const emoji = attachmentFileName("{subject}", { ...invoice, subject: "😀".repeat(200) }, "nl");
    expect(Array.from(emoji.slice(0, -4)).every((character) => character === "😀")).toBe(true);
    expect(new TextEncoder().encode(emoji).length).toBeLessThanOrEqual(255);
  });

  it("does not name a file as a Windows device", () => {
    expect(attachmentFileName("{number}", { ...invoice, number: "CON" }, "nl")).toBe("_CON.pdf");
    expect(attachmentFileName("{number}", { ...invoice, number: "con.x" }, "nl")).toBe("_con.x.pdf");
    expect(attachmentFileName("{number}", { ...invoice, number: "CONTRACT" }, "nl")).toBe("CONTRACT.pdf");
  });

  it("drops invisible formatting characters that could disguise the extension", () => {
    expect(attachmentFileName("{subject}", { ...invoice, subject: "rapport\u202Efdp.exe" }, "nl")).toBe("rapportfdp.exe.pdf");
  });
});

describe("checking a template", () => {
  it("names the unknown tags, each once, in order", () => {
    expect(validateAttachmentTemplate("{type} {number}")).toEqual([]);
    expect(validateAttachmentTemplate("Factuur {number}-{date}-{company} {subject}")).toEqual([]);
    expect(validateAttachmentTemplate("{foo} {nummer} {number} {foo} {}")).toEqual(["foo", "nummer", ""]);
    expect(validateAttachmentTemplate("no tags at all, { and a lone brace")).toEqual([]);
  });

  it("keeps an unknown tag as text should one be filled in anyway", () => {
    expect(attachmentFileName("{foo} {number}", invoice, "nl")).toBe("{foo} 1000.pdf");
  });
});
