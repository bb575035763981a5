import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * What a decision covers of one registration: what the member saw of it,
 * nothing more. Deliberately its own type, not the page's row type: these
 * keys are the evidence format, and adding a column to the page must not
 * change how fingerprints are computed.
 */
export type DecidedRegistration = {
  id: string;
  projectName: string;
  kind: "hours" | "expense" | "mileage";
  workDate: string;
  employeeName: string;
  taskName: string | null;
  hours: string | null;
  amount: string | null;
  currency: string;
  distanceKm: string | null;
  /** null where the portal hides descriptions: the member did not see one. */
  description: string | null;
  status: string;
};

/**
 * The canonical content of a decision: RFC 8785 JSON of the registrations
 * sorted by id, so the same registrations always give the same text, and its
 * SHA-256. Anyone holding the evidence can re-check the fingerprint with any
 * JCS implementation and `sha256sum`.
 */
export function canonicalContent(registrations: DecidedRegistration[]): { content: string; fingerprint: string } {
  const sorted = [...registrations]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((registration) => ({ ...registration }));
  const content = canonicalize({ version: 1, registrations: sorted });
  if (content === undefined) throw new Error("registrations cannot be canonicalised");
  return { content, fingerprint: sha256Hex(content) };
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Re-checks a decision from its evidence alone: does the fingerprint match the content kept with it? */
export function fingerprintMatches(evidence: { canonicalContent: string; fingerprint: string }): boolean {
  return sha256Hex(evidence.canonicalContent) === evidence.fingerprint;
}
