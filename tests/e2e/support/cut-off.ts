/**
 * Finds text a longer language would lose: a page that scrolls sideways, a visible element that
 * sticks out of the window, a box that clips its own text, a drop-down narrower than its choices.
 * Returns one line per problem (empty: nothing is cut off).
 */
import type { Page } from "@playwright/test";

export function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    const name = (el: Element) => {
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}> "${text}"`;
    };
    if (document.documentElement.scrollWidth > width) {
      problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide in a ${width} px window`);
    }
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      // Screen-reader-only text is clipped on purpose.
      if (el.closest(".sr-only") || el.closest("option")) continue;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.display === "none" || style.visibility === "hidden" || box.width === 0 || box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5) problems.push(`${name(el)} sticks out of the window (${Math.round(box.left)}..${Math.round(box.right)} of ${width} px)`);
      const clips = style.overflowX !== "visible" || style.textOverflow === "ellipsis";
      if (clips && el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} clips its content (${el.scrollWidth} px in ${el.clientWidth} px)`);
      if (el instanceof HTMLSelectElement) {
        // A drop-down is as wide as its longest choice unless something narrows it.
        const saved = el.getAttribute("style");
        el.style.cssText += ";width:max-content;max-width:none;min-width:0;flex:none";
        const natural = el.offsetWidth;
        if (saved === null) el.removeAttribute("style");
        else el.setAttribute("style", saved);
        if (natural > el.offsetWidth + 1) problems.push(`${name(el)} is narrower than its choices (${el.offsetWidth} px, needs ${natural} px)`);
      }
    }
    return problems;
  });
}
