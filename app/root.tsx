import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError, useRouteLoaderData,
} from "@remix-run/react";
import { AppProvider, Banner, Page } from "@shopify/polaris";
import polarisEnglish from "@shopify/polaris/locales/en.json";
import polarisDutch from "@shopify/polaris/locales/nl.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import type { ReactNode } from "react";
import { IntlProvider } from "react-intl";
import { LOCALE_TAGS, messages, type Language } from "./i18n";
import { useT } from "./i18n/use-t";
import { useNonce } from "./components/nonce";
import { PolarisLink } from "./components/polaris-link";
import { requestLanguage } from "./.server/http/language";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Portaal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ language: await requestLanguage(request) });
}

const polarisTranslations = { en: polarisEnglish, nl: polarisDutch };

function Providers(props: { language: Language; children: ReactNode }) {
  return (
    <IntlProvider
      locale={LOCALE_TAGS[props.language]}
      messages={messages[props.language]}
      defaultLocale="nl-NL"
      // Server and browser render times alike; tenants' own time zones come with tenant settings.
      timeZone="Europe/Amsterdam"
    >
      <AppProvider i18n={polarisTranslations[props.language]} linkComponent={PolarisLink}>
        {props.children}
      </AppProvider>
    </IntlProvider>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const language = data?.language ?? "nl";
  const nonce = useNonce();
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <Providers language={language}>{children}</Providers>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && (error.status === 404 || error.status === 403);
  return (
    <Page narrowWidth>
      <Banner tone={notFound ? "info" : "critical"} title={notFound ? t("error.notFound") : t("error.generic")} />
    </Page>
  );
}
