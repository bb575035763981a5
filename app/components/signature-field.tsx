import { BlockStack, Box, Button, ButtonGroup, errorTextID, InlineError, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useId, useRef, useState, type CSSProperties, type ReactNode } from "react";
import SignaturePad, { type PointGroup } from "signature_pad";
import { useT } from "../i18n/use-t";
import { pngDataUrlByteLength, SIGNATURE_MAX_BYTES, type SignatureKind } from "../shared/signature-png";

export interface SignatureFieldProps {
  /** The signer's name, held by the parent (it goes on the decision and is the typed signature). */
  signerName: string;
  onSignerNameChange(value: string): void;
  /** A message about the signature itself, shown under the pad or preview (e.g. "the signature is missing"). */
  error?: string;
  /** A message about the name, shown on the name field (e.g. "enter at least 2 characters"). */
  nameError?: string;
  /**
   * Called on mount and whenever the kind or the presence of a signature
   * changes, e.g. to enable the submit button. A typed signature counts once
   * the name is filled in.
   */
  onChange?(state: { kind: SignatureKind; hasSignature: boolean }): void;
}

type Mode = "draw" | "type";

const PAD_HEIGHT = 170;
// Above 3 the canvas only grows (memory, PNG size) without looking any sharper.
const MAX_PIXEL_RATIO = 3;
// Handwriting fonts that ship with Windows, macOS, iOS and many Linux desktops;
// the page's CSP and privacy rule out web fonts, so `cursive` is the fallback.
const HANDWRITING_FONTS = '"Segoe Script", "Bradley Hand", "Snell Roundhand", "Brush Script MT", "URW Chancery L", "Z003", cursive';

/**
 * The signer's name and signature, inside a Remix `<Form>`. Posts
 * `signerName`, `signatureKind` ("drawn" | "typed" | "none") and `signature`
 * (a PNG data URL when drawn, else empty); validate them with
 * `signatureInputSchema` from app/shared/signature.ts. "Draw" is a canvas for
 * mouse, pen and touch; "Type" lets keyboard and screen-reader users sign with
 * their typed name. The drawing survives switching to "Type" and back.
 */
export function SignatureField({ signerName, onSignerNameChange, error, nameError, onChange }: SignatureFieldProps) {
  const t = useT();
  const id = useId();
  const padId = `${id}-pad`;
  const [mode, setMode] = useState<Mode>("draw");
  const [drawing, setDrawing] = useState(""); // PNG data URL, "" while the pad is empty

  const kind: SignatureKind = mode === "type" ? "typed" : drawing ? "drawn" : "none";
  const hasSignature = kind === "drawn" || (kind === "typed" && signerName.trim() !== "");

  // The parent usually passes a new function every render; only real changes should call it.
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });
  useEffect(() => {
    onChangeRef.current?.({ kind, hasSignature });
  }, [kind, hasSignature]);

  return (
    <BlockStack gap="400">
      <TextField
        id={`${id}-name`}
        name="signerName"
        label={t("signature.signerName")}
        value={signerName}
        onChange={onSignerNameChange}
        autoComplete="name"
        requiredIndicator
        minLength={2}
        maxLength={120}
        error={nameError}
      />
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="span" variant="bodyMd">{t("signature.label")}</Text>
          <div role="group" aria-label={t("signature.mode")}>
            <ButtonGroup variant="segmented">
              <Button pressed={mode === "draw"} onClick={() => setMode("draw")}>{t("signature.mode.draw")}</Button>
              <Button pressed={mode === "type"} onClick={() => setMode("type")}>{t("signature.mode.type")}</Button>
            </ButtonGroup>
          </div>
        </InlineStack>
        {/* Hidden, not unmounted, in "Type" mode: the drawing stays for when the signer switches back. */}
        <div hidden={mode !== "draw"}>
          <DrawingPad id={padId} hasError={Boolean(error)} onDrawingChange={setDrawing} />
        </div>
        {mode === "type" && <TypedPreview name={signerName.trim()} hasError={Boolean(error)} />}
        {error && <InlineError message={error} fieldID={padId} />}
      </BlockStack>
      <input type="hidden" name="signatureKind" value={kind} />
      <input type="hidden" name="signature" value={kind === "drawn" ? drawing : ""} />
    </BlockStack>
  );
}

function DrawingPad(props: { id: string; hasError: boolean; onDrawingChange(dataUrl: string): void }) {
  const t = useT();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  const [empty, setEmpty] = useState(true);
  const { onDrawingChange } = props;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pad = new SignaturePad(canvas, { penColor: "#000", minWidth: 0.8, maxWidth: 2.6 });
    padRef.current = pad;
    const report = () => {
      setEmpty(pad.isEmpty());
      onDrawingChange(pad.isEmpty() ? "" : exportPng(canvas));
    };
    const observer = new ResizeObserver(() => {
      if (fitCanvasToBox(canvas, pad)) report();
    });
    fitCanvasToBox(canvas, pad);
    observer.observe(canvas);
    pad.addEventListener("endStroke", report);
    return () => {
      observer.disconnect();
      pad.removeEventListener("endStroke", report);
      pad.off();
      padRef.current = null;
    };
  }, [onDrawingChange]);

  function clear() {
    padRef.current?.clear();
    setEmpty(true);
    onDrawingChange("");
  }

  return (
    <BlockStack gap="200">
      <SignatureFrame hasError={props.hasError} hint={t("signature.signHere")}>
        <canvas
          ref={canvasRef}
          id={props.id}
          role="img"
          aria-label={t(empty ? "signature.pad.empty" : "signature.pad.signed")}
          aria-describedby={props.hasError ? errorTextID(props.id) : undefined}
          // touch-action: none keeps a finger on the pad from scrolling the page (signature_pad sets it too).
          style={{ display: "block", width: "100%", height: "100%", touchAction: "none", cursor: "crosshair" }}
        />
      </SignatureFrame>
      <InlineStack align="space-between" blockAlign="start" gap="200" wrap={false}>
        <Text as="p" variant="bodySm" tone="subdued">{t("signature.drawHint")}</Text>
        <Button variant="tertiary" onClick={clear} accessibilityLabel={t("signature.clearLabel")}>
          {t("signature.clear")}
        </Button>
      </InlineStack>
    </BlockStack>
  );
}

function TypedPreview({ name, hasError }: { name: string; hasError: boolean }) {
  const t = useT();
  return (
    <BlockStack gap="200">
      <SignatureFrame hasError={hasError}>
        {/* Hidden from screen readers: it repeats the name field they have just filled in. */}
        <div aria-hidden style={typedPreviewStyle(Boolean(name))}>
          {name || t("signature.typePlaceholder")}
        </div>
      </SignatureFrame>
      <Text as="p" variant="bodySm" tone="subdued">{t("signature.typeHint")}</Text>
    </BlockStack>
  );
}

/** The bordered box with a baseline that both the pad and the typed preview sit in. */
function SignatureFrame({ hasError, hint, children }: { hasError: boolean; hint?: string; children: ReactNode }) {
  return (
    <div
      style={{
        position: "relative",
        height: PAD_HEIGHT,
        border: `var(--p-border-width-025) solid ${hasError ? "var(--p-color-border-critical)" : "var(--p-color-border)"}`,
        borderRadius: "var(--p-border-radius-200)",
        background: "var(--p-color-bg-surface)",
        overflow: "hidden",
      }}
    >
      {children}
      {/* Drawn over the canvas but not into it, so it never ends up in the PNG; it lets pointer events through. */}
      <div
        aria-hidden
        style={{
          position: "absolute",
          insetInline: "var(--p-space-400)",
          bottom: 44,
          borderTop: "var(--p-border-width-025) dashed var(--p-color-border-secondary)",
          pointerEvents: "none",
        }}
      >
        {hint && (
          <Box paddingBlockStart="100">
            <Text as="span" variant="bodySm" tone="subdued">✕ {hint}</Text>
          </Box>
        )}
      </div>
    </div>
  );
}

function typedPreviewStyle(hasName: boolean): CSSProperties {
  return {
    position: "absolute",
    insetInline: "var(--p-space-400)",
    bottom: 48,
    fontFamily: hasName ? HANDWRITING_FONTS : undefined,
    fontSize: hasName ? "2rem" : undefined,
    lineHeight: 1.2,
    color: hasName ? "var(--p-color-text)" : "var(--p-color-text-secondary)",
    whiteSpace: "nowrap",
    overflow: "hidden",
    textOverflow: "ellipsis",
  };
}

/**
 * Sizes the canvas' bitmap to its CSS box times the device pixel ratio, so
 * lines stay sharp, and redraws the signature kept so far (signature_pad
 * stores it in CSS pixels). When the pad got too narrow for the drawing (a
 * phone turned to portrait), the drawing is scaled down to fit; it is never
 * scaled up. Returns whether anything changed. A hidden pad (width 0) is
 * left alone, so switching modes keeps the drawing untouched.
 */
function fitCanvasToBox(canvas: HTMLCanvasElement, pad: SignaturePad): boolean {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width === 0 || height === 0) return false;
  const ratio = Math.min(Math.max(window.devicePixelRatio || 1, 1), MAX_PIXEL_RATIO);
  const pixelWidth = Math.round(width * ratio);
  const pixelHeight = Math.round(height * ratio);
  if (canvas.width === pixelWidth && canvas.height === pixelHeight) return false;

  const strokes = pad.toData();
  // Setting the size wipes the bitmap and resets the context's scale.
  canvas.width = pixelWidth;
  canvas.height = pixelHeight;
  canvas.getContext("2d")?.scale(ratio, ratio);
  pad.fromData(shrinkToWidth(strokes, width));
  return true;
}

function shrinkToWidth(strokes: PointGroup[], width: number): PointGroup[] {
  const rightmost = strokes.reduce((max, stroke) => stroke.points.reduce((m, point) => Math.max(m, point.x), max), 0);
  const margin = 4; // the pen's own width, so the last stroke is not cut in half
  if (rightmost + margin <= width) return strokes;
  const factor = (width - margin) / (rightmost + margin);
  return strokes.map((stroke) => ({
    ...stroke,
    points: stroke.points.map((point) => ({ ...point, x: point.x * factor, y: point.y * factor })),
  }));
}

/**
 * The drawing as a PNG data URL. A signature is a few to tens of kB; should a
 * large, dense one on a high-density screen exceed the server's limit, it is
 * sent at 1 CSS pixel per pixel instead.
 */
function exportPng(canvas: HTMLCanvasElement): string {
  const full = canvas.toDataURL("image/png");
  if (pngDataUrlByteLength(full) <= SIGNATURE_MAX_BYTES) return full;
  const small = document.createElement("canvas");
  small.width = canvas.clientWidth;
  small.height = canvas.clientHeight;
  small.getContext("2d")?.drawImage(canvas, 0, 0, small.width, small.height);
  return small.toDataURL("image/png");
}
