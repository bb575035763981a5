import { Box, Button, ColorPicker, hexToRgb, hsbToHex, Popover, rgbToHsb, TextField, type HSBColor } from "@shopify/polaris";
import { useState } from "react";
import { useT } from "~/i18n/use-t";
import { ACCENT_COLOR_PATTERN, FALLBACK_ACCENT_COLOR } from "~/shared/tenant-settings";

/** The colour a half-typed value stands for: itself once it is #rrggbb, else the fallback. */
export function effectiveColor(value: string, fallback = FALLBACK_ACCENT_COLOR): string {
  return ACCENT_COLOR_PATTERN.test(value.trim()) ? `#${value.trim().replace("#", "").toLowerCase()}` : fallback;
}

/** A #rrggbb field with a swatch of the colour and Polaris's colour picker beside it. */
export function SettingsColorField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  helpText?: string;
  error?: string;
}) {
  const t = useT();
  const [open, setOpen] = useState(false);
  // The picker works in HSB; kept apart so that dragging through greys keeps its hue.
  const [hsb, setHsb] = useState<HSBColor>({ hue: 0, saturation: 0, brightness: 0 });
  const color = effectiveColor(props.value);
  const swatch = (
    <span
      aria-hidden
      style={{
        display: "block", width: 20, height: 20, borderRadius: "var(--p-border-radius-100)", background: color,
        boxShadow: "inset 0 0 0 1px rgba(0, 0, 0, 0.2)",
      }}
    />
  );
  const openPicker = () => {
    setHsb(rgbToHsb(hexToRgb(color)));
    setOpen(true);
  };
  const picker = (
    <Popover
      active={open}
      onClose={() => setOpen(false)}
      preferredAlignment="right"
      activator={
        <Button disclosure={open ? "up" : "down"} onClick={open ? () => setOpen(false) : openPicker} accessibilityLabel={t("admin.settings.branding.pickColor")}>
          {t("admin.settings.branding.pickColorShort")}
        </Button>
      }
    >
      <Box padding="300">
        <ColorPicker
          color={hsb}
          onChange={(next) => {
            setHsb(next);
            props.onChange(hsbToHex(next));
          }}
        />
      </Box>
    </Popover>
  );
  return (
    <TextField
      label={props.label}
      name={props.name}
      value={props.value}
      onChange={props.onChange}
      autoComplete="off"
      monospaced
      maxLength={7}
      placeholder={FALLBACK_ACCENT_COLOR}
      prefix={swatch}
      connectedRight={picker}
      helpText={props.helpText}
      error={props.error}
    />
  );
}
