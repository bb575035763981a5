import { createElement, type ReactElement } from "react";
import type { Language } from "../app/i18n";
import { ApprovalReminderEmail, approvalReminderSubject, type ApprovalReminderEmailProps } from "./approval-reminder";
import { ApprovalRequestEmail, approvalRequestSubject, type ApprovalRequestEmailProps } from "./approval-request";
import { DocumentSharedEmail, documentSharedSubject, type DocumentSharedEmailProps } from "./document-shared";
import { InvitationEmail, type InvitationEmailProps } from "./invitation";
import { JobCompletedEmail, jobCompletedSubject, type JobCompletedEmailProps } from "./job-completed";
import { emailTexts } from "./layout";
import { NewInvoiceEmail, newInvoiceSubject, type NewInvoiceEmailProps } from "./new-invoice";
import { NewQuoteEmail, newQuoteSubject, type NewQuoteEmailProps } from "./new-quote";
import { RegistrationDecisionEmail, registrationDecisionSubject, type RegistrationDecisionEmailProps } from "./registration-decision";
import { SignInCodeEmail, type SignInCodeEmailProps } from "./sign-in-code";

/**
 * Every e-mail Portaal sends, by the template name the outbox stores
 * (email_outbox.template): how to render it, its subject, and a realistic
 * sample for previews and tests. Imports only emails/ and app/i18n, so that
 * the edge functions can use it too.
 */

/** The props of each template, by name. */
export type EmailTemplateProps = {
  "sign-in-code": SignInCodeEmailProps;
  invitation: InvitationEmailProps;
  "registration-decision": RegistrationDecisionEmailProps;
  "approval-request": ApprovalRequestEmailProps;
  "approval-reminder": ApprovalReminderEmailProps;
  "new-quote": NewQuoteEmailProps;
  "new-invoice": NewInvoiceEmailProps;
  "job-completed": JobCompletedEmailProps;
  "document-shared": DocumentSharedEmailProps;
};

export type EmailTemplateName = keyof EmailTemplateProps;

export type EmailTemplate<Props> = {
  render: (props: Props) => ReactElement;
  subject: (props: Props) => string;
  /** demo props in the language, with that language set */
  sample: (language: Language) => Props;
};

const PORTAL_URL = "https://portaal.example";
const TENANT = "Studio Noord";
const CUSTOMER = "Acme B.V.";
const MEMBER = "Anna de Vries";
const PORTAL = "Acme – Website en app";

/** Eight names: the approval mails name five and say "and 3 more". */
const EMPLOYEES = ["Sanne Bakker", "Tom Jansen", "Eva Visser", "Daan Smit", "Lotte de Boer", "Ruben Mulder", "Iris Bos", "Joris van Dijk"];

function byLanguage<T>(language: Language, texts: Record<Language, T>): T {
  return texts[language];
}

export const EMAIL_TEMPLATES: { [Name in EmailTemplateName]: EmailTemplate<EmailTemplateProps[Name]> } = {
  "sign-in-code": {
    render: (props) => createElement(SignInCodeEmail, props),
    subject: (props) => emailTexts(props.language).t("email.signInCode.subject"),
    sample: (language) => ({
      language,
      code: "48213907",
      minutes: 10,
      expiresAt: new Date("2026-11-22T10:10:00Z"),
      codePageUrl: `${PORTAL_URL}/login/code?email=anna%40acme.example`,
    }),
  },
  invitation: {
    render: (props) => createElement(InvitationEmail, props),
    subject: (props) => emailTexts(props.language).t("email.invitation.subject", { tenant: props.tenantName }),
    sample: (language) => ({
      language,
      portalName: PORTAL,
      tenantName: TENANT,
      invitationText: byLanguage(language, {
        nl: "Via ons klantportaal zie je de voortgang van je projecten en keur je uren goed.",
        en: "In our customer portal you follow your projects and approve hours.",
      }),
      invitationUrl: `${PORTAL_URL}/invite/example-token`,
      expiresAt: new Date("2026-12-06T10:00:00Z"),
    }),
  },
  "registration-decision": {
    render: (props) => createElement(RegistrationDecisionEmail, props),
    subject: registrationDecisionSubject,
    sample: (language) => ({
      language,
      employeeName: "Sanne Bakker",
      decision: "changes_requested",
      handedToInternalApproval: false,
      decidedAt: new Date("2026-11-23T14:05:00Z"),
      memberName: MEMBER,
      signerName: "A. de Vries",
      customerName: CUSTOMER,
      portalName: PORTAL,
      tenantName: TENANT,
      comment: byLanguage(language, {
        nl: "De uren op 17 november horen bij het app-project, niet bij de website.\nWil je die verplaatsen?",
        en: "The hours of 17 November belong to the app project, not to the website.\nCould you move them?",
      }),
      reference: null,
      registrations: [
        { workDate: "2026-11-16", projectName: "Website", taskName: "Ontwerp", kind: "hours", hours: "7.50", amount: null, currency: "EUR", distanceKm: null },
        { workDate: "2026-11-17", projectName: "Website", taskName: "Development", kind: "hours", hours: "6.00", amount: null, currency: "EUR", distanceKm: null },
        { workDate: "2026-11-17", projectName: "Website", taskName: null, kind: "expense", hours: null, amount: "12.40", currency: "EUR", distanceKm: null },
        { workDate: "2026-11-18", projectName: "App", taskName: "Workshop", kind: "mileage", hours: null, amount: null, currency: "EUR", distanceKm: "42.5" },
      ],
      totalCount: 4,
    }),
  },
  "approval-request": {
    render: (props) => createElement(ApprovalRequestEmail, props),
    subject: approvalRequestSubject,
    sample: (language) => ({
      language,
      tenantName: TENANT,
      customerName: CUSTOMER,
      portalName: PORTAL,
      projectName: "Website",
      memberName: MEMBER,
      registrationCount: 23,
      totalHours: "152.50",
      amounts: [{ currency: "EUR", amount: "1801.25" }],
      totalKm: "84.5",
      firstWorkDate: "2026-11-02",
      lastWorkDate: "2026-11-20",
      employees: EMPLOYEES,
      // 16:00 UTC is 17:00 in Amsterdam in December (CET)
      deadline: new Date("2026-12-06T16:00:00Z"),
      autoApproveAtDeadline: true,
      link: `${PORTAL_URL}/portals/acme-website/projects/website?submission=7d0c5a2e`,
    }),
  },
  "approval-reminder": {
    render: (props) => createElement(ApprovalReminderEmail, props),
    subject: approvalReminderSubject,
    sample: (language) => ({
      language,
      tenantName: TENANT,
      customerName: CUSTOMER,
      portalName: PORTAL,
      projectName: "Website",
      memberName: MEMBER,
      waitingCount: 4,
      totalHours: "12.50",
      amounts: [{ currency: "EUR", amount: "86.40" }],
      totalKm: null,
      firstWorkDate: "2026-11-18",
      lastWorkDate: "2026-11-19",
      employees: ["Sanne Bakker", "Tom Jansen"],
      deadline: new Date("2026-12-06T16:00:00Z"),
      autoApproveAtDeadline: false,
      link: `${PORTAL_URL}/portals/acme-website/projects/website?submission=7d0c5a2e`,
    }),
  },
  "new-quote": {
    render: (props) => createElement(NewQuoteEmail, props),
    subject: newQuoteSubject,
    sample: (language) => ({
      language,
      tenantName: TENANT,
      customerName: CUSTOMER,
      memberName: MEMBER,
      number: "OFF-2026-0042",
      subject: byLanguage(language, { nl: "Onderhoud website 2027", en: "Website maintenance 2027" }),
      totalExclVat: "1801.25",
      currency: "EUR",
      validUntil: "2026-12-06",
      link: `${PORTAL_URL}/portals/acme-website/quotes/off-2026-0042`,
    }),
  },
  "new-invoice": {
    render: (props) => createElement(NewInvoiceEmail, props),
    subject: newInvoiceSubject,
    sample: (language) => ({
      language,
      tenantName: TENANT,
      customerName: CUSTOMER,
      memberName: MEMBER,
      number: "F2026-0117",
      subject: byLanguage(language, { nl: "Website, november 2026", en: "Website, November 2026" }),
      totalInclVat: "2179.51",
      currency: "EUR",
      issuedOn: "2026-12-01",
      dueOn: "2026-12-31",
      link: `${PORTAL_URL}/portals/acme-website/invoices/f2026-0117`,
    }),
  },
  "job-completed": {
    render: (props) => createElement(JobCompletedEmail, props),
    subject: jobCompletedSubject,
    sample: (language) => ({
      language,
      tenantName: TENANT,
      customerName: CUSTOMER,
      memberName: MEMBER,
      title: byLanguage(language, { nl: "Netwerk vestiging Zwolle vervangen", en: "Replace the network of the Zwolle office" }),
      completedOn: "2026-11-27",
      siteName: "Acme Zwolle, Stationsweg 12",
      link: `${PORTAL_URL}/portals/acme-website/jobs/wb-2026-0311`,
    }),
  },
  "document-shared": {
    render: (props) => createElement(DocumentSharedEmail, props),
    subject: documentSharedSubject,
    sample: (language) => ({
      language,
      tenantName: TENANT,
      customerName: CUSTOMER,
      memberName: MEMBER,
      title: byLanguage(language, { nl: "Functioneel ontwerp webshop", en: "Functional design web shop" }),
      fileName: "functioneel-ontwerp-webshop-v2.pdf",
      projectName: "Website",
      link: `${PORTAL_URL}/portals/acme-website/documents/3f9b1c44`,
    }),
  },
};

export const EMAIL_TEMPLATE_NAMES = Object.keys(EMAIL_TEMPLATES) as EmailTemplateName[];

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.prototype.hasOwnProperty.call(EMAIL_TEMPLATES, name);
}

/**
 * The subject and the React element of a template, ready for renderEmail.
 *
 * Takes any name and props, for the outbox worker and the edge function,
 * which read them from a database row (template, JSON payload). The props are
 * NOT checked: the caller must pass what the template's Props type says
 * (EmailTemplateProps[name]). Instants (Date props: expiresAt, decidedAt,
 * deadline) may come as ISO strings from JSON; the templates format those
 * alike. An unknown name throws.
 */
export function renderTemplate<Name extends EmailTemplateName>(
  name: Name,
  props: EmailTemplateProps[Name],
): { subject: string; element: ReactElement };
export function renderTemplate(name: string, props: unknown): { subject: string; element: ReactElement };
export function renderTemplate(name: string, props: unknown): { subject: string; element: ReactElement } {
  if (!isEmailTemplateName(name)) throw new Error(`Unknown e-mail template: ${name}`);
  const template = EMAIL_TEMPLATES[name] as EmailTemplate<unknown>;
  return { subject: template.subject(props), element: template.render(props) };
}
