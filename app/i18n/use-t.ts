import { useIntl } from "react-intl";
import type { MessageId } from "./en";

type Values = Record<string, string | number | Date>;

/** Typed message lookup: a missing key is a compile error, not a blank label. */
export function useT(): (id: MessageId, values?: Values) => string {
  const intl = useIntl();
  return (id, values) => intl.formatMessage({ id }, values);
}
