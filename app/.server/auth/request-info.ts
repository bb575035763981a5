/** Where a request came from, for the audit log and rate limits. */
export type RequestInfo = { ip: string | null; userAgent: string | null };

export function requestInfo(request: Request): RequestInfo {
  // The HTTP server puts the socket address (or the trusted proxy's
  // X-Forwarded-For) here; a client cannot set it.
  const ip = request.headers.get("x-portaal-client-ip");
  return { ip, userAgent: request.headers.get("user-agent")?.slice(0, 400) ?? null };
}
