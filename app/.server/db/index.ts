// The database module: the only way to the pool. Callers either act for a
// person (withClaims, RLS applies) or say why they bypass it (asService, or
// asServiceWithin for the system's share of a person's transaction).
export { withClaims, asService, asServiceWithin, closeDatabase, isEmbeddedDatabase, describeConnectionError } from "./pool";
export type { Tx, Sql } from "./pool";
export type { Claims, ContactClaims, AdminClaims } from "./claims";
