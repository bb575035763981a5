import { StartupError } from "../config/env";

/** The server-side key for code hashes and signed cookies. */
export function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret || secret.length < 32) {
    throw new StartupError("AUTH_SECRET is missing or shorter than 32 characters. Set it (e.g. `openssl rand -hex 32`).");
  }
  return secret;
}
