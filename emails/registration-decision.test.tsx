import { describe, expect, it } from "vitest";
import { renderEmail } from "../app/.server/email/render";
import {
  MAX_LISTED_REGISTRATIONS,
  RegistrationDecisionEmail,
  registrationDecisionSubject,
  type DecidedRegistration,
  type RegistrationDecisionEmailProps,
} from "./registration-decision";

// Intl separates the euro sign from the amount with a no-break space in Dutch.
const NBSP = "\u00a0";

const registrations: DecidedRegistration[] = [
  { workDate: "2026-11-16", projectName: "Website", taskName: "Design", kind: "hours", hours: "7.5", amount: null, currency: "EUR", distanceKm: null },
  { workDate: "2026-11-17", projectName: "Website", taskName: null, kind: "expense", hours: null, amount: "1234.5", currency: "EUR", distanceKm: null },
  { workDate: "2026-11-17", projectName: "Website", taskName: null, kind: "expense", hours: null, amount: "12.4", currency: "EUR", distanceKm: null },
  { workDate: "2026-11-18", projectName: "App", taskName: "Workshop", kind: "mileage", hours: null, amount: null, currency: "EUR", distanceKm: "42.5" },
];

const base: RegistrationDecisionEmailProps = {
  language: "nl",
  employeeName: "Sanne",
  decision: "approved",
  handedToInternalApproval: false,
  // 14:05 UTC is 15:05 in Amsterdam in November (CET)
  decidedAt: new Date("2026-11-23T14:05:00Z"),
  memberName: "Anna de Vries",
  signerName: null,
  customerName: "Acme",
  portalName: "Acme – Website",
  tenantName: "Studio Noord",
  comment: null,
  reference: null,
  registrations,
  totalCount: 12,
};

async function render(overrides: Partial<RegistrationDecisionEmailProps>) {
  const props = { ...base, ...overrides };
  const { html, text } = await renderEmail(<RegistrationDecisionEmail {...props} />);
  return { html, text, subject: registrationDecisionSubject(props) };
}

describe("the registration decision e-mail, in Dutch", () => {
  it("says who approved how many of which registrations, when, with the purchase-order number and the comment", async () => {
    const { html, text, subject } = await render({
      comment: "Dank je, keurig bijgehouden.\nTot volgende maand!",
      reference: "PO-2026-0142",
      signerName: "A. de Vries",
    });
    expect(subject).toBe("Acme heeft 12 registraties van je goedgekeurd");
    expect(html).toContain('lang="nl"');
    expect(text).toContain("Hallo Sanne,");
    expect(text).toContain(
      "Op 23 november 2026 om 15:05 heeft Anna de Vries van Acme in het portaal “Acme – Website” 12 registraties van je goedgekeurd.",
    );
    expect(text).toContain("Ondertekend door: A. de Vries");
    expect(text).toContain("Referentie (inkoopordernummer): PO-2026-0142");
    expect(text).toContain("Opmerking van Anna de Vries:");
    // The comment is a quoted block in both versions, its line break kept.
    expect(html).toMatch(/<blockquote[^>]*>.*Dank je, keurig bijgehouden\..*<br\/>Tot volgende maand!.*<\/blockquote>/);
    expect(text).toContain("> Dank je, keurig bijgehouden.\n> Tot volgende maand!");
    expect(text).toContain("Je hoeft verder niets te doen.");
    expect(text).not.toContain("interne goedkeuring");
  });

  it("formats every kind of quantity the Dutch way, in the HTML and in the plain text", async () => {
    const { html, text } = await render({});
    for (const body of [html, text]) {
      expect(body).toContain("7,50 uur");
      expect(body).toContain(`€${NBSP}12,40`);
      expect(body).toContain(`€${NBSP}1.234,50`);
      expect(body).toContain("42,5 km");
      expect(body).toContain("16 nov 2026");
    }
    // One registration per line in the plain text, its columns side by side.
    expect(text).toMatch(/^16 nov 2026 +Website +Design +7,50 uur$/m);
    expect(text).toMatch(/^18 nov 2026 +App +Workshop +42,5 km$/m);
    expect(text).toMatch(/^DATUM +PROJECT +TAAK +HOEVEELHEID$/m);
  });

  it("says that internal approval follows when the customer's approval is not the last step", async () => {
    const { subject, text } = await render({ handedToInternalApproval: true });
    expect(subject).toBe("Acme heeft 12 registraties van je goedgekeurd");
    expect(text).toContain("Deze goedkeuring is nog niet definitief: de registraties gaan nu naar Studio Noord voor interne goedkeuring.");
    expect(text).not.toContain("Je hoeft verder niets te doen.");
  });

  it("asks to correct and resubmit when the customer requests changes", async () => {
    const { subject, text, html } = await render({ decision: "changes_requested", comment: "De uren van 17 november horen bij de app." });
    expect(subject).toBe("Acme vraagt je 12 registraties aan te passen");
    expect(text).toContain("AANPASSINGEN GEVRAAGD");
    expect(text).toContain("gevraagd om 12 registraties van je aan te passen.");
    expect(text).toContain("Pas de registraties aan in het platform en dien ze opnieuw in; Acme beoordeelt ze daarna nog een keer.");
    expect(text).toContain("> De uren van 17 november horen bij de app.");
    expect(html).toContain("De uren van 17 november horen bij de app.");
  });

  it("offers to discuss a rejection with the customer, and never speaks of internal approval then", async () => {
    const { subject, text } = await render({ decision: "rejected", handedToInternalApproval: true, totalCount: 1, registrations: registrations.slice(0, 1) });
    expect(subject).toBe("Acme heeft 1 registratie van je afgekeurd");
    expect(text).toContain("REGISTRATIE AFGEKEURD");
    expect(text).toContain("1 registratie van je afgekeurd.");
    expect(text).toContain("Vragen over deze beslissing? Bespreek de registratie met Anna de Vries van Acme.");
    expect(text).not.toContain("interne goedkeuring");
  });

  it("leaves out the comment, the reference and the signer when there are none", async () => {
    const { html, text } = await render({});
    expect(html).not.toContain("<blockquote");
    expect(text).not.toContain("Opmerking van");
    expect(text).not.toContain("Referentie");
    expect(text).not.toContain("Ondertekend");
  });

  it(`lists at most ${MAX_LISTED_REGISTRATIONS} registrations and counts the rest`, async () => {
    const many = Array.from({ length: 60 }, (_, index): DecidedRegistration => ({
      workDate: "2026-11-02",
      projectName: `Project ${index + 1}`,
      taskName: null,
      kind: "hours",
      hours: "1",
      amount: null,
      currency: "EUR",
      distanceKm: null,
    }));
    const { html, text, subject } = await render({ registrations: many, totalCount: 75 });
    expect(subject).toBe("Acme heeft 75 registraties van je goedgekeurd");
    expect(text).toContain("Project 50 ");
    expect(text).not.toContain("Project 51 ");
    expect(html.match(/1,00 uur/g)).toHaveLength(MAX_LISTED_REGISTRATIONS);
    expect(text).toContain("…en nog 25 registraties.");
    expect(html).toContain("…en nog 25 registraties.");
  });

  it("says nothing of more registrations when all are listed", async () => {
    const { text } = await render({ totalCount: registrations.length });
    expect(text).not.toContain("en nog");
  });
});

describe("the registration decision e-mail, in English", () => {
  it("approves, with British formats and Amsterdam time", async () => {
    const { html, text, subject } = await render({ language: "en", comment: "Thanks & well kept.", reference: "PO-2026-0142" });
    expect(subject).toBe("Acme approved 12 of your registrations");
    expect(html).toContain('lang="en"');
    expect(text).toContain("Hi Sanne,");
    expect(text).toContain("On 23 November 2026 at 15:05, Anna de Vries of Acme approved 12 registrations you booked, in the portal “Acme – Website”.");
    expect(text).toContain("Reference (purchase order number): PO-2026-0142");
    expect(text).toContain("> Thanks & well kept.");
    expect(html).toContain("Thanks &amp; well kept.");
    expect(text).toContain("Nothing more is needed from you.");
    for (const body of [html, text]) {
      expect(body).toContain("7.50 hours");
      expect(body).toContain("€12.40");
      expect(body).toContain("€1,234.50");
      expect(body).toContain("42.5 km");
      expect(body).toContain("16 Nov 2026");
    }
    expect(text).toMatch(/^DATE +PROJECT +TASK +QUANTITY$/m);
  });

  it("says that internal approval follows", async () => {
    const { text } = await render({ language: "en", handedToInternalApproval: true });
    expect(text).toContain("This approval is not final yet: the registrations now go to Studio Noord for internal approval.");
  });

  it("asks for changes", async () => {
    const { subject, text } = await render({ language: "en", decision: "changes_requested", comment: "Move the 17th to the app." });
    expect(subject).toBe("Acme asks you to change 12 of your registrations");
    expect(text).toContain("CHANGES REQUESTED");
    expect(text).toContain("Comment from Anna de Vries:\n\n> Move the 17th to the app.");
    expect(text).toContain("Please correct the registrations in the platform and submit them again; Acme will then review them once more.");
  });

  it("rejects one registration", async () => {
    const { subject, text } = await render({ language: "en", decision: "rejected", totalCount: 1, registrations: registrations.slice(0, 1) });
    expect(subject).toBe("Acme rejected one of your registrations");
    expect(text).toContain("REGISTRATION REJECTED");
    expect(text).toContain("rejected 1 registration you booked");
    expect(text).toContain("Questions about this decision? Discuss the registration with Anna de Vries of Acme.");
    expect(text).toContain("You receive this e-mail because you booked this registration for Acme.");
  });

  it("counts the registrations left out", async () => {
    const { text } = await render({ language: "en", totalCount: 5 });
    expect(text).toContain("…and 1 more registration.");
  });
});

describe("the registration decision e-mail's branding", () => {
  it("uses the tenant's colour and logo when given, and the tenant's name otherwise", async () => {
    const branded = await render({
      comment: "Prima.",
      branding: { senderName: "Studio Noord", accentColor: "#c2410c", logoUrl: "https://cdn.example/noord.png" },
    });
    expect(branded.html).toContain("border-top:4px solid #c2410c");
    expect(branded.html).toContain("border-left:4px solid #c2410c");
    expect(branded.html).toContain('src="https://cdn.example/noord.png"');
    const plain = await render({});
    expect(plain.text.startsWith("Studio Noord")).toBe(true);
  });
});
