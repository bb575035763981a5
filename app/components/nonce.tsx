import { createContext, useContext } from "react";

/**
 * The per-request CSP nonce. Provided only while rendering on the server; in
 * the browser it is undefined, so the nonce never travels in loader data.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
