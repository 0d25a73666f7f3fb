"use client";
/**
 * Chat text with its web addresses made clickable, safely: the text is never HTML. Links are
 * built as elements from the parsed URL (http and https only), open in a new tab without giving
 * it a handle on this page (rel="noopener noreferrer").
 */
import { Fragment } from "react";

import { splitLinks } from "@/lib/client/links";

export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, index) =>
        part.kind === "text" ? (
          <Fragment key={index}>{part.text}</Fragment>
        ) : (
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer" className="break-all underline underline-offset-2">
            {part.text}
          </a>
        ),
      )}
    </>
  );
}
