/**
 * Whether the keyboard focus is in a field the person is typing in. A Preview that arrives then
 * must not take the focus: the next Space or Enter meant for the message would accept it.
 */
const NON_TEXT_INPUTS = new Set(["button", "checkbox", "color", "file", "hidden", "image", "radio", "range", "reset", "submit"]);

export function isTypingTarget(element: Element | null): boolean {
  if (!element) return false;
  const tag = element.tagName.toLowerCase();
  if (tag === "textarea") return true;
  if (tag === "input") return !NON_TEXT_INPUTS.has(((element as HTMLInputElement).type || "text").toLowerCase());
  // NOTE: contenteditable="false" inside an editable host is still read as editable by the DOM.
  return (element as HTMLElement).isContentEditable === true;
}
