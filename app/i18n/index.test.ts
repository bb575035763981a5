import { describe, expect, it } from "vitest";
import { en } from "./en";
import { intlFor, languageFromHeader, messages } from "./index";
import { nl } from "./nl";

const SAMPLE_VALUES = {
  email: "anna@acme.example", minutes: 10, seconds: 42, left: 2, used: "12,5", budget: "400", done: 1, total: 3,
  count: 2, page: 1, pages: 4, tenant: "Studio Noord", expiresAt: "10:10", code: "12345678",
  portal: "Acme – Website en app", when: "23 nov 2026, 10:10", name: "Anna de Vries", date: "6 december 2026", digits: 8,
  hours: "7,50", km: "42", distance: "42", signer: "Anna de Vries", customer: "Acme", totals: "7,50 uur", requested: 3,
  waiting: 2, max: 5000, reference: "PO-2026-118", member: "Anna de Vries", decidedAt: "23 nov 2026, 10:10", it: "it", them: "them",
};

/** The sample values, plus a number for any other placeholder (a number also fits plurals). */
function valuesFor(text: string): Record<string, string | number> {
  const values: Record<string, string | number> = { ...SAMPLE_VALUES };
  for (const [, name] of text.matchAll(/\{\s*(\w+)/g)) if (name && !(name in values)) values[name] = 3;
  return values;
}

describe("Dutch and English texts", () => {
  it("have the same keys and no empty text", () => {
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
    for (const language of ["nl", "en"] as const) {
      for (const [id, text] of Object.entries(messages[language])) expect(text.trim(), `${language}:${id}`).not.toBe("");
    }
  });

  it("all format, with plurals, in both languages", () => {
    for (const language of ["nl", "en"] as const) {
      const intl = intlFor(language);
      for (const id of Object.keys(en)) {
        expect(() => intl.formatMessage({ id }, valuesFor(messages[language][id as keyof typeof en])), `${language}:${id}`).not.toThrow();
      }
    }
    expect(intlFor("nl").formatMessage({ id: "code.wrong" }, { left: 1 })).toBe("Die code klopt niet. Je hebt nog 1 poging.");
    expect(intlFor("en").formatMessage({ id: "code.wrong" }, { left: 3 })).toBe("That code is not right. You have 3 tries left.");
  });

  it("format money and numbers the way each locale writes them", () => {
    expect(intlFor("nl").formatNumber(1801.25, { style: "currency", currency: "EUR" })).toMatch(/€\s?1\.801,25/);
    expect(intlFor("en").formatNumber(1801.25, { style: "currency", currency: "EUR" })).toBe("€1,801.25");
  });
});

describe("the browser's language", () => {
  it("picks the best of nl and en, Dutch when nothing fits", () => {
    expect(languageFromHeader("en-GB,en;q=0.9,nl;q=0.8")).toBe("en");
    expect(languageFromHeader("nl-BE,nl;q=0.9")).toBe("nl");
    expect(languageFromHeader("de-DE,fr;q=0.8")).toBe("nl");
    expect(languageFromHeader("de;q=0.9,en;q=0.5")).toBe("en");
    expect(languageFromHeader(null)).toBe("nl");
  });
});
