/**
 * Screenshots of what a gateway delivered that has no UI of its own here (a console line, a
 * webhook's request, an XMPP message): rendered as text in a small page, saved under
 * test-results/screenshots/ (docs/invitations/ keeps a copy for the README).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "@playwright/test";
import { SHOTS } from "./screenshots";

const escape = (text: string) => text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);

export async function shootText(browser: Browser, file: string, title: string, text: string, width = 1280): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const page = await browser.newPage({ viewport: { width, height: 200 } });
  try {
    await page.setContent(`<!doctype html><html lang="en"><body style="margin:0;background:#0f172a;color:#e2e8f0;font:14px/1.5 monospace">
      <div style="padding:8px 16px;background:#1e293b;color:#94a3b8">${escape(title)}</div>
      <pre style="margin:0;padding:16px;white-space:pre-wrap;word-break:break-all">${escape(text)}</pre></body></html>`);
    await page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
  } finally {
    await page.close();
  }
}
