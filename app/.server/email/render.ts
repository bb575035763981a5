import { render } from "@react-email/render";
import type { ReactElement } from "react";

/** Both bodies of an e-mail: HTML for mail clients, plain text for the rest. */
export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
