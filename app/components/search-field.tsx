import { Button, Icon, TextField } from "@shopify/polaris";
import { SearchIcon } from "@shopify/polaris-icons";

/**
 * The search box of a filtered list: a hidden label, a search icon, a clear
 * button that searches for nothing at once, and a submit button. The caller
 * keeps the typed text and decides what searching means (usually the URL).
 */
export function SearchField(props: {
  label: string;
  placeholder: string;
  submitLabel: string;
  value: string;
  onChange: (value: string) => void;
  /** Called with "" when the field is cleared. */
  onSearch: (query: string) => void;
  searching: boolean;
}) {
  return (
    <TextField
      label={props.label}
      labelHidden
      name="q"
      value={props.value}
      onChange={props.onChange}
      placeholder={props.placeholder}
      prefix={<Icon source={SearchIcon} tone="base" />}
      autoComplete="off"
      clearButton
      onClearButtonClick={() => {
        props.onChange("");
        props.onSearch("");
      }}
      connectedRight={<Button submit loading={props.searching}>{props.submitLabel}</Button>}
    />
  );
}
