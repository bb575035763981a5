import { createElement } from "react";
import { tenantBranding } from "../../../emails/layout";
import { RegistrationDecisionEmail, registrationDecisionSubject } from "../../../emails/registration-decision";
import { isLanguage } from "../../i18n";
import type { Decision } from "../../shared/decisions";
import { recordAudit } from "../audit/record";
import type { RequestInfo } from "../auth/request-info";
import type { Tx } from "../db";
import { enqueueEmail } from "../email/outbox";
import { renderEmail } from "../email/render";
import { queueHostEvents } from "../host/outbound";
import type { DecidedRegistration } from "./canonical";
import type { ApprovalRights } from "./rights";

/** The e-mail lists this many registrations and says how many more there are. */
const EMAIL_LIST_LIMIT = 50;

export type DecisionNotice = {
  rights: ApprovalRights;
  decisionId: string;
  decidedAt: Date;
  decision: Decision;
  statusAfter: string;
  comment: string | null;
  reference: string | null;
  signerName: string | null;
  fingerprint: string;
  info: RequestInfo;
  registrations: Array<DecidedRegistration & { employeeId: string }>;
  /** Recorded by the system at a submission's deadline (F-35), not by the member in `rights`. */
  automatic?: boolean;
};

/**
 * The system's share of a decision, in the decision's transaction (service
 * role): the audit entry, one e-mail per employee who booked registrations
 * in it (F-18), and one event per registration for the host (F-30).
 */
export async function notifyDecision(tx: Tx, notice: DecisionNotice): Promise<void> {
  const { rights } = notice;
  await recordAudit(tx, {
    tenantId: rights.tenantId, portalId: rights.portalId,
    ...(notice.automatic ? { actorKind: "system" as const } : { actorKind: "contact" as const, loginId: rights.loginId, memberId: rights.memberId }),
    action: `registrations.${notice.decision}`, subjectType: "approval_decision", subjectId: notice.decisionId,
    ip: notice.info.ip, userAgent: notice.info.userAgent,
    details: { count: notice.registrations.length, statusAfter: notice.statusAfter, fingerprint: notice.fingerprint, reference: notice.reference },
  });
  await queueDecisionEvents(tx, notice);
  await queueEmployeeEmails(tx, notice);
}

async function queueDecisionEvents(tx: Tx, notice: DecisionNotice): Promise<void> {
  const hostIds = await tx<{ id: string; hostId: string }[]>`
    select id, host_id as "hostId" from public.registrations
    where id = any(${notice.registrations.map((registration) => registration.id)}::uuid[])`;
  await queueHostEvents(tx, notice.rights.tenantId, `registration.${notice.decision}`, hostIds.map((registration) => ({
    registration_id: registration.hostId,
    decision: notice.decision,
    status: notice.statusAfter,
    decision_id: notice.decisionId,
    signer_name: notice.signerName ?? notice.rights.memberName,
    signer_email: notice.automatic ? null : notice.rights.memberEmail,
    automatic: notice.automatic ?? false,
    comment: notice.comment,
    reference: notice.reference,
    evidence_sha256: notice.fingerprint,
    decided_at: notice.decidedAt.toISOString(),
  })));
}

type Recipient = { id: string; name: string; email: string | null };
type TenantMail = { name: string; language: string; senderName: string | null; accentColor: string | null; logoUrl: string | null };

async function queueEmployeeEmails(tx: Tx, notice: DecisionNotice): Promise<void> {
  const byEmployee = new Map<string, DecisionNotice["registrations"]>();
  for (const registration of notice.registrations) {
    byEmployee.set(registration.employeeId, [...(byEmployee.get(registration.employeeId) ?? []), registration]);
  }
  const employees = await tx<Recipient[]>`
    select id, name, email from public.employees where id = any(${[...byEmployee.keys()]}::uuid[]) and deleted_at is null`;
  const [tenant] = await tx<TenantMail[]>`
    select name, default_language as language, sender_name as "senderName", brand_accent_color as "accentColor",
      brand_logo_url as "logoUrl"
    from public.tenants where id = ${notice.rights.tenantId}`;
  const language = isLanguage(tenant!.language) ? tenant!.language : "nl";
  const branding = tenantBranding({ ...tenant!, tenantName: tenant!.name });

  for (const employee of employees) {
    if (!employee.email) continue;
    const registrations = byEmployee.get(employee.id)!;
    const props = {
      language,
      employeeName: employee.name,
      decision: notice.decision,
      handedToInternalApproval: notice.statusAfter === "pending_internal",
      decidedAt: notice.decidedAt,
      memberName: notice.rights.memberName,
      signerName: notice.signerName,
      customerName: notice.rights.customerName,
      portalName: notice.rights.portalName,
      tenantName: tenant!.name,
      comment: notice.comment,
      reference: notice.reference,
      registrations: registrations.slice(0, EMAIL_LIST_LIMIT),
      totalCount: registrations.length,
      branding,
    };
    const { html, text } = await renderEmail(createElement(RegistrationDecisionEmail, props));
    await enqueueEmail(tx, {
      tenantId: notice.rights.tenantId,
      idempotencyKey: `decision:${notice.decisionId}:employee:${employee.id}`,
      template: "registration-decision",
      language,
      to: employee.email,
      subject: registrationDecisionSubject(props),
      html,
      text,
    });
  }
}
