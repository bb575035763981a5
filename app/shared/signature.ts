import { z } from "zod";
import { readSignaturePng } from "./signature-png";

export {
  decodeSignaturePng, PNG_DATA_URL_PREFIX, pngDataUrlByteLength, readSignaturePng, SIGNATURE_KINDS, SIGNATURE_MAX_BYTES,
  type SignatureKind, type SignaturePngResult,
} from "./signature-png";

const signerName = z
  .string()
  .trim()
  .min(2)
  .max(120)
  // Control characters have no place in a name, and Postgres refuses NUL in text.
  .regex(/^[^\p{Cc}]*$/u, "must not contain control characters");

const pngSignature = z.string().superRefine((value, context) => {
  const result = readSignaturePng(value);
  if (!result.ok) context.addIssue({ code: "custom", message: `Signature ${result.problem}` });
});

/**
 * The fields SignatureField posts (signerName, signatureKind, signature). A
 * drawn signature must be a PNG data URL of at most SIGNATURE_MAX_BYTES; a
 * typed one is the signer's name, so it and "none" carry no image. Whether a
 * signature is required at all is the caller's decision (the portal's
 * settings), not this schema's. Errors on the image have the path
 * ["signature"], on the name ["signerName"].
 */
export const signatureInputSchema = z.discriminatedUnion("signatureKind", [
  z.object({ signatureKind: z.literal("drawn"), signerName, signature: pngSignature }),
  z.object({ signatureKind: z.enum(["typed", "none"]), signerName, signature: z.literal("").optional() }),
]);
export type SignatureInput = z.infer<typeof signatureInputSchema>;
