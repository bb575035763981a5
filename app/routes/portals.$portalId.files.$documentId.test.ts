/**
 * Who gets a document's file (F-20), with which headers, and that every
 * download and preview is in the audit log (F-31) — through the routes, with
 * real sessions, cookies and files, on the seeded demo. Everything added here
 * is removed again afterwards.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCookieOf, signedInContact } from "../../tests/support/claims";
import { sessionCookieHeader } from "~/.server/auth/cookies";
import { asService } from "~/.server/db";
import { chooseFileStorage } from "~/.server/documents/choose-storage";
import { loadDocumentsTab } from "~/.server/documents/list";
import { newStorageKey, sha256Hex } from "~/.server/documents/storage";
import { previewCookieHeader } from "~/.server/portals/viewer";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "~/.server/seed/demo";
import { loader as adminFileLoader } from "./admin.documents.$documentId.file";
import { loader as portalFileLoader } from "./portals.$portalId.files.$documentId";

const USER_AGENT = "vitest-document-files";
const BASE = "http://localhost:3000";

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const HTML = new TextEncoder().encode("<html><script>alert(document.cookie)</script></html>");
const DOCX = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0]);

let filesDir: string;
const filesDirBefore = process.env.FILES_DIR;
let tenantId: string;
let portalId: string;
let globexPortalId: string;
let huisstijlPortalId: string;
let bureauZuidPortalId: string;
let customerId: string;
let brandProjectId: string;
let openInvoiceId: string;
let members: { anna: string; bram: string; annaOtherPortals: string[] };
let showDocumentsBefore: boolean;
const created: string[] = [];
const cookies: Record<string, string> = {};

type Spec = {
  title: string; fileName: string; contentType: string; body: Uint8Array | null;
  projectId?: string; channelPortal?: boolean; channelEmail?: boolean; restrictedTo?: string[]; deleted?: boolean;
  invoiceId?: string; isDocumentPdf?: boolean;
};

/** A stored file of Acme, as an upload or the host would leave it. `body: null`: its bytes are missing from storage. */
async function addDocument(spec: Spec): Promise<string> {
  const id = randomUUID();
  const key = newStorageKey(tenantId);
  if (spec.body) await chooseFileStorage().put(key, spec.body, spec.contentType);
  await asService("test: add a document", async (tx) => {
    await tx`select set_config('portaal.notifications', 'off', true)`;
    await tx`
      insert into public.documents ${tx({
        id, tenant_id: tenantId, customer_id: customerId, project_id: spec.projectId ?? null, host_id: `test-${id}`,
        title: spec.title, file_name: spec.fileName, content_type: spec.contentType, size_bytes: spec.body?.byteLength ?? 10,
        storage_key: key, sha256: sha256Hex(spec.body ?? new Uint8Array(1)), channel_portal: spec.channelPortal ?? true,
        channel_email: spec.channelEmail ?? false, restricted_to_members: Boolean(spec.restrictedTo),
        deleted_at: spec.deleted ? new Date() : null, invoice_id: spec.invoiceId ?? null, is_document_pdf: spec.isDocumentPdf ?? false,
      })}`;
    for (const memberId of spec.restrictedTo ?? []) {
      await tx`insert into public.document_members (document_id, member_id, tenant_id) values (${id}, ${memberId}, ${tenantId})`;
    }
  });
  created.push(id);
  return id;
}

async function contactCookie(email: string): Promise<string> {
  const { token } = await signedInContact(email, USER_AGENT);
  const header = await sessionCookieHeader(new Request(BASE), token, new Date(Date.now() + 3600_000));
  return header.split(";")[0]!;
}

async function responseOf(run: () => Promise<unknown>): Promise<Response> {
  try {
    return (await run()) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** GET /portals/:portalId/files/:documentId as whoever the cookie says. */
function portalFile(cookie: string, documentId: string, options: { portal?: string; download?: boolean } = {}) {
  const portal = options.portal ?? portalId;
  const url = `${BASE}/portals/${portal}/files/${documentId}${options.download ? "?download=1" : ""}`;
  return responseOf(() => portalFileLoader({
    request: new Request(url, { headers: { Cookie: cookie, "user-agent": USER_AGENT } }),
    params: { portalId: portal, documentId }, context: {},
  }));
}

function adminFile(cookie: string, documentId: string, download = false) {
  const url = `${BASE}/admin/documents/${documentId}/file${download ? "?download=1" : ""}`;
  return responseOf(() => adminFileLoader({ request: new Request(url, { headers: { Cookie: cookie } }), params: { documentId }, context: {} }));
}

async function auditCount(documentId: string, action: string): Promise<number> {
  const [row] = await asService("test: count audit entries", (tx) => tx<{ count: number }[]>`
    select count(*)::int as count from public.audit_log where subject_type = 'document' and subject_id = ${documentId} and action = ${action}`);
  return row!.count;
}

async function expectNotFound(response: Response) {
  expect(response.status).toBe(404);
  expect(await response.text()).toBe("Not found");
}

const docs: Record<string, string> = {};

beforeAll(async () => {
  filesDir = mkdtempSync(join(tmpdir(), "portaal-document-files-"));
  process.env.FILES_DIR = filesDir;
  const found = await asService("test: the demo's ids", async (tx) => {
    const [portal] = await tx<{ id: string; tenantId: string; customerId: string; showDocuments: boolean }[]>`
      select id, tenant_id as "tenantId", customer_id as "customerId", show_documents as "showDocuments"
      from public.portals where name = 'Acme – Website en app'`;
    const portals = await tx<{ id: string; name: string }[]>`
      select id, name from public.portals where name in ('Globex', 'Acme – Huisstijl', 'Acme Nederland')`;
    const memberships = await tx<{ id: string; email: string; portalId: string }[]>`
      select m.id, l.email, m.portal_id as "portalId" from public.portal_members m join public.logins l on l.id = m.login_id
      where l.email in (${DEMO_ADDRESSES.anna}, ${DEMO_ADDRESSES.bram})`;
    const [brand] = await tx<{ id: string }[]>`select id from public.projects where host_id = 'proj-acme-brand'`;
    const [invoice] = await tx<{ id: string }[]>`
      select id from public.invoices where customer_id = ${portal!.customerId} and status = 'open' order by number limit 1`;
    return { portal: portal!, portals, memberships, brand: brand!, invoice: invoice! };
  });
  tenantId = found.portal.tenantId;
  portalId = found.portal.id;
  customerId = found.portal.customerId;
  showDocumentsBefore = found.portal.showDocuments;
  globexPortalId = found.portals.find((portal) => portal.name === "Globex")!.id;
  huisstijlPortalId = found.portals.find((portal) => portal.name === "Acme – Huisstijl")!.id;
  bureauZuidPortalId = found.portals.find((portal) => portal.name === "Acme Nederland")!.id;
  brandProjectId = found.brand.id;
  openInvoiceId = found.invoice.id;
  const membership = (email: string) => found.memberships.find((m) => m.email === email && m.portalId === portalId)!.id;
  members = {
    anna: membership(DEMO_ADDRESSES.anna),
    bram: membership(DEMO_ADDRESSES.bram),
    annaOtherPortals: found.memberships.filter((m) => m.email === DEMO_ADDRESSES.anna && m.portalId !== portalId).map((m) => m.id),
  };
  await asService("test: the portal shows documents", (tx) => tx`update public.portals set show_documents = true where id = ${portalId}`);

  docs.shared = await addDocument({ title: "Offerte – één", fileName: "Offerte – één.pdf", contentType: "application/pdf", body: PDF });
  docs.restricted = await addDocument({
    title: "Contract", fileName: "contract.pdf", contentType: "application/pdf", body: PDF, restrictedTo: [members.anna],
  });
  docs.internal = await addDocument({ title: "Intern", fileName: "intern.pdf", contentType: "application/pdf", body: PDF, channelPortal: false });
  docs.emailOnly = await addDocument({
    title: "Bijlage", fileName: "bijlage.pdf", contentType: "application/pdf", body: PDF, channelPortal: false, channelEmail: true,
  });
  docs.deleted = await addDocument({ title: "Weg", fileName: "weg.pdf", contentType: "application/pdf", body: PDF, deleted: true });
  docs.image = await addDocument({ title: "Logo", fileName: "logo.png", contentType: "image/png", body: PNG });
  docs.html = await addDocument({ title: "Pagina", fileName: "pagina.html", contentType: "text/html", body: HTML });
  docs.docx = await addDocument({
    title: "Notulen", fileName: "notulen.docx",
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body: DOCX,
  });
  docs.otherProject = await addDocument({
    title: "Huisstijlgids", fileName: "huisstijl.pdf", contentType: "application/pdf", body: PDF, projectId: brandProjectId,
  });
  docs.missingBytes = await addDocument({ title: "Kwijt", fileName: "kwijt.pdf", contentType: "application/pdf", body: null });
  docs.invoicePdf = await addDocument({
    title: "Factuur", fileName: "Factuur.pdf", contentType: "application/pdf", body: PDF, invoiceId: openInvoiceId, isDocumentPdf: true,
  });

  cookies.anna = await contactCookie(DEMO_ADDRESSES.anna);
  cookies.bram = await contactCookie(DEMO_ADDRESSES.bram);
  cookies.carla = await contactCookie(DEMO_ADDRESSES.carla);
  cookies.admin = await adminCookieOf(DEMO_TENANT_WORKSPACE);
  cookies.otherAdmin = await adminCookieOf(SECOND_TENANT_WORKSPACE);
});

afterAll(async () => {
  await asService("test: remove what the document tests added", async (tx) => {
    await tx`update public.portals set show_documents = ${showDocumentsBefore} where id = ${portalId}`;
    await tx`delete from public.email_outbox where subject_id = any(${created}::uuid[])`;
    await tx`delete from public.documents where id = any(${created}::uuid[])`;
    await tx`select set_config('portaal.audit_purge', 'on', true)`;
    await tx`delete from public.audit_log where subject_type = 'document' and subject_id = any(${created}::text[])`;
    await tx`delete from public.audit_log where user_agent = ${USER_AGENT}`;
    await tx`delete from public.sessions where user_agent = ${USER_AGENT}`;
  });
  if (filesDirBefore === undefined) delete process.env.FILES_DIR;
  else process.env.FILES_DIR = filesDirBefore;
  rmSync(filesDir, { recursive: true, force: true });
});

describe("a document's file in a portal", () => {
  it("is there for a member of the portal, with its real name, type and the safety headers", async () => {
    const response = await portalFile(cookies.bram!, docs.shared!, { download: true });
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PDF);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="Offerte _ een.pdf"; filename*=UTF-8''Offerte%20%E2%80%93%20%C3%A9%C3%A9n.pdf`,
    );
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("Content-Length")).toBe(String(PDF.byteLength));
  });

  it("opens PDFs and images inline, images sandboxed; HTML and office files always download", async () => {
    const pdf = await portalFile(cookies.bram!, docs.shared!);
    expect(pdf.headers.get("Content-Disposition")).toMatch(/^inline; filename="Offerte _ een.pdf"; filename\*=UTF-8''/);

    const image = await portalFile(cookies.bram!, docs.image!);
    expect(image.status).toBe(200);
    expect(image.headers.get("Content-Type")).toBe("image/png");
    expect(image.headers.get("Content-Disposition")).toMatch(/^inline; /);
    expect(image.headers.get("Content-Security-Policy")).toBe("sandbox");

    const html = await portalFile(cookies.bram!, docs.html!);
    expect(html.status).toBe(200);
    expect(html.headers.get("Content-Disposition")).toMatch(/^attachment; filename="pagina.html"/);
    expect(html.headers.get("Content-Security-Policy")).toBe("sandbox");
    expect(html.headers.get("X-Content-Type-Options")).toBe("nosniff");

    const docx = await portalFile(cookies.bram!, docs.docx!);
    expect(docx.headers.get("Content-Disposition")).toMatch(/^attachment; filename="notulen.docx"/);
  });

  it("records every download and every preview, not only the first", async () => {
    const id = await addDocument({ title: "Teller", fileName: "teller.pdf", contentType: "application/pdf", body: PDF });
    expect((await portalFile(cookies.bram!, id, { download: true })).status).toBe(200);
    expect((await portalFile(cookies.bram!, id, { download: true })).status).toBe(200);
    expect((await portalFile(cookies.bram!, id)).status).toBe(200);
    expect(await auditCount(id, "document.downloaded")).toBe(2);
    expect(await auditCount(id, "document.previewed")).toBe(1);
    const [entry] = await asService("test: the entry", (tx) => tx<{ actorKind: string; portalId: string; memberId: string; tenantId: string }[]>`
      select actor_kind as "actorKind", portal_id as "portalId", member_id as "memberId", tenant_id as "tenantId"
      from public.audit_log where subject_id = ${id} and action = 'document.previewed'`);
    expect(entry).toEqual({ actorKind: "contact", portalId, memberId: members.bram, tenantId });
  });

  it("is not found for a contact of another customer, in any portal", async () => {
    await expectNotFound(await portalFile(cookies.carla!, docs.shared!));
    await expectNotFound(await portalFile(cookies.carla!, docs.shared!, { portal: globexPortalId }));
  });

  it("is not found for Anna through her Bureau Zuid membership, nor once that is the only one she has", async () => {
    await expectNotFound(await portalFile(cookies.anna!, docs.shared!, { portal: bureauZuidPortalId }));
    // Another portal of the same customer that does not show documents.
    await expectNotFound(await portalFile(cookies.anna!, docs.shared!, { portal: huisstijlPortalId }));
    const studioNoord = [members.anna, ...members.annaOtherPortals.filter((id) => id !== members.anna)];
    await asService("test: Anna keeps only Bureau Zuid", (tx) => tx`
      update public.portal_members set removed_at = now()
      where id = any(${studioNoord}::uuid[]) and tenant_id = ${tenantId}`);
    try {
      await expectNotFound(await portalFile(cookies.anna!, docs.shared!));
      await expectNotFound(await portalFile(cookies.anna!, docs.shared!, { portal: bureauZuidPortalId }));
    } finally {
      await asService("test: Anna back in Studio Noord", (tx) => tx`
        update public.portal_members set removed_at = null where id = any(${studioNoord}::uuid[]) and tenant_id = ${tenantId}`);
    }
    expect((await portalFile(cookies.anna!, docs.shared!)).status).toBe(200);
  });

  it("is not found for another tenant's admin, as admin or with a preview cookie of their own", async () => {
    await expectNotFound(await adminFile(cookies.otherAdmin!, docs.shared!));
    const other = await asService("test: the other admin", (tx) => tx<{ id: string }[]>`
      select a.id from public.tenant_admins a join public.tenants t on t.id = a.tenant_id where t.host_workspace_id = ${SECOND_TENANT_WORKSPACE}`);
    const preview = await previewCookieHeader(new Request(BASE), { portalId, memberId: members.bram, memberName: "Bram", adminId: other[0]!.id });
    await expectNotFound(await portalFile(`${cookies.otherAdmin}; ${preview.split(";")[0]}`, docs.shared!));
  });

  it("of a file restricted to other members is not found for Bram, and there for the member it is shared with", async () => {
    await expectNotFound(await portalFile(cookies.bram!, docs.restricted!));
    expect((await portalFile(cookies.anna!, docs.restricted!)).status).toBe(200);
  });

  it("is not found for a member removed from the portal", async () => {
    await asService("test: remove Bram", (tx) => tx`update public.portal_members set removed_at = now() where id = ${members.bram}`);
    try {
      await expectNotFound(await portalFile(cookies.bram!, docs.shared!));
    } finally {
      await asService("test: Bram back", (tx) => tx`update public.portal_members set removed_at = null where id = ${members.bram}`);
    }
  });

  it("is not found for a guessed, a tampered or a malformed id, the same way", async () => {
    await expectNotFound(await portalFile(cookies.bram!, randomUUID()));
    const id = docs.shared!;
    const tampered = `${id.slice(0, -1)}${id.endsWith("0") ? "1" : "0"}`;
    await expectNotFound(await portalFile(cookies.bram!, tampered));
    await expectNotFound(await portalFile(cookies.bram!, "not-a-uuid"));
    await expectNotFound(await portalFile(cookies.bram!, `${id}'--`));
    await expectNotFound(await portalFile(cookies.bram!, id, { portal: "../admin" }));
  });

  it("of an internal or e-mail-only file is not found in the portal, but there for the admin", async () => {
    await expectNotFound(await portalFile(cookies.bram!, docs.internal!));
    await expectNotFound(await portalFile(cookies.bram!, docs.emailOnly!));
    const response = await adminFile(cookies.admin!, docs.internal!, true);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="intern.pdf"/);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(await auditCount(docs.internal!, "document.downloaded")).toBe(1);
    expect((await adminFile(cookies.admin!, docs.image!)).headers.get("Content-Security-Policy")).toBe("sandbox");
    expect(await auditCount(docs.image!, "document.previewed")).toBeGreaterThanOrEqual(1);
  });

  it("of a deleted file, a file of a project the portal does not show, or one whose bytes are gone, is not found", async () => {
    await expectNotFound(await portalFile(cookies.bram!, docs.deleted!));
    await expectNotFound(await adminFile(cookies.admin!, docs.deleted!));
    await expectNotFound(await portalFile(cookies.bram!, docs.otherProject!));
    await expectNotFound(await portalFile(cookies.bram!, docs.missingBytes!));
    expect(await auditCount(docs.missingBytes!, "document.previewed")).toBe(0);
  });

  it("of an invoice's own PDF is there for who sees the invoice in this portal", async () => {
    expect((await portalFile(cookies.bram!, docs.invoicePdf!, { download: true })).status).toBe(200);
    await expectNotFound(await portalFile(cookies.carla!, docs.invoicePdf!, { portal: globexPortalId }));
  });

  it("in an admin's preview is what the previewed member would get, recorded as the admin's", async () => {
    const preview = async (memberId: string) => {
      const admin = await asService("test: the admin", (tx) => tx<{ id: string }[]>`
        select a.id from public.tenant_admins a where a.tenant_id = ${tenantId} order by a.created_at limit 1`);
      const header = await previewCookieHeader(new Request(BASE), { portalId, memberId, memberName: "x", adminId: admin[0]!.id });
      return `${cookies.admin}; ${header.split(";")[0]}`;
    };
    const asBram = await preview(members.bram);
    const response = await portalFile(asBram, docs.shared!, { download: true });
    expect(response.status).toBe(200);
    await expectNotFound(await portalFile(asBram, docs.restricted!));
    await expectNotFound(await portalFile(asBram, docs.internal!));
    expect((await portalFile(await preview(members.anna), docs.restricted!)).status).toBe(200);
    const [entry] = await asService("test: the preview's entry", (tx) => tx<{ actorKind: string; memberId: string; adminId: string | null }[]>`
      select actor_kind as "actorKind", member_id as "memberId", admin_id as "adminId" from public.audit_log
      where subject_id = ${docs.shared!} and action = 'document.downloaded' and actor_kind = 'admin'`);
    expect(entry).toMatchObject({ actorKind: "admin", memberId: members.bram });
    expect(entry!.adminId).not.toBeNull();
  });
});

describe("the documents tab", () => {
  const tab = (cookie: string, query = "", portal = portalId) =>
    responseOf(() => loadDocumentsTab(
      new Request(`${BASE}/portals/${portal}/documents${query}`, { headers: { Cookie: cookie } }), { portalId: portal },
    ));

  it("lists what is shared with the member here — not restricted files of others, nor invoice PDFs — with search", async () => {
    const bram = (await tab(cookies.bram!)) as unknown as Awaited<ReturnType<typeof loadDocumentsTab>>;
    const titles = bram.rows.map((row) => row.title);
    expect(titles).toEqual(expect.arrayContaining(["Offerte – één", "Logo", "Pagina", "Notulen"]));
    for (const hidden of ["Contract", "Intern", "Bijlage", "Weg", "Huisstijlgids", "Factuur"]) expect(titles).not.toContain(hidden);
    const logo = bram.rows.find((row) => row.title === "Logo")!;
    expect(logo).toMatchObject({ fileName: "logo.png", previewable: true, sizeBytes: PNG.byteLength, attachedTo: [] });
    expect(bram.rows.find((row) => row.title === "Notulen")!.previewable).toBe(false);

    const anna = (await tab(cookies.anna!)) as unknown as Awaited<ReturnType<typeof loadDocumentsTab>>;
    expect(anna.rows.map((row) => row.title)).toContain("Contract");

    const searched = (await tab(cookies.bram!, "?q=notul")) as unknown as Awaited<ReturnType<typeof loadDocumentsTab>>;
    expect(searched.rows.map((row) => row.title)).toEqual(["Notulen"]);
  });

  it("is not found where the portal does not show documents, or for someone else", async () => {
    expect((await tab(cookies.anna!, "", huisstijlPortalId)).status).toBe(404);
    expect((await tab(cookies.carla!)).status).toBe(404);
  });
});
