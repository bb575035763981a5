import { z } from "zod";

/** A 404 that says nothing about whether the thing exists for someone else. */
export function notFound(): Response {
  return new Response("Not found", { status: 404 });
}

/** Route ids are uuids; anything else is simply not found. */
export function uuidParam(value: string | undefined): string {
  const parsed = z.string().uuid().safeParse(value);
  if (!parsed.success) throw notFound();
  return parsed.data;
}
