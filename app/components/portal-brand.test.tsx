import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PortalBrand } from "./portal-brand";

describe("the portal's brand", () => {
  it("is the logo, named after the tenant, where there is one", () => {
    const html = renderToStaticMarkup(<PortalBrand tenantName="Studio Noord" logoUrl="https://cdn.studionoord.example/logo.png" accentColor="#0b6e4f" />);
    expect(html).toContain('src="https://cdn.studionoord.example/logo.png"');
    expect(html).toContain('alt="Studio Noord"');
    expect(html).toContain("#0b6e4f");
  });

  it("is the tenant's name in the accent colour otherwise", () => {
    const html = renderToStaticMarkup(<PortalBrand tenantName="Studio Noord" logoUrl={null} accentColor="#0b6e4f" />);
    expect(html).not.toContain("<img");
    expect(html).toMatch(/<span style="color:#0b6e4f">Studio Noord<\/span>/);
  });
});
