import { Link } from "@remix-run/react";
import type { LinkLikeComponentProps } from "@shopify/polaris/build/ts/src/utilities/link";

/** Lets Polaris buttons and links navigate client-side through Remix. */
export function PolarisLink({ url, external, children, ...rest }: LinkLikeComponentProps) {
  // A download (CSV, PDF) is a plain request for a file, not a page for the router.
  if ("download" in rest && rest.download) {
    return (
      <a href={url} {...rest}>
        {children}
      </a>
    );
  }
  if (external || /^https?:\/\//.test(url)) {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer" {...rest}>
        {children}
      </a>
    );
  }
  return (
    <Link to={url} {...rest}>
      {children}
    </Link>
  );
}
