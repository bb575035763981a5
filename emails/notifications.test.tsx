import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { renderEmail } from "../app/.server/email/render";
import type { Language } from "../app/i18n";
import { ApprovalReminderEmail, approvalReminderSubject, type ApprovalReminderEmailProps } from "./approval-reminder";
import { ApprovalRequestEmail, approvalRequestSubject, type ApprovalRequestEmailProps } from "./approval-request";
import { EMAIL_TEMPLATE_NAMES, EMAIL_TEMPLATES, isEmailTemplateName, renderTemplate, type EmailTemplateName } from "./catalog";
import { DocumentSharedEmail, type DocumentSharedEmailProps } from "./document-shared";
import { JobCompletedEmail, type JobCompletedEmailProps } from "./job-completed";
import { NewInvoiceEmail, newInvoiceSubject, type NewInvoiceEmailProps } from "./new-invoice";
import { NewQuoteEmail, newQuoteSubject, type NewQuoteEmailProps } from "./new-quote";

// Intl separates the euro sign from the amount with a no-break space in Dutch.
const NBSP = "\u00a0";
const LANGUAGES: Language[] = ["nl", "en"];

let consoleError: MockInstance;
beforeEach(() => {
  consoleError = vi.spyOn(console, "error");
});
afterEach(() => {
  expect(consoleError).not.toHaveBeenCalled();
  consoleError.mockRestore();
});

/** What each sample's plain text must show, per language. */
const KEY_FACTS: Record<EmailTemplateName, Record<Language, string[]>> = {
  "sign-in-code": {
    nl: ["4821 3907", "10 minuten lang (tot 11:10)", "https://portaal.example/login/code?email=anna%40acme.example"],
    en: ["4821 3907", "for 10 minutes (until 11:10)", "https://portaal.example/login/code?email=anna%40acme.example"],
  },
  invitation: {
    nl: ["JE BENT UITGENODIGD VOOR ACME – WEBSITE EN APP", "Studio Noord", "6 december 2026", "https://portaal.example/invite/example-token"],
    en: ["YOU ARE INVITED TO ACME – WEBSITE EN APP", "Studio Noord", "6 December 2026", "https://portaal.example/invite/example-token"],
  },
  "registration-decision": {
    nl: ["Hallo Sanne Bakker,", "Anna de Vries", "Acme B.V.", "23 november 2026 om 15:05", "7,50 uur", `€${NBSP}12,40`, "42,5 km"],
    en: ["Hi Sanne Bakker,", "Anna de Vries", "Acme B.V.", "23 November 2026 at 15:05", "7.50 hours", "€12.40", "42.5 km"],
  },
  "approval-request": {
    nl: [
      "Hallo Anna de Vries,",
      "Studio Noord heeft in het portaal “Acme – Website en app” 23 registraties voor het project “Website” van Acme B.V. ter goedkeuring ingediend.",
      "152,50 uur",
      `€${NBSP}1.801,25`,
      "84,5 km",
      "2–20 november 2026",
      "Sanne Bakker, Tom Jansen, Eva Visser, Daan Smit, Lotte de Boer en nog 3",
      "Beslis graag vóór 6 december 2026 om 17:00.",
      "https://portaal.example/portals/acme-website/projects/website?submission=7d0c5a2e",
    ],
    en: [
      "Hi Anna de Vries,",
      "Studio Noord has submitted 23 registrations for the project “Website” of Acme B.V. for your approval, in the portal “Acme – Website en app”.",
      "152.50 hours",
      "€1,801.25",
      "84.5 km",
      "November 2026",
      "Sanne Bakker, Tom Jansen, Eva Visser, Daan Smit, Lotte de Boer and 3 more",
      "Please decide before 6 December 2026 at 17:00.",
      "https://portaal.example/portals/acme-website/projects/website?submission=7d0c5a2e",
    ],
  },
  "approval-reminder": {
    nl: [
      "Hallo Anna de Vries,",
      "Er wachten nog 4 registraties op je beslissing",
      "12,50 uur",
      `€${NBSP}86,40`,
      "18–19 november 2026",
      "Sanne Bakker en Tom Jansen",
      "Beslis graag vóór 6 december 2026 om 17:00.",
      "https://portaal.example/portals/acme-website/projects/website?submission=7d0c5a2e",
    ],
    en: [
      "Hi Anna de Vries,",
      "4 registrations are still waiting for your decision",
      "12.50 hours",
      "€86.40",
      "Sanne Bakker and Tom Jansen",
      "Please decide before 6 December 2026 at 17:00.",
      "https://portaal.example/portals/acme-website/projects/website?submission=7d0c5a2e",
    ],
  },
  "new-quote": {
    nl: ["Hallo Anna de Vries,", "OFF-2026-0042", "Onderhoud website 2027", `€${NBSP}1.801,25`, "6 december 2026", "Acme B.V.", "https://portaal.example/portals/acme-website/quotes/off-2026-0042"],
    en: ["Hi Anna de Vries,", "OFF-2026-0042", "Website maintenance 2027", "€1,801.25", "6 December 2026", "Acme B.V.", "https://portaal.example/portals/acme-website/quotes/off-2026-0042"],
  },
  "new-invoice": {
    nl: ["Hallo Anna de Vries,", "F2026-0117", "Website, november 2026", `€${NBSP}2.179,51`, "1 december 2026", "31 december 2026", "https://portaal.example/portals/acme-website/invoices/f2026-0117"],
    en: ["Hi Anna de Vries,", "F2026-0117", "Website, November 2026", "€2,179.51", "1 December 2026", "31 December 2026", "https://portaal.example/portals/acme-website/invoices/f2026-0117"],
  },
  "job-completed": {
    nl: ["Hallo Anna de Vries,", "Netwerk vestiging Zwolle vervangen", "27 november 2026", "Acme Zwolle, Stationsweg 12", "https://portaal.example/portals/acme-website/jobs/wb-2026-0311"],
    en: ["Hi Anna de Vries,", "Replace the network of the Zwolle office", "27 November 2026", "Acme Zwolle, Stationsweg 12", "https://portaal.example/portals/acme-website/jobs/wb-2026-0311"],
  },
  "document-shared": {
    nl: ["Hallo Anna de Vries,", "Functioneel ontwerp webshop", "functioneel-ontwerp-webshop-v2.pdf", "Website", "https://portaal.example/portals/acme-website/documents/3f9b1c44"],
    en: ["Hi Anna de Vries,", "Functional design web shop", "functioneel-ontwerp-webshop-v2.pdf", "Website", "https://portaal.example/portals/acme-website/documents/3f9b1c44"],
  },
};

/** The templates that go to customer contacts when something happens: they end alike (F-6). */
const NOTIFICATIONS: EmailTemplateName[] = ["approval-request", "approval-reminder", "new-quote", "new-invoice", "job-completed", "document-shared"];

describe("the e-mail catalog", () => {
  it("holds every template Portaal sends", () => {
    expect([...EMAIL_TEMPLATE_NAMES].sort()).toEqual(Object.keys(KEY_FACTS).sort());
    expect(isEmailTemplateName("new-invoice")).toBe(true);
    expect(isEmailTemplateName("toString")).toBe(false);
    expect(() => renderTemplate("no-such-template", {})).toThrow("Unknown e-mail template: no-such-template");
  });

  for (const name of EMAIL_TEMPLATE_NAMES) {
    for (const language of LANGUAGES) {
      it(`renders ${name} in ${language} from its sample, with the key facts in the plain text`, async () => {
        const { subject, element } = renderTemplate(name, EMAIL_TEMPLATES[name].sample(language));
        const { html, text } = await renderEmail(element);
        expect(subject.trim()).not.toBe("");
        expect(html).toContain(`lang="${language}"`);
        for (const fact of KEY_FACTS[name][language]) expect(text).toContain(fact);
        // No message id leaked through untranslated, no placeholder left.
        expect(text).not.toMatch(/email\.\w+\.|\{\w+\}/);
        // A name ending in an abbreviation ("Acme B.V.") never ends a sentence in the notifications.
        if (NOTIFICATIONS.includes(name)) expect(text).not.toContain("..");
      });
    }
  }

  it("renders a payload that went through JSON (instants as strings) the same as the original", async () => {
    for (const name of EMAIL_TEMPLATE_NAMES) {
      for (const language of LANGUAGES) {
        const sample = EMAIL_TEMPLATES[name].sample(language);
        const direct = renderTemplate(name, sample);
        const fromJson = renderTemplate(name, JSON.parse(JSON.stringify(sample)) as unknown);
        expect(fromJson.subject).toBe(direct.subject);
        expect((await renderEmail(fromJson.element)).text, `${name} ${language}`).toBe((await renderEmail(direct.element)).text);
      }
    }
  });

  for (const name of NOTIFICATIONS) {
    it(`${name} says who sends it, why it came and who sets the notifications, with a button in the accent colour`, async () => {
      const sample = EMAIL_TEMPLATES[name].sample("nl");
      const nl = await renderEmail(renderTemplate(name, { ...sample, branding: { senderName: "Studio Noord", accentColor: "#c2410c", logoUrl: null } }).element);
      expect(nl.text).toContain("Met vriendelijke groet,\nStudio Noord");
      expect(nl.text).toMatch(/^Je ontvangt deze e-mail omdat .*Studio Noord/m);
      expect(nl.text).toContain("Welke meldingen je per e-mail krijgt, stelt je beheerder bij Studio Noord in.");
      expect(nl.html).toMatch(/<a href="https:\/\/portaal\.example\/[^"]*"[^>]*background-color:#c2410c/);
      // The fallback link is for HTML only; the plain text shows the URL once, beside the button's label.
      expect(nl.html).toContain("Werkt de knop niet?");
      expect(nl.text).not.toContain("Werkt de knop niet?");

      const en = await renderEmail(renderTemplate(name, EMAIL_TEMPLATES[name].sample("en")).element);
      expect(en.text).toContain("Kind regards,\nStudio Noord");
      expect(en.text).toMatch(/^You receive this e-mail because .*Studio Noord/m);
      expect(en.text).toContain("Which notifications you receive by e-mail is set by your administrator at Studio Noord;");
      // Without branding, the default colour under the tenant's name.
      expect(en.html).toContain("border-top:4px solid #1f5199");
      expect(en.text.startsWith("Studio Noord")).toBe(true);
    });
  }
});

const request: ApprovalRequestEmailProps = {
  ...EMAIL_TEMPLATES["approval-request"].sample("nl"),
  registrationCount: 12,
  totalHours: "12.5",
  amounts: [
    { currency: "EUR", amount: "1801.25" },
    { currency: "USD", amount: "20" },
  ],
  totalKm: "42.5",
  employees: ["Sanne Bakker", "Tom Jansen", "Eva Visser", "Daan Smit", "Lotte de Boer", "Ruben Mulder", "Iris Bos", "Joris van Dijk"],
  // 16:00 UTC is 17:00 in Amsterdam in December
  deadline: new Date("2026-12-06T16:00:00Z"),
  autoApproveAtDeadline: false,
};

async function renderRequest(overrides: Partial<ApprovalRequestEmailProps>) {
  const props = { ...request, ...overrides };
  return { ...(await renderEmail(<ApprovalRequestEmail {...props} />)), subject: approvalRequestSubject(props) };
}

describe("the approval request e-mail", () => {
  it("sums up the submission in Dutch: count, totals, period, employees, deadline", async () => {
    const { text, html, subject } = await renderRequest({});
    expect(subject).toBe("Studio Noord vraagt je 12 registraties voor Website goed te keuren");
    expect(text).toContain("REGISTRATIES TER GOEDKEURING");
    expect(text).toMatch(/^Uren +12,50 uur$/m);
    expect(text).toMatch(new RegExp(`^Onkosten +€${NBSP}1\\.801,25 en US\\$${NBSP}20,00$`, "m"));
    expect(text).toMatch(/^Kilometers +42,5 km$/m);
    expect(text).toMatch(/^Periode +2–20 november 2026$/m);
    expect(text).toMatch(/^Geboekt door +Sanne Bakker, Tom Jansen, Eva Visser, Daan Smit, Lotte de Boer en nog 3$/m);
    expect(text).not.toContain("Ruben Mulder");
    expect(text).toContain("Beslis graag vóór 6 december 2026 om 17:00.");
    expect(text).not.toContain("automatisch goedgekeurd");
    expect(text).toContain("Registraties beoordelen https://portaal.example/portals/acme-website/projects/website?submission=7d0c5a2e");
    expect(html).toContain('href="https://portaal.example/portals/acme-website/projects/website?submission=7d0c5a2e"');
  });

  it("in English, with British formats", async () => {
    const { text, subject } = await renderRequest({ language: "en" });
    expect(subject).toBe("Studio Noord asks you to approve 12 registrations for Website");
    expect(text).toMatch(/^Hours +12\.50 hours$/m);
    expect(text).toMatch(/^Expenses +€1,801\.25 and US\$20\.00$/m);
    expect(text).toMatch(/^Mileage +42\.5 km$/m);
    expect(text).toMatch(/^Booked by +Sanne Bakker, Tom Jansen, Eva Visser, Daan Smit, Lotte de Boer and 3 more$/m);
    expect(text).toContain("Please decide before 6 December 2026 at 17:00.");
    expect(text).not.toContain("approved automatically");
  });

  it("says that undecided registrations are approved automatically at the deadline, only when the tenant does so", async () => {
    const nl = await renderRequest({ autoApproveAtDeadline: true });
    expect(nl.text).toContain(
      "Beslis graag vóór 6 december 2026 om 17:00. Registraties waarover je dan nog niet hebt beslist, worden op dat moment automatisch goedgekeurd.",
    );
    const en = await renderRequest({ language: "en", autoApproveAtDeadline: true });
    expect(en.text).toContain("Please decide before 6 December 2026 at 17:00. Registrations you have not decided on by then will be approved automatically at that moment.");
    const one = await renderRequest({ language: "en", autoApproveAtDeadline: true, registrationCount: 1 });
    expect(one.subject).toBe("Studio Noord asks you to approve 1 registration for Website");
    expect(one.text).toContain("If you have not decided on the registration by then, it will be approved automatically at that moment.");
    expect(one.text).toContain("Review the registration https://");
  });

  it("leaves out what is not there: no deadline, no hours, no expenses, no mileage, no names", async () => {
    const { text } = await renderRequest({
      deadline: null,
      autoApproveAtDeadline: true,
      totalHours: null,
      amounts: [],
      totalKm: null,
      employees: [],
      firstWorkDate: "2026-11-17",
      lastWorkDate: "2026-11-17",
    });
    expect(text).not.toContain("Beslis graag");
    expect(text).not.toContain("automatisch");
    for (const label of ["Uren", "Onkosten", "Kilometers", "Geboekt door"]) expect(text).not.toMatch(new RegExp(`^${label} `, "m"));
    expect(text).toMatch(/^Periode +17 november 2026$/m);
  });

  it("lists five names or fewer in full", async () => {
    const { text } = await renderRequest({ language: "en", employees: ["Sanne Bakker", "Tom Jansen", "Eva Visser", "Daan Smit", "Lotte de Boer"] });
    expect(text).toMatch(/^Booked by +Sanne Bakker, Tom Jansen, Eva Visser, Daan Smit and Lotte de Boer$/m);
    expect(text).not.toContain("more");
  });
});

const reminder: ApprovalReminderEmailProps = { ...EMAIL_TEMPLATES["approval-reminder"].sample("nl"), waitingCount: 3, autoApproveAtDeadline: true };

async function renderReminder(overrides: Partial<ApprovalReminderEmailProps>) {
  const props = { ...reminder, ...overrides };
  return { ...(await renderEmail(<ApprovalReminderEmail {...props} />)), subject: approvalReminderSubject(props) };
}

describe("the approval reminder e-mail", () => {
  it("reminds in Dutch of what still waits and of the deadline", async () => {
    const { text, subject } = await renderReminder({});
    expect(subject).toBe("Herinnering: 3 registraties voor Website wachten nog op je goedkeuring");
    expect(text).toContain(
      "Er wachten nog 3 registraties op je beslissing: Studio Noord heeft ze voor het project “Website” van Acme B.V. in het portaal “Acme – Website en app” ter goedkeuring ingediend.",
    );
    expect(text).toContain("Beslis graag vóór 6 december 2026 om 17:00. Registraties waarover je dan nog niet hebt beslist, worden op dat moment automatisch goedgekeurd.");
    expect(text).toMatch(/^Uren +12,50 uur$/m);
    expect(text).toMatch(new RegExp(`^Onkosten +€${NBSP}86,40$`, "m"));
  });

  it("in English, and of a single registration", async () => {
    const { text, subject } = await renderReminder({ language: "en", waitingCount: 1, autoApproveAtDeadline: false });
    expect(subject).toBe("Reminder: 1 registration for Website still waits for your approval");
    expect(text).toContain("1 registration is still waiting for your decision: Studio Noord submitted it for the project “Website” of Acme B.V.");
    expect(text).toContain("Please decide before 6 December 2026 at 17:00.");
    expect(text).not.toContain("automatically");
    expect(text).toContain("Review the registration https://portaal.example/");
  });
});

describe("the new quote e-mail", () => {
  const quote: NewQuoteEmailProps = EMAIL_TEMPLATES["new-quote"].sample("nl");

  it("gives number, subject, amount excluding VAT and validity, per language", async () => {
    const nl = await renderEmail(<NewQuoteEmail {...quote} />);
    expect(newQuoteSubject(quote)).toBe("Nieuwe offerte OFF-2026-0042 van Studio Noord");
    expect(nl.text).toMatch(/^Offertenummer +OFF-2026-0042$/m);
    expect(nl.text).toMatch(/^Onderwerp +Onderhoud website 2027$/m);
    expect(nl.text).toMatch(new RegExp(`^Totaal excl\\. btw +€${NBSP}1\\.801,25$`, "m"));
    expect(nl.text).toMatch(/^Geldig tot +6 december 2026$/m);
    expect(nl.text).toContain("Offerte bekijken https://portaal.example/portals/acme-website/quotes/off-2026-0042");

    const enProps = { ...quote, language: "en" as const, subject: null, validUntil: null };
    const en = await renderEmail(<NewQuoteEmail {...enProps} />);
    expect(newQuoteSubject(enProps)).toBe("New quote OFF-2026-0042 from Studio Noord");
    expect(en.text).toMatch(/^Total excl\. VAT +€1,801\.25$/m);
    expect(en.text).not.toContain("Subject");
    expect(en.text).not.toContain("Valid until");
  });
});

describe("the new invoice e-mail", () => {
  const invoice: NewInvoiceEmailProps = EMAIL_TEMPLATES["new-invoice"].sample("nl");

  it("gives number, amount including VAT and the dates, and asks to pay by the due date", async () => {
    const nl = await renderEmail(<NewInvoiceEmail {...invoice} />);
    expect(newInvoiceSubject(invoice)).toBe("Nieuwe factuur F2026-0117 van Studio Noord");
    expect(nl.text).toMatch(new RegExp(`^Totaal incl\\. btw +€${NBSP}2\\.179,51$`, "m"));
    expect(nl.text).toMatch(/^Factuurdatum +1 december 2026$/m);
    expect(nl.text).toMatch(/^Vervaldatum +31 december 2026$/m);
    expect(nl.text).toContain("Betaal de factuur graag uiterlijk 31 december 2026.");

    const en = await renderEmail(<NewInvoiceEmail {...invoice} language="en" currency="GBP" totalInclVat="1801.25" dueOn={null} />);
    expect(en.text).toMatch(/^Total incl\. VAT +£1,801\.25$/m);
    expect(en.text).toMatch(/^Invoice date +1 December 2026$/m);
    expect(en.text).not.toContain("Due date");
    expect(en.text).not.toContain("Please pay");
  });
});

describe("the job completed e-mail", () => {
  const job: JobCompletedEmailProps = EMAIL_TEMPLATES["job-completed"].sample("nl");

  it("names the job, when and where it was done", async () => {
    const nl = await renderEmail(<JobCompletedEmail {...job} />);
    expect(EMAIL_TEMPLATES["job-completed"].subject(job)).toBe("Opdracht afgerond: Netwerk vestiging Zwolle vervangen");
    expect(nl.text).toContain("Studio Noord heeft een opdracht voor Acme B.V. afgerond: “Netwerk vestiging Zwolle vervangen”.");
    expect(nl.text).toMatch(/^Afgerond op +27 november 2026$/m);
    expect(nl.text).toMatch(/^Locatie +Acme Zwolle, Stationsweg 12$/m);

    const en = await renderEmail(<JobCompletedEmail {...job} language="en" completedOn={null} siteName={null} />);
    expect(en.text).toContain("Studio Noord has completed a job for Acme B.V.: “Netwerk vestiging Zwolle vervangen”.");
    expect(en.text).not.toContain("Completed on");
    expect(en.text).not.toContain("Location");
  });
});

describe("the document shared e-mail", () => {
  const document: DocumentSharedEmailProps = EMAIL_TEMPLATES["document-shared"].sample("nl");

  it("names the document, its file and project", async () => {
    const nl = await renderEmail(<DocumentSharedEmail {...document} />);
    expect(EMAIL_TEMPLATES["document-shared"].subject(document)).toBe("Studio Noord heeft een document met je gedeeld: Functioneel ontwerp webshop");
    expect(nl.text).toMatch(/^Bestand +functioneel-ontwerp-webshop-v2\.pdf$/m);
    expect(nl.text).toMatch(/^Project +Website$/m);

    const en = await renderEmail(<DocumentSharedEmail {...document} language="en" projectName={null} />);
    expect(en.text).toMatch(/^File +functioneel-ontwerp-webshop-v2\.pdf$/m);
    expect(en.text).not.toMatch(/^Project /m);
    expect(en.text).toContain("View the document https://portaal.example/portals/acme-website/documents/3f9b1c44");
  });
});
