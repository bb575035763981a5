import { AppProvider } from "@shopify/polaris";
import polarisEnglish from "@shopify/polaris/locales/en.json";
import polarisDutch from "@shopify/polaris/locales/nl.json";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { IntlProvider } from "react-intl";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { signedInContact } from "../../../tests/support/claims";
import { asService, withClaims, type ContactClaims } from "~/.server/db";
import { portalBillingTiles } from "~/.server/billing/dashboard";
import { listPortalInvoices } from "~/.server/billing/invoices";
import { listPortalOrders } from "~/.server/billing/orders";
import { getPortal } from "~/.server/portals/contact-portals";
import { DEMO_ADDRESSES } from "~/.server/seed/demo";
import { LOCALE_TAGS, messages, type Language } from "~/i18n";
import { invoiceFilterSchema } from "~/shared/invoice-filter";
import { BillingTiles } from "./billing-tiles";

// The pages as the browser gets them, from what the loaders read for Anna: Remix's hooks answer the loader's data.
const loaderData = vi.hoisted(() => ({ current: {} as unknown }));
vi.mock("@remix-run/react", () => ({
  useLoaderData: () => loaderData.current,
  useNavigate: () => () => {},
  useSearchParams: () => [new URLSearchParams()],
  Form: ({ children }: { children: ReactNode }) => <form>{children}</form>,
  Link: ({ to, children, ...rest }: { to: string; children: ReactNode }) => <a href={to} {...rest}>{children}</a>,
}));

const { default: InvoicesPage } = await import("~/routes/portals.$portalId.invoices");
const { default: OrdersPage } = await import("~/routes/portals.$portalId.orders");

function render(language: Language, node: ReactNode): string {
  return renderToStaticMarkup(
    <IntlProvider locale={LOCALE_TAGS[language]} messages={messages[language]} defaultLocale="nl-NL" timeZone="Europe/Amsterdam">
      <AppProvider i18n={language === "nl" ? polarisDutch : polarisEnglish}>{node}</AppProvider>
    </IntlProvider>,
  );
}

let anna: ContactClaims;
let portalId: string;

describe("the invoices and orders pages and the front page's tiles, rendered", () => {
  beforeAll(async () => {
    portalId = (await asService("test: anna's portal", (tx) => tx<{ id: string }[]>`
      select id from public.portals where name = 'Acme – Website en app'`))[0]!.id;
    anna = (await signedInContact(DEMO_ADDRESSES.anna)).claims;
  });
  afterAll(async () => {
    await asService("test: end the session", (tx) => tx`update public.sessions set ended_at = now() where id = ${anna.sessionId}`);
  });

  it("invoices: statuses, amounts, open totals, PDF links and the scope, in Dutch and English", async () => {
    const filter = invoiceFilterSchema.parse({});
    const data = await withClaims(anna, async (tx) => ({
      portal: (await getPortal(tx, portalId))!, listing: (await listPortalInvoices(tx, portalId, filter))!,
    }));
    loaderData.current = { ...data, filter, preview: null, branding: null };
    const nl = render("nl", <InvoicesPage />);
    expect(nl).toContain("Facturen");
    expect(nl).toContain("Vervallen");
    expect(nl).toContain("Nog te betalen");
    expect(nl).toContain("Alle facturen van Acme B.V.");
    expect(nl).toMatch(/€\s?[\d.]+,\d\d/);
    const pdf = data.listing.rows[0]!.pdfDocumentId!;
    expect(nl).toContain(`href="/portals/${portalId}/files/${pdf}?download=1"`);
    expect(nl).toContain(`href="/portals/${portalId}/files/${pdf}"`);
    for (const row of data.listing.rows) expect(nl).toContain(row.number);
    const en = render("en", <InvoicesPage />);
    expect(en).toContain("Overdue");
    expect(en).toContain("Download PDF");
  });

  it("orders: the timeline from quote to invoice and the hours, without descriptions", async () => {
    const data = await withClaims(anna, async (tx) => ({
      portal: (await getPortal(tx, portalId))!, ...(await listPortalOrders(tx, portalId))!,
    }));
    loaderData.current = { ...data, preview: null, branding: null };
    const html = render("nl", <OrdersPage />);
    const order = data.orders[0]!;
    for (const number of [order.number, order.quote!.number, ...order.invoices.map((invoice) => invoice.number)]) expect(html).toContain(number);
    expect(html).toContain("Uren op deze opdracht");
    expect(html).not.toContain("Omschrijving");
  });

  it("tiles: what waits, and links to each page", async () => {
    const tiles = await withClaims(anna, (tx) => portalBillingTiles(tx, portalId));
    const html = render("nl", <BillingTiles portalId={portalId} tiles={tiles} />);
    for (const page of ["invoices", "quotes", "orders"]) expect(html).toContain(`href="/portals/${portalId}/${page}"`);
    expect(html).not.toContain("/documents");
    expect(html).toContain("te betalen");
    // The front page's review link stays the only "Bekijken" there.
    expect(html.toLowerCase()).not.toContain("bekijken");
  });
});
