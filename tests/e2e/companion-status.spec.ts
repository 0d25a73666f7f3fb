/**
 * The desktop companion's status line as a worker sees it in a terminal, with a call ringing on
 * the softphone: rendered to test-results/screenshots/companion-status.png (docs/ keeps the
 * README's copy, refreshed with UCC_DOCS_SCREENSHOTS=1).
 */
import { copyFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDesk } from "./support/companion-desk";
import { REPO_ROOT } from "./support/connector";
import { SHOTS } from "./support/screenshots";
import { shootText } from "./support/terminal-shot";
import { expect, test } from "./support/fixtures";

test("the companion's status line follows the link, the softphone and a ringing call", async ({ connector, browser }) => {
  test.setTimeout(60_000);
  const desk = await openDesk(connector, "kw1", path.join(os.tmpdir(), `ucc-companion-shot-${process.pid}.json`));
  try {
    await desk.customer.driver!.dial(desk.softphone.sipUri);
    const ringing = await desk.companion.line(/^kw1 \| connector: connected \| softphone: ready \| call: ringing sip:customer@127\.0\.0\.1:\d+$/);
    expect(desk.companion.lines().some((l) => l.startsWith("test: the connector answered in"))).toBe(true);
    // NOTE: on a terminal the status line is rewritten in place: what stays is the other lines and the last status.
    const shown = desk.companion.lines().filter((l) => !l.startsWith("kw1 | "));
    const code = /--pairing-code (\S+)/.exec(desk.command)![1];
    const text = [desk.command.replace(code, "K7Q2M-X9PAB"), ...shown, ringing.text].join("\n");
    await shootText(browser, "companion-status.png", "Desktop companion", text, 1000);
    if (process.env.UCC_DOCS_SCREENSHOTS === "1") copyFileSync(path.join(SHOTS, "companion-status.png"), path.join(REPO_ROOT, "docs", "companion-status.png"));
  } finally {
    await desk.close();
  }
});
