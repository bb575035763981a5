/** Shared by server and browser: what kinds exist and how many rows a page holds. */
export const REGISTRATION_KINDS = ["hours", "expense", "mileage"] as const;
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];
export const PAGE_SIZE = 50;
export const REGISTRATION_STATUSES = ["open", "pending_internal", "pending_external", "approved", "rejected", "changes_requested"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
