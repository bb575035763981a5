/** Shared by server and browser. */
export const CODE_DIGITS = 8; // 10^8 ≈ 26.6 bits, above the 20 that F-10 asks
export const RESEND_AFTER_SECONDS = 60;
