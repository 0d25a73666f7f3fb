/** Web addresses in chat text (lib/client/links.ts): only http and https, never HTML. */
import { describe, expect, it } from "vitest";
import { splitLinks } from "../../lib/client/links";

describe("splitLinks", () => {
  const cases: Array<[string, ReturnType<typeof splitLinks>]> = [
    ["no links here", [{ kind: "text", text: "no links here" }]],
    ["see https://example.com/a?b=1.", [{ kind: "text", text: "see " }, { kind: "link", text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" }, { kind: "text", text: "." }]],
    ["(http://x.test/p)", [{ kind: "text", text: "(" }, { kind: "link", text: "http://x.test/p", href: "http://x.test/p" }, { kind: "text", text: ")" }]],
    ["javascript:alert(1) data:text/html,<b>x</b>", [{ kind: "text", text: "javascript:alert(1) data:text/html,<b>x</b>" }]],
    ['https://a.test/"><img src=x onerror=alert(1)>', [{ kind: "link", text: "https://a.test/", href: "https://a.test/" }, { kind: "text", text: '"><img src=x onerror=alert(1)>' }]],
    ["ftp://files.test/x and https://", [{ kind: "text", text: "ftp://files.test/x and https://" }]],
  ];
  for (const [text, expected] of cases) {
    it(JSON.stringify(text), () => expect(splitLinks(text)).toEqual(expected));
  }
});
