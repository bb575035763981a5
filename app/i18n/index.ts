import { createIntl, createIntlCache, type IntlShape } from "react-intl";
import { en, type MessageId } from "./en";
import { nl } from "./nl";

export const LANGUAGES = ["nl", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageId };

export const messages: Record<Language, Record<MessageId, string>> = { en, nl };

export function isLanguage(value: unknown): value is Language {
  return value === "nl" || value === "en";
}

/** BCP 47 tags for number, date and money formats (F-25). */
export const LOCALE_TAGS: Record<Language, string> = { nl: "nl-NL", en: "en-GB" };

const cache = createIntlCache();
const intls = new Map<Language, IntlShape>();

/** For code outside React (server, e-mails). */
export function intlFor(language: Language): IntlShape {
  let intl = intls.get(language);
  if (!intl) {
    intl = createIntl({ locale: LOCALE_TAGS[language], messages: messages[language], defaultLocale: "nl-NL" }, cache);
    intls.set(language, intl);
  }
  return intl;
}

/** Picks nl or en from an Accept-Language header; Dutch when nothing fits. */
export function languageFromHeader(header: string | null): Language {
  if (!header) return "nl";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: (tag ?? "").toLowerCase(), q: q ? Number(q.split("=")[1]) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (isLanguage(base)) return base;
  }
  return "nl";
}
