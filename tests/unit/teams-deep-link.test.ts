/** The Teams deep link into the app's tab on one offer: the shape Teams documents, and the context the tab reads. */
import { describe, expect, it } from "vitest";
import { tabDeepLink } from "../../lib/im/teams/deep-link";

describe("tabDeepLink", () => {
  it("names the app, the static tab, the tab's web page, a label and the offer as subEntityId", () => {
    const link = tabDeepLink({ appId: "cc97d6ad-b5e5-53ec-bb3a-067abb46e2f7", publicUrl: "https://ucc.example.com/", label: "Interactions & more", subEntityId: "offer/1 é" });
    expect(link.startsWith("https://teams.microsoft.com/l/entity/cc97d6ad-b5e5-53ec-bb3a-067abb46e2f7/ucc-extension?")).toBe(true);
    const url = new URL(link);
    expect(url.searchParams.get("webUrl")).toBe("https://ucc.example.com/extension");
    expect(url.searchParams.get("label")).toBe("Interactions & more");
    expect(JSON.parse(url.searchParams.get("context")!)).toEqual({ subEntityId: "offer/1 é" });
    // NOTE: Teams reads the context as encodeURIComponent(JSON): no raw braces or quotes in the link.
    expect(link).toContain(`&context=${encodeURIComponent('{"subEntityId":"offer/1 é"}')}`);
  });
});
