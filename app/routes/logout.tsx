import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { signOut } from "~/.server/auth/sign-out";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await signOut(request) } });
}

export const loader = () => redirect("/portals");
