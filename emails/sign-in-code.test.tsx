import { describe, expect, it } from "vitest";
import { renderEmail } from "../app/.server/email/render";
import { SignInCodeEmail } from "./sign-in-code";

const props = {
  code: "48213907",
  minutes: 10,
  expiresAt: new Date("2026-11-22T10:10:00Z"),
  codePageUrl: "https://portaal.example/login/code?email=anna%40acme.example",
};

describe("the sign-in code e-mail", () => {
  it("shows the code large, when it expires, and a link that only opens the code page — in Dutch", async () => {
    const { html, text } = await renderEmail(<SignInCodeEmail language="nl" {...props} />);
    expect(html).toContain('lang="nl"');
    expect(html).toMatch(/font-size:34px[^>]*>4821 3907</);
    expect(text).toContain("4821 3907");
    expect(text).toContain("10 minuten lang (tot 11:10)"); // Amsterdam time
    expect(html).toContain('href="https://portaal.example/login/code?email=anna%40acme.example"');
    expect(text).toContain("Heb je deze code niet aangevraagd?");
  });

  it("speaks English when asked", async () => {
    const { text } = await renderEmail(<SignInCodeEmail language="en" {...props} />);
    expect(text).toContain("It is valid once, for 10 minutes (until 11:10).");
    expect(text).toContain("Did you not ask for this code?");
  });
});
