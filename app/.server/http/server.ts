import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { isDemoMode } from "../config/mode";
import { securityHeaders } from "./security-headers";

export type BuildSource = ServerBuild | (() => Promise<ServerBuild>);

/**
 * The HTTP front: client address for audit and rate limits, a same-origin
 * check on every state-changing request, baseline security headers, static
 * assets, then Remix.
 */
export function createHttpApp(options: { build: BuildSource; staticDir?: string; vite?: { middlewares: express.RequestHandler } }) {
  const app = express();
  app.disable("x-powered-by");
  if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);

  app.use((req: Request, res: Response, next: NextFunction) => {
    // Overwrites anything a client sent under this name.
    req.headers["x-portaal-client-ip"] = req.ip ?? req.socket.remoteAddress ?? "";
    next();
  });
  if (!options.vite) {
    // Vite's dev server injects inline scripts of its own: headers for the built app only.
    app.use(
      securityHeaders({
        hsts: !isDemoMode(),
        hostFrameAncestors: (process.env.HOST_FRAME_ANCESTORS ?? "").split(/\s+/).filter(Boolean),
      }),
    );
  }

  app.use(rejectCrossSiteWrites);

  if (options.vite) {
    app.use(options.vite.middlewares);
  } else if (options.staticDir) {
    app.use("/assets", express.static(`${options.staticDir}/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(options.staticDir, { maxAge: "1h" }));
  }

  app.all(
    "*",
    createRequestHandler({
      build: options.build as never,
      mode: process.env.NODE_ENV,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string | undefined }),
    }),
  );
  return app;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** CSRF defence: a write must come from this origin (Origin header, or Sec-Fetch-Site for old browsers). */
function rejectCrossSiteWrites(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method) || req.path.startsWith("/webhooks/")) return next();
  const origin = req.get("origin");
  const host = req.get("host");
  if (origin) {
    try {
      if (new URL(origin).host === host) return next();
    } catch {
      // fall through to the rejection
    }
    return res.status(403).type("text/plain").send("Cross-site request refused.");
  }
  const site = req.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    return res.status(403).type("text/plain").send("Cross-site request refused.");
  }
  return next();
}
