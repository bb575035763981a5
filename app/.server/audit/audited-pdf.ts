import type { RequestInfo } from "../auth/request-info";
import { asService, type Claims } from "../db";
import { recordAudit } from "./record";

/**
 * An evidence PDF as a response, after its download is written to the audit
 * log (F-31: every download, not only the first) with who took it.
 */
export async function auditedPdfResponse(input: {
  claims: Claims;
  tenantId: string;
  portalId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details?: Record<string, unknown>;
  pdf: Uint8Array;
  fileName: string;
  download: boolean;
  info: RequestInfo;
}): Promise<Response> {
  const { claims } = input;
  await asService(`audit a download: ${input.action}`, (tx) =>
    recordAudit(tx, {
      tenantId: input.tenantId,
      actorKind: claims.kind === "admin" ? "admin" : "contact",
      loginId: claims.kind === "contact" ? claims.loginId : null,
      adminId: claims.kind === "admin" ? claims.adminId : null,
      portalId: input.portalId,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      ip: input.info.ip,
      userAgent: input.info.userAgent,
      ...(input.details ? { details: input.details } : {}),
    }),
  );
  return new Response(Buffer.from(input.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `${input.download ? "attachment" : "inline"}; filename="${input.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
