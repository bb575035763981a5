import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLanguage } from "~/i18n";
import { languageCookie } from "~/.server/auth/cookies";
import { safeNextPath } from "~/.server/auth/guards";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const language = form.get("language");
  const next = safeNextPath(String(form.get("next") ?? ""), "/login");
  if (!isLanguage(language)) return redirect(next);
  return redirect(next, { headers: { "Set-Cookie": await languageCookie.serialize(language) } });
}
