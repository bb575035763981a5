import { useEffect, useState } from "react";

/**
 * True on phone-sized screens (below Polaris' md breakpoint), known only
 * after hydration: the server and the first browser render agree on false.
 */
export function useNarrowScreen(): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const query = window.matchMedia("(max-width: 47.9975em)");
    const update = () => setNarrow(query.matches);
    update();
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);
  return narrow;
}
