import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { Frame, Navigation } from "@shopify/polaris";
import { HomeIcon, LinkIcon, ListBulletedIcon, SettingsIcon, StoreIcon } from "@shopify/polaris-icons";
import { useT } from "~/i18n/use-t";
import { optionalAdmin } from "~/.server/auth/guards";

/**
 * The admin pages' frame: navigation between them and the place toasts
 * appear (Polaris Frame). Signed out (the sign-in page) it is just the page.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  return json({ signedIn: (await optionalAdmin(request)) !== null });
}

export default function AdminLayout() {
  const { signedIn } = useLoaderData<typeof loader>();
  const t = useT();
  const location = useLocation();
  if (!signedIn) return <Outlet />;
  const navigation = (
    <Navigation location={location.pathname}>
      <Navigation.Section
        items={[
          { url: "/admin", label: t("admin.nav.overview"), icon: HomeIcon, exactMatch: true },
          { url: "/admin/portals", label: t("admin.nav.portals"), icon: StoreIcon, matchPaths: ["/admin/portals"] },
          { url: "/admin/audit", label: t("admin.nav.audit"), icon: ListBulletedIcon },
          { url: "/admin/settings", label: t("admin.settings.title"), icon: SettingsIcon },
          { url: "/admin/integration", label: t("admin.integration.link"), icon: LinkIcon },
        ]}
      />
    </Navigation>
  );
  return (
    <Frame navigation={navigation}>
      <Outlet />
    </Frame>
  );
}
