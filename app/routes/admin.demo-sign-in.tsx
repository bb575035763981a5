import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signInDemoAdmin } from "~/.server/auth/demo-admin";
import { notFound } from "~/.server/http/params";
import { isDemoMode } from "~/.server/config/mode";

export async function action({ request }: ActionFunctionArgs) {
  if (!isDemoMode()) throw notFound();
  return redirect("/admin", { headers: { "Set-Cookie": await signInDemoAdmin(request) } });
}

export const loader = () => redirect("/admin");
