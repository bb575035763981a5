import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { clearPreviewCookieHeader } from "~/.server/portals/viewer";

/** Leaves an admin's portal preview and goes back to the admin pages. */
export async function loader({ request }: LoaderFunctionArgs) {
  return redirect("/admin", { headers: { "Set-Cookie": await clearPreviewCookieHeader(request) } });
}
