import type { BadgeProps } from "@shopify/polaris";

/** One colour per registration status, everywhere it is shown. */
export const STATUS_TONES: Record<string, BadgeProps["tone"]> = {
  approved: "success",
  pending_external: "attention",
  rejected: "critical",
  changes_requested: "warning",
  pending_internal: "info",
};

export const DECISION_TONES: Record<string, BadgeProps["tone"]> = {
  approved: "success",
  rejected: "critical",
  changes_requested: "warning",
};
