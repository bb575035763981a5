/** Shared by server and browser: the customer's three answers (F-18, F-33). */
export const DECISIONS = ["approved", "rejected", "changes_requested"] as const;
export type Decision = (typeof DECISIONS)[number];

/** Rejecting and requesting changes need a comment; approving does not. */
export function decisionNeedsComment(decision: Decision): boolean {
  return decision !== "approved";
}

export const COMMENT_MAX = 2000;
export const REFERENCE_MAX = 100;
/** The most registrations one decision may cover: a year of a large team's hours. */
export const DECISION_MAX_REGISTRATIONS = 5000;

/** One decision in a registration's history, as the viewer may see it. */
export type HistoryEntry = {
  decisionId: string;
  decision: string;
  decidedAt: string;
  decidedBy: string;
  comment: string | null;
  reference: string | null;
  statusBefore: string;
  statusAfter: string;
  /** The caller may open this decision's evidence (their own decision, or any for an admin). */
  hasEvidence: boolean;
};
