import { json, type ActionFunctionArgs } from "@remix-run/node";
import { MAX_UPLOAD_BYTES } from "~/.server/documents/limits";
import { FILE_WORKSPACE_HEADER, readBodyWithin, receiveHostFile } from "~/.server/host/document-files";

const TOO_LARGE = { error: `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` };

/** A document's file from the host platform: PUT, signed (docs/host-integration.md, "Files"). */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "PUT") return json({ error: "use PUT" }, { status: 405, headers: { Allow: "PUT" } });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES) return json(TOO_LARGE, { status: 413 });
  const body = await readBodyWithin(request, MAX_UPLOAD_BYTES);
  if (!body) return json(TOO_LARGE, { status: 413 });
  const answer = await receiveHostFile({
    hostDocumentId: params.documentId ?? "",
    workspaceId: request.headers.get(FILE_WORKSPACE_HEADER),
    body,
    headers: request.headers,
  });
  return json(answer.body, { status: answer.status, headers: { "Cache-Control": "no-store" } });
}

export const loader = () => json({ error: "use PUT" }, { status: 405, headers: { Allow: "PUT" } });
