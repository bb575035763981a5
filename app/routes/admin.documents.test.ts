/**
 * The admin's documents page (F-20): uploads within the limits with field
 * errors, nothing left behind when refused or when storing fails, another
 * tenant refused, changes and deletion audited. Everything added is removed.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCookieOf } from "../../tests/support/claims";
import { asService } from "~/.server/db";
import { MAX_UPLOAD_BYTES } from "~/.server/documents/limits";
import { DEMO_ADDRESSES, DEMO_TENANT_WORKSPACE, SECOND_TENANT_WORKSPACE } from "~/.server/seed/demo";
import { action, loader, type DocumentAnswer } from "./admin.documents";
import { loader as adminFileLoader } from "./admin.documents.$documentId.file";

const URL_ = "http://localhost:3000/admin/documents";
const TAG = "Testupload";
const PDF = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n%%EOF\n");

let filesDir: string;
const filesDirBefore = process.env.FILES_DIR;
let acmeId: string;
let websiteProjectId: string;
let globexProjectId: string;
let annaMemberId: string;
let carlaMemberId: string;
const cookies: Record<string, string> = {};

async function post(body: FormData | URLSearchParams, workspace = DEMO_TENANT_WORKSPACE): Promise<{ status: number; answer: DocumentAnswer }> {
  const cookie = workspace === DEMO_TENANT_WORKSPACE ? cookies.admin! : cookies.other!;
  const response = (await action({ request: new Request(URL_, { method: "POST", body, headers: { Cookie: cookie } }), params: {}, context: {} })) as Response;
  return { status: response.status, answer: (await response.json()) as DocumentAnswer };
}

function uploadForm(fields: Record<string, string | string[]>, file?: { name: string; bytes: Uint8Array; type?: string }): FormData {
  const form = new FormData();
  form.set("intent", "upload");
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  if (file) form.set("file", new File([Buffer.from(file.bytes)], file.name, { type: file.type ?? "application/octet-stream" }));
  return form;
}

async function documentsOfTest() {
  return asService("test: the uploads", (tx) => tx<{
    id: string; title: string; fileName: string; contentType: string; sizeBytes: string; storageKey: string | null; sha256: string | null;
    hostId: string; channelPortal: boolean; channelEmail: boolean; restricted: boolean; deletedAt: Date | null; members: string[];
  }[]>`
    select d.id, d.title, d.file_name as "fileName", d.content_type as "contentType", d.size_bytes::text as "sizeBytes",
      d.storage_key as "storageKey", d.sha256, d.host_id as "hostId", d.channel_portal as "channelPortal",
      d.channel_email as "channelEmail", d.restricted_to_members as restricted, d.deleted_at as "deletedAt",
      coalesce((select array_agg(dm.member_id::text) from public.document_members dm where dm.document_id = d.id), '{}') as members
    from public.documents d where d.title like ${`${TAG}%`} order by d.created_at`);
}

function storedFiles(): string[] {
  const files: string[] = [];
  for (const tenant of readdirSync(filesDir)) {
    for (const name of readdirSync(join(filesDir, tenant))) files.push(`${tenant}/${name}`);
  }
  return files;
}

beforeAll(async () => {
  filesDir = mkdtempSync(join(tmpdir(), "portaal-admin-documents-"));
  process.env.FILES_DIR = filesDir;
  const ids = await asService("test: the demo's ids", async (tx) => {
    const [acme] = await tx<{ id: string }[]>`select id from public.customers where host_id = 'cust-acme'`;
    const [website] = await tx<{ id: string }[]>`select id from public.projects where host_id = 'proj-acme-web'`;
    const [erp] = await tx<{ id: string }[]>`select id from public.projects where host_id = 'proj-globex-erp'`;
    const memberships = await tx<{ id: string; email: string }[]>`
      select m.id, l.email from public.portal_members m join public.logins l on l.id = m.login_id
      join public.portals p on p.id = m.portal_id
      where p.name in ('Acme – Website en app', 'Globex') and l.email in (${DEMO_ADDRESSES.anna}, ${DEMO_ADDRESSES.carla})`;
    return { acme: acme!, website: website!, erp: erp!, memberships };
  });
  acmeId = ids.acme.id;
  websiteProjectId = ids.website.id;
  globexProjectId = ids.erp.id;
  annaMemberId = ids.memberships.find((m) => m.email === DEMO_ADDRESSES.anna)!.id;
  carlaMemberId = ids.memberships.find((m) => m.email === DEMO_ADDRESSES.carla)!.id;
  cookies.admin = await adminCookieOf(DEMO_TENANT_WORKSPACE, URL_);
  cookies.other = await adminCookieOf(SECOND_TENANT_WORKSPACE, URL_);
});

afterAll(async () => {
  await asService("test: remove the uploads", async (tx) => {
    const ids = (await tx<{ id: string }[]>`select id from public.documents where title like ${`${TAG}%`}`).map((row) => row.id);
    await tx`delete from public.email_outbox where subject_id = any(${ids}::uuid[])`;
    await tx`delete from public.documents where id = any(${ids}::uuid[])`;
    await tx`select set_config('portaal.audit_purge', 'on', true)`;
    await tx`delete from public.audit_log where subject_type = 'document' and subject_id = any(${ids}::text[])`;
  });
  if (filesDirBefore === undefined) delete process.env.FILES_DIR;
  else process.env.FILES_DIR = filesDirBefore;
  rmSync(filesDir, { recursive: true, force: true });
});

describe("uploading a document", () => {
  it("stores the file under a random key with its fingerprint, shares it as asked, and audits it", async () => {
    const { status, answer } = await post(uploadForm({
      customerId: acmeId, projectId: websiteProjectId, title: `${TAG} offerte`, channelPortal: "on", channelEmail: "on",
      restricted: "on", memberId: annaMemberId,
    }, { name: "Offerte – 2026.pdf", bytes: PDF, type: "text/html" }));
    expect(status).toBe(200);
    expect(answer).toEqual({ ok: true, intent: "upload", toast: { id: "admin.documents.toast.uploaded", values: { name: `${TAG} offerte` } } });
    const [document] = await documentsOfTest();
    expect(document).toMatchObject({
      fileName: "Offerte – 2026.pdf", contentType: "application/pdf", sizeBytes: String(PDF.byteLength),
      channelPortal: true, channelEmail: true, restricted: true, members: [annaMemberId],
    });
    expect(document!.hostId).toBe(`portaal:${document!.id}`);
    expect(document!.storageKey).toMatch(/^[0-9a-f-]{36}\/[0-9a-f]{64}$/);
    expect(document!.storageKey).not.toContain("Offerte");
    expect(storedFiles()).toContain(document!.storageKey);
    const [audit] = await asService("test: the upload's entry", (tx) => tx<{ actorKind: string; details: Record<string, unknown> }[]>`
      select actor_kind as "actorKind", details from public.audit_log where subject_id = ${document!.id} and action = 'document.uploaded'`);
    expect(audit).toMatchObject({ actorKind: "admin", details: { fileName: "Offerte – 2026.pdf", restricted: true } });

    const download = (await adminFileLoader({
      request: new Request(`${URL_}/${document!.id}/file?download=1`, { headers: { Cookie: cookies.admin! } }),
      params: { documentId: document!.id }, context: {},
    })) as Response;
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
  });

  it("names the file when there is no title, and lists the upload for the customer and the search", async () => {
    const { answer } = await post(uploadForm({ customerId: acmeId, title: "", channelPortal: "on" }, { name: `${TAG}-notulen.pdf`, bytes: PDF }));
    expect(answer).toMatchObject({ ok: true });
    const data = await ((await loader({
      request: new Request(`${URL_}?customer=${acmeId}&q=${encodeURIComponent(`${TAG}-notulen`)}`, { headers: { Cookie: cookies.admin! } }),
      params: {}, context: {},
    })) as Response).json();
    expect(data.rows.map((row: { title: string }) => row.title)).toEqual([`${TAG}-notulen.pdf`]);
    expect(data.rows[0]).toMatchObject({ customerId: acmeId, uploadedHere: true, stored: true, previewable: true, restricted: false });
    expect(data.members.map((member: { id: string }) => member.id)).toContain(annaMemberId);
  });

  it("refuses a file over the limit at the field, and stores nothing", async () => {
    const before = storedFiles().length;
    const count = (await documentsOfTest()).length;
    const { status, answer } = await post(uploadForm(
      { customerId: acmeId, title: `${TAG} te groot`, channelPortal: "on" },
      { name: "groot.pdf", bytes: new Uint8Array(MAX_UPLOAD_BYTES + 1) },
    ));
    expect(status).toBe(413);
    expect(answer).toEqual({ ok: false, intent: "upload", errors: { file: { id: "admin.documents.error.tooLarge", values: { max: 25 } } } });
    expect(storedFiles().length).toBe(before);
    expect((await documentsOfTest()).length).toBe(count);
  });

  it("refuses a type that is not allowed, or bytes that are not what the name says, with the allowed types", async () => {
    const before = storedFiles().length;
    for (const file of [
      { name: "pagina.html", bytes: new TextEncoder().encode("<html></html>") },
      { name: "factuur.pdf", bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]) },
      { name: "leeg.pdf", bytes: new Uint8Array(0) },
    ]) {
      const { status, answer } = await post(uploadForm({ customerId: acmeId, title: `${TAG} fout`, channelPortal: "on" }, file));
      expect(status).toBe(400);
      expect(answer.ok).toBe(false);
      const error = !answer.ok ? answer.errors?.file : undefined;
      if (file.name === "leeg.pdf") expect(error).toEqual({ id: "admin.documents.error.empty" });
      else expect(error).toEqual({ id: "admin.documents.error.type", values: { types: expect.stringContaining("PDF, PNG") } });
    }
    expect(storedFiles().length).toBe(before);
    expect((await documentsOfTest()).filter((document) => document.title === `${TAG} fout`)).toEqual([]);
  });

  it("answers every field's problem at once: no customer, no file, restricted to nobody", async () => {
    const { status, answer } = await post(uploadForm({ customerId: "", title: "", restricted: "on" }));
    expect(status).toBe(400);
    expect(answer).toEqual({
      ok: false, intent: "upload",
      errors: {
        customerId: { id: "admin.documents.error.customer" }, file: { id: "admin.documents.error.fileMissing" },
        memberIds: { id: "admin.documents.error.members" },
      },
    });
  });

  it("refuses another customer's project or members, and another tenant's admin uploading for our customer", async () => {
    const before = storedFiles().length;
    const project = await post(uploadForm({ customerId: acmeId, projectId: globexProjectId, title: `${TAG} x`, channelPortal: "on" }, { name: "x.pdf", bytes: PDF }));
    expect(project.answer).toEqual({ ok: false, intent: "upload", errors: { projectId: { id: "admin.documents.error.project" } } });
    const member = await post(uploadForm(
      { customerId: acmeId, title: `${TAG} x`, restricted: "on", memberId: carlaMemberId }, { name: "x.pdf", bytes: PDF },
    ));
    expect(member.answer).toEqual({ ok: false, intent: "upload", errors: { memberIds: { id: "admin.documents.error.memberGone" } } });
    const other = await post(uploadForm({ customerId: acmeId, title: `${TAG} ander`, channelPortal: "on" }, { name: "x.pdf", bytes: PDF }), SECOND_TENANT_WORKSPACE);
    expect(other.status).toBe(400);
    expect(other.answer).toEqual({ ok: false, intent: "upload", errors: { customerId: { id: "admin.documents.error.customer" } } });
    expect(storedFiles().length).toBe(before);
    expect((await documentsOfTest()).filter((document) => [`${TAG} x`, `${TAG} ander`].includes(document.title))).toEqual([]);
  });

  it("announces a file shared with everyone by e-mail, and one for chosen members or internal to nobody", async () => {
    const [portal] = await asService("test: the portal shows documents", (tx) => tx<{ id: string; before: boolean }[]>`
      update public.portals p set show_documents = true from (select id, show_documents from public.portals where name = 'Acme – Website en app') old
      where p.id = old.id returning p.id, old.show_documents as before`);
    try {
      const outbox = async (title: string) => {
        const [row] = await asService("test: queued e-mail", (tx) => tx<{ count: number }[]>`
          select count(*)::int as count from public.email_outbox e join public.documents d on d.id = e.subject_id
          where d.title = ${title} and e.template = 'document-shared'`);
        return row!.count;
      };
      const upload = (title: string, fields: Record<string, string>) =>
        post(uploadForm({ customerId: acmeId, title, ...fields }, { name: "x.pdf", bytes: PDF }));
      expect((await upload(`${TAG} voor iedereen`, { channelPortal: "on" })).status).toBe(200);
      expect((await upload(`${TAG} voor Anna`, { channelPortal: "on", restricted: "on", memberId: annaMemberId })).status).toBe(200);
      expect((await upload(`${TAG} intern`, {})).status).toBe(200);
      expect(await outbox(`${TAG} voor iedereen`)).toBeGreaterThan(0);
      expect(await outbox(`${TAG} voor Anna`)).toBe(0);
      expect(await outbox(`${TAG} intern`)).toBe(0);
    } finally {
      await asService("test: the portal as it was", (tx) => tx`update public.portals set show_documents = ${portal!.before} where id = ${portal!.id}`);
    }
  });

  it("leaves nothing behind when the file cannot be stored", async () => {
    const count = (await documentsOfTest()).length;
    const notADirectory = join(filesDir, "not-a-directory");
    writeFileSync(notADirectory, "");
    process.env.FILES_DIR = notADirectory;
    try {
      const { status, answer } = await post(uploadForm({ customerId: acmeId, title: `${TAG} kapot`, channelPortal: "on" }, { name: "x.pdf", bytes: PDF }));
      expect(status).toBe(400);
      expect(answer).toEqual({ ok: false, intent: "upload", errors: { form: { id: "admin.documents.error.storage" } } });
    } finally {
      process.env.FILES_DIR = filesDir;
      rmSync(notADirectory);
    }
    expect((await documentsOfTest()).length).toBe(count);
  });
});

describe("changing and deleting a document", () => {
  it("changes channels, restriction and members, audited; another tenant's admin finds nothing", async () => {
    const [document] = (await documentsOfTest()).filter((row) => row.title === `${TAG} offerte`);
    const form = new URLSearchParams([
      ["intent", "update"], ["documentId", document!.id], ["title", `${TAG} offerte v2`], ["channelPortal", "on"],
    ]);
    const { status, answer } = await post(form);
    expect(status).toBe(200);
    expect(answer).toEqual({ ok: true, intent: "update", toast: { id: "admin.documents.toast.updated", values: { name: `${TAG} offerte v2` } } });
    const [changed] = (await documentsOfTest()).filter((row) => row.id === document!.id);
    expect(changed).toMatchObject({ title: `${TAG} offerte v2`, channelPortal: true, channelEmail: false, restricted: false, members: [] });
    const [audit] = await asService("test: the change's entry", (tx) => tx<{ details: { changes: Record<string, unknown>; membersRemoved: string[] } }[]>`
      select details from public.audit_log where subject_id = ${document!.id} and action = 'document.updated'`);
    expect(audit!.details.changes).toMatchObject({ channel_email: { from: true, to: false }, restricted: { from: true, to: false } });
    expect(audit!.details.membersRemoved).toEqual([annaMemberId]);

    const other = await post(new URLSearchParams([["intent", "update"], ["documentId", document!.id], ["channelPortal", "on"]]), SECOND_TENANT_WORKSPACE);
    expect(other.status).toBe(404);
    const otherDelete = await post(new URLSearchParams([["intent", "delete"], ["documentId", document!.id]]), SECOND_TENANT_WORKSPACE);
    expect(otherDelete.status).toBe(404);
  });

  it("deletes softly, audited, after which it is gone from the list and the admin's download", async () => {
    const [document] = (await documentsOfTest()).filter((row) => row.title === `${TAG} offerte v2`);
    const { answer } = await post(new URLSearchParams([["intent", "delete"], ["documentId", document!.id]]));
    expect(answer).toEqual({ ok: true, intent: "delete", toast: { id: "admin.documents.toast.deleted", values: { name: `${TAG} offerte v2` } } });
    const [deleted] = (await documentsOfTest()).filter((row) => row.id === document!.id);
    expect(deleted!.deletedAt).not.toBeNull();
    expect(storedFiles()).toContain(deleted!.storageKey);
    await expect(adminFileLoader({
      request: new Request(`${URL_}/${document!.id}/file`, { headers: { Cookie: cookies.admin! } }), params: { documentId: document!.id }, context: {},
    })).rejects.toMatchObject({ status: 404 });
    const [audit] = await asService("test: the deletion's entry", (tx) => tx<{ count: number }[]>`
      select count(*)::int as count from public.audit_log where subject_id = ${document!.id} and action = 'document.deleted'`);
    expect(audit!.count).toBe(1);
  });

  it("answers a malformed request with a toast", async () => {
    for (const body of [[["intent", "explode"]], [["intent", "delete"], ["documentId", "nope"]]]) {
      const { status, answer } = await post(new URLSearchParams(body));
      expect(status).toBe(400);
      expect(answer).toEqual({ ok: false, intent: null, toast: { id: "admin.documents.toast.invalid" } });
    }
  });
});
