import { useSyncExternalStore } from "react";

const never = () => () => undefined;

/**
 * False in the server's HTML and while React hydrates it, true once the page's handlers are
 * attached. The first paint shows the worker's offers and controls before the script has run; a
 * control pressed then would do nothing, so the client keeps its controls disabled until this is
 * true (components/kw-client.tsx).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
