import { Toast } from "@shopify/polaris";
import { useEffect, useState } from "react";

/**
 * Confirms what an action did with a Polaris toast (inside the admin Frame).
 * Pass the action's confirmation text; a new action answer shows it again.
 */
export function ActionToast(props: { message: string | null | undefined; error?: boolean; answer?: unknown }) {
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (props.message) setShown(props.message);
  }, [props.message, props.answer]);
  if (!shown) return null;
  return <Toast content={shown} error={props.error} onDismiss={() => setShown(null)} />;
}
