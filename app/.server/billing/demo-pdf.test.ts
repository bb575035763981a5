import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { asService } from "../db";
import { chooseFileStorage } from "../documents/choose-storage";
import { sha256Hex } from "../documents/storage";
import { DEMO_TENANT_WORKSPACE } from "../seed/demo";
import { demoPdfFileName, renderDemoPdf } from "./demo-pdf";

describe("the demo's PDFs of invoices, quotes and orders", () => {
  it("are real one-page PDFs, whatever the names hold", async () => {
    const bytes = await renderDemoPdf({
      kind: "invoice", tenantName: "Studio Noord", number: "2026-0003", date: "2026-10-01", until: "2026-10-31",
      customerName: "Łódź Dvořák → 株式会社", subject: "Onderhoud oktober", currency: "EUR", totalExclVat: 1000, totalInclVat: 1210,
    });
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe("Factuur 2026-0003 – Łódź Dvořák → 株式会社");
    expect(bytes.byteLength).toBeLessThan(60_000);
    expect(demoPdfFileName("invoice", "2026-0003")).toBe("Factuur 2026-0003.pdf");
    expect(demoPdfFileName("quote", "OFF/7")).toBe("Offerte OFF-7.pdf");
  });

  it("come with the seed: one stored PDF per sent invoice and quote of Studio Noord, none for drafts", async () => {
    const rows = await asService("test: the seeded pdfs", (tx) => tx<{
      kind: string; number: string; status: string; hostId: string | null; fileName: string | null; storageKey: string | null;
      sha256: string | null; sizeBytes: string | null; pdfs: number;
    }[]>`
      with parents as (
        select 'invoice' as kind, i.id, i.number, i.status, i.tenant_id from public.invoices i
        union all select 'quote', q.id, q.number, q.status, q.tenant_id from public.quotes q
      )
      select p.kind, p.number, p.status, d.host_id as "hostId", d.file_name as "fileName", d.storage_key as "storageKey",
        d.sha256, d.size_bytes::text as "sizeBytes",
        (select count(*)::int from public.documents x where x.is_document_pdf and (x.invoice_id = p.id or x.quote_id = p.id)) as pdfs
      from parents p
      join public.tenants t on t.id = p.tenant_id and t.host_workspace_id = ${DEMO_TENANT_WORKSPACE}
      left join public.documents d on d.is_document_pdf and (d.invoice_id = p.id or d.quote_id = p.id)
      where p.number not like 'T%'`);
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows.filter((candidate) => candidate.status === "draft")) expect(row.pdfs, row.number).toBe(0);
    const sent = rows.filter((row) => row.status !== "draft");
    expect(sent.length).toBeGreaterThan(20);
    const storage = chooseFileStorage();
    for (const row of sent) {
      expect(row.pdfs, row.number).toBe(1);
      expect(row.hostId).toBe(`seed-pdf-${row.number}`);
      expect(row.fileName).toBe(`${row.kind === "invoice" ? "Factuur" : "Offerte"} ${row.number}.pdf`);
    }
    // The stored bytes are the ones the rows describe (a few, to keep it quick).
    for (const row of sent.slice(0, 3)) {
      const stored = (await storage.get(row.storageKey!))!;
      expect(stored.contentType).toBe("application/pdf");
      expect(sha256Hex(stored.body)).toBe(row.sha256);
      expect(String(stored.body.byteLength)).toBe(row.sizeBytes);
    }
  });
});
