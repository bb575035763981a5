/** Shared by server and browser. */
export const CODE_DIGITS = 8; // 10^8 ≈ 26.6 bits, above the 20 that F-10 asks
export const RESEND_AFTER_SECONDS = 60;
/** What a tenant may choose for a code's lifetime (F-10: at most 15 minutes). */
export const CODE_LIFETIME_CHOICES = [5, 10, 15] as const;
