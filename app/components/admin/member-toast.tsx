import type { MessageId } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { ActionToast } from "./action-toast";

export type MemberToastText = { id: MessageId; values?: Record<string, string | number> };
export type NewContactField = "firstName" | "lastName" | "email" | "jobTitle";

/** What the members page's action answers: a confirmation, a refusal, or errors per field of a new contact. */
export type MemberAnswer =
  | { ok: true; toast: MemberToastText }
  | { ok: false; toast: MemberToastText }
  | { ok: false; fieldErrors: Partial<Record<NewContactField, MessageId>> };

/** Confirms (or refuses) what an action on members did, as a toast; field errors stay in their form. */
export function MemberToast({ answer }: { answer: MemberAnswer | null }) {
  const t = useT();
  const toast = answer && "toast" in answer ? answer.toast : null;
  return <ActionToast message={toast ? t(toast.id, toast.values) : null} error={answer?.ok === false} answer={answer} />;
}
