import { Box, Text } from "@shopify/polaris";

/** A quiet line where a list is empty: Polaris' EmptyState wants an illustration we do not have. */
export function EmptyNote({ children }: { children: string }) {
  return (
    <Box padding="600">
      <Text as="p" alignment="center" tone="subdued">{children}</Text>
    </Box>
  );
}
