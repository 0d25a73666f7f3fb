/**
 * A count in front of the tab's title ("(2) UC Connector", issue 20), kept whatever else sets the
 * title: Next.js putting its metadata title back, or useDocumentTitle (lib/i18n), which keeps a
 * count it finds (TITLE_BADGE) in front of the title it sets.
 */
import { useEffect } from "react";

export const TITLE_BADGE = /^\(\d+\) /;

function withBadge(title: string, count: number): string {
  const bare = title.replace(TITLE_BADGE, "");
  return count > 0 ? `(${count}) ${bare}` : bare;
}

export function useTitleBadge(count: number): void {
  useEffect(() => {
    const apply = () => {
      const wanted = withBadge(document.title, count);
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    if (count === 0) return;
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [count]);
}
