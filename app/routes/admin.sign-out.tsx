import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { adminSessionStorage } from "~/.server/auth/cookies";

export async function action({ request }: ActionFunctionArgs) {
  const storage = adminSessionStorage(request);
  const session = await storage.getSession(request.headers.get("Cookie"));
  return redirect("/admin", { headers: { "Set-Cookie": await storage.destroySession(session) } });
}

export const loader = () => redirect("/admin");
