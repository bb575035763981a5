import type { IntlShape } from "react-intl";

/** "1.2 MB", "830 kB", "312 bytes", in the locale's way of writing numbers. */
export function formatFileSize(intl: IntlShape, bytes: number | null): string {
  if (bytes === null) return "";
  if (bytes < 1024) return intl.formatNumber(bytes, { style: "unit", unit: "byte", unitDisplay: "long" });
  if (bytes < 1024 * 1024) return intl.formatNumber(bytes / 1024, { style: "unit", unit: "kilobyte", maximumFractionDigits: 0 });
  return intl.formatNumber(bytes / 1024 / 1024, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 });
}

/** The kind of file as people name it: its extension, "PDF", "DOCX"; null without one. */
export function fileTypeLabel(fileName: string): string | null {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot + 1).toUpperCase() : null;
}
