import { randomBytes } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import helmet from "helmet";

/**
 * Security headers for every response (helmet). Scripts run only from this
 * origin or with the request's nonce; styles allow inline attributes because
 * Polaris sets them. The portal may not be framed at all; the admin pages may
 * be framed by the host platform (HOST_FRAME_ANCESTORS, issue: host
 * integration). HSTS is sent outside demo mode, where the app is served over
 * https.
 */
export function securityHeaders(options: { hsts: boolean; hostFrameAncestors: string[] }): RequestHandler[] {
  const assignNonce: RequestHandler = (_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  };
  const csp = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce as string}'`],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "https:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: [
          (req) => ((req as Request).path.startsWith("/admin") ? ["'self'", ...options.hostFrameAncestors].join(" ") : "'none'"),
        ],
      },
    },
    // frame-ancestors above decides framing; X-Frame-Options cannot express the host exception.
    xFrameOptions: false,
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "same-origin" },
    crossOriginEmbedderPolicy: false,
  });
  return [assignNonce, csp];
}
