import { isLanguage, languageFromHeader, type Language } from "../../i18n";
import { languageCookie } from "../auth/cookies";

/** The member's own choice (cookie) wins; otherwise the browser's languages. */
export async function requestLanguage(request: Request): Promise<Language> {
  const chosen = await languageCookie.parse(request.headers.get("Cookie"));
  if (isLanguage(chosen)) return chosen;
  return languageFromHeader(request.headers.get("Accept-Language"));
}

export function baseUrl(request: Request): string {
  return process.env.PUBLIC_URL ?? new URL(request.url).origin;
}
