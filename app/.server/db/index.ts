// The database module: the only way to the pool. Callers either act for a
// person (withClaims, RLS applies) or say why they bypass it (asService).
export { withClaims, asService, closeDatabase, isEmbeddedDatabase, describeConnectionError } from "./pool";
export type { Tx, Sql } from "./pool";
export type { Claims, ContactClaims, AdminClaims } from "./claims";
