import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The request's CSP nonce, set by the HTTP front; absent under the Vite dev server. */
    cspNonce?: string;
  }
}
