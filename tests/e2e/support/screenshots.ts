/**
 * Where the browser tests save screenshots: test-results/screenshots/ on every run. The copies
 * the README links to live under docs/<subdir>/ and are refreshed only when asked:
 * `UCC_DOCS_SCREENSHOTS=1 npx playwright test <spec>`.
 */
import path from "node:path";
import { REPO_ROOT } from "./connector";

export const SHOTS = path.join(REPO_ROOT, "test-results", "screenshots");

/** docs/<subdir>/ when UCC_DOCS_SCREENSHOTS=1 asks to refresh the README's copies, else SHOTS. */
export function docsShots(subdir: string): string {
  return process.env.UCC_DOCS_SCREENSHOTS === "1" ? path.join(REPO_ROOT, "docs", subdir) : SHOTS;
}
