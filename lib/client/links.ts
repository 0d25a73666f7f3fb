/** Finding web addresses in chat text, for components/ui/linked-text.tsx. Pure. */

const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that ends a sentence rather than a URL. */
const TRAILING = /[.,;:!?)\]}]+$/;

export type TextPart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

/** Splits text into plain parts and http(s) links (pure; tested as a table). */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const raw = match[0].replace(TRAILING, "");
    const start = match.index ?? 0;
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) continue;
    if (start > last) parts.push({ kind: "text", text: text.slice(last, start) });
    parts.push({ kind: "link", text: raw, href: url.href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ kind: "text", text: text.slice(last) });
  return parts;
}
