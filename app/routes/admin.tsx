import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useLocation, useSubmit } from "@remix-run/react";
import { Frame, Navigation, TopBar } from "@shopify/polaris";
import { EmailIcon, ExitIcon, FileIcon, HomeIcon, LinkIcon, ListBulletedIcon, SettingsIcon, StoreIcon } from "@shopify/polaris-icons";
import { useState } from "react";
import { useT } from "~/i18n/use-t";
import { optionalAdmin } from "~/.server/auth/guards";
import { withClaims } from "~/.server/db";

/**
 * The admin pages' frame: navigation between them (behind a menu button on a
 * phone), the admin's menu with "Sign out", and the place toasts appear.
 * Signed out (the sign-in page) it is just the page.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const claims = await optionalAdmin(request);
  if (!claims) return json({ signedIn: false as const });
  const [who] = await withClaims(claims, (tx) => tx<{ adminName: string; tenantName: string }[]>`
    select a.name as "adminName", t.name as "tenantName"
    from public.tenant_admins a join public.tenants t on t.id = a.tenant_id
    where a.id = ${claims.adminId}`);
  return json({ signedIn: true as const, adminName: who?.adminName ?? "", tenantName: who?.tenantName ?? "" });
}

export default function AdminLayout() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const location = useLocation();
  const submit = useSubmit();
  const [navigationOpen, setNavigationOpen] = useState(false);
  const [userMenuOpen, setUserMenuOpen] = useState(false);
  if (!data.signedIn) return <Outlet />;

  const initials = data.adminName.split(/\s+/).map((part) => part[0] ?? "").join("").slice(0, 2).toUpperCase();
  const topBar = (
    <TopBar
      showNavigationToggle
      onNavigationToggle={() => setNavigationOpen((open) => !open)}
      userMenu={
        <TopBar.UserMenu
          name={data.adminName}
          detail={data.tenantName}
          initials={initials}
          open={userMenuOpen}
          onToggle={() => setUserMenuOpen((open) => !open)}
          actions={[{
            items: [{
              content: t("admin.signOut"),
              icon: ExitIcon,
              onAction: () => submit(null, { method: "post", action: "/admin/sign-out" }),
            }],
          }]}
        />
      }
    />
  );
  const navigation = (
    <Navigation location={location.pathname} onDismiss={() => setNavigationOpen(false)}>
      <Navigation.Section
        items={[
          { url: "/admin", label: t("admin.nav.overview"), icon: HomeIcon, exactMatch: true },
          { url: "/admin/portals", label: t("admin.nav.portals"), icon: StoreIcon, matchPaths: ["/admin/portals"] },
          { url: "/admin/documents", label: t("admin.nav.documents"), icon: FileIcon },
          { url: "/admin/audit", label: t("admin.nav.audit"), icon: ListBulletedIcon },
          { url: "/admin/emails", label: t("admin.nav.emails"), icon: EmailIcon },
          { url: "/admin/settings", label: t("admin.settings.title"), icon: SettingsIcon },
          { url: "/admin/integration", label: t("admin.integration.link"), icon: LinkIcon },
        ]}
      />
    </Navigation>
  );
  return (
    <Frame
      topBar={topBar}
      navigation={navigation}
      showMobileNavigation={navigationOpen}
      onNavigationDismiss={() => setNavigationOpen(false)}
    >
      <Outlet />
    </Frame>
  );
}
