import { Banner } from "@shopify/polaris";
import { useT } from "~/i18n/use-t";

/** Says, on every page of an admin's preview, whose view this is and that nothing can be changed (F-8). */
export function PreviewBanner(props: { memberName: string }) {
  const t = useT();
  return (
    <Banner tone="info" title={t("preview.banner", { member: props.memberName })} action={{ content: t("preview.close"), url: "/admin/preview/end" }} />
  );
}
