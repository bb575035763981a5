import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { securityHeaders } from "./security-headers";

let close: (() => void) | null = null;
afterEach(() => close?.());

async function serve(options: Parameters<typeof securityHeaders>[0]): Promise<string> {
  const app = express();
  app.use(securityHeaders(options));
  app.get("*", (_req, res) => res.send(`nonce=${res.locals.cspNonce as string}`));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  close = () => server.close();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function directives(header: string | null): Map<string, string> {
  return new Map((header ?? "").split(";").map((part) => part.trim()).filter(Boolean).map((part) => {
    const [name, ...values] = part.split(/\s+/);
    return [name!, values.join(" ")];
  }));
}

describe("security headers", () => {
  it("allow scripts only from this origin or with a fresh nonce per response", async () => {
    const base = await serve({ hsts: false, hostFrameAncestors: [] });
    const first = await fetch(`${base}/login`);
    const second = await fetch(`${base}/login`);
    const nonce = (await first.text()).replace("nonce=", "");
    expect(nonce.length).toBeGreaterThanOrEqual(22); // 128 bits
    const csp = directives(first.headers.get("content-security-policy"));
    expect(csp.get("script-src")).toBe(`'self' 'nonce-${nonce}'`);
    expect(csp.get("script-src")).not.toContain("unsafe-inline");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("base-uri")).toBe("'none'");
    expect(csp.get("form-action")).toBe("'self'");
    expect(directives(second.headers.get("content-security-policy")).get("script-src")).not.toBe(csp.get("script-src"));
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("same-origin");
  });

  it("forbid framing the portal, and allow only the host to frame admin pages", async () => {
    const base = await serve({ hsts: false, hostFrameAncestors: ["https://app.host.example"] });
    const portal = directives((await fetch(`${base}/portals`)).headers.get("content-security-policy"));
    expect(portal.get("frame-ancestors")).toBe("'none'");
    const admin = directives((await fetch(`${base}/admin`)).headers.get("content-security-policy"));
    expect(admin.get("frame-ancestors")).toBe("'self' https://app.host.example");
  });

  it("send HSTS outside demo mode only", async () => {
    const demo = await serve({ hsts: false, hostFrameAncestors: [] });
    expect((await fetch(demo)).headers.get("strict-transport-security")).toBeNull();
    close?.();
    const production = await serve({ hsts: true, hostFrameAncestors: [] });
    expect((await fetch(production)).headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});
