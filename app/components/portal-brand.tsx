import { Box, Text } from "@shopify/polaris";

/** getPortalBranding's answer (app/.server/portals/portal-branding.ts), as the loader passes it on. */
export type PortalBrandProps = { tenantName: string; logoUrl: string | null; accentColor: string };

/**
 * The tenant's brand at the top of a portal page (F-2): its logo, or else its
 * name in its accent colour, above a line in that colour.
 */
export function PortalBrand(props: PortalBrandProps) {
  return (
    <Box paddingInline={{ xs: "400", sm: "0" }}>
      <div style={{ borderBottom: `3px solid ${props.accentColor}`, paddingBottom: "var(--p-space-200)" }}>
        {props.logoUrl ? (
          <img src={props.logoUrl} alt={props.tenantName} style={{ display: "block", maxHeight: 32, maxWidth: "100%" }} />
        ) : (
          <Text as="p" variant="headingMd">
            <span style={{ color: props.accentColor }}>{props.tenantName}</span>
          </Text>
        )}
      </div>
    </Box>
  );
}
