/**
 * Which offers are out as invitations nobody has seen, across a restart (lib/connector/invitations/
 * invitations-out.ts), on a real SQLite store: one restored after a long outage is still known as
 * unseen when another invitation goes out in the restart grace, so its timeout counts as a Reject
 * and never sets the worker Away; and one whose gateways never answered is handed back once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createInvitationsOut } from "../../lib/connector/invitations/invitations-out";
import { StepRunner } from "../../lib/connector/step-runner";
import { createLogger } from "../../lib/observability/logger";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { Store } from "../../lib/store/store";

const T0 = Date.parse("2024-05-06T09:00:00.000Z");
const iso = (ms: number) => new Date(T0 + ms).toISOString();

let dir: string;
let store: Store;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ucc-out-"));
  store = openSqliteStore(path.join(dir, "connector.sqlite"));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function outs() {
  const steps = new StepRunner({ durable: () => store.durable(), notifier: { publish: () => undefined } });
  return createInvitationsOut({ store, steps, logger: createLogger("silent"), windows: () => 0 });
}

describe("invitations out after a restart", () => {
  it("an entry whose deadline passed during a long outage is not forgotten when another invitation goes out", async () => {
    await store.keepInvitationOut({ offer: "o1", worker: "kw1", deadline: iso(5_000), interaction: "i1" });
    await store.settleInvitationOut("o1", "sent");
    const restarted = outs();
    const now = T0 + 10 * 60_000;
    await restarted.restore(now);
    await restarted.sending({ offer: "o2", worker: "kw2", deadline: new Date(now + 30_000).toISOString(), interaction: "i2" }, now);
    expect(restarted.wasUnseen("o1")).toBe(true);
    expect(restarted.takeUnanswered().map((o) => o.offer)).toEqual([]);
  });

  it("hands back, once, the invitations whose gateways never answered", async () => {
    await store.keepInvitationOut({ offer: "o1", worker: "kw1", deadline: iso(60_000), interaction: "i1" });
    await store.keepInvitationOut({ offer: "o2", worker: "kw2", deadline: iso(60_000), interaction: "i2" });
    await store.settleInvitationOut("o2", "failed");
    const restarted = outs();
    await restarted.restore(T0);
    expect(restarted.takeUnanswered()).toEqual([{ offer: "o1", worker: "kw1", deadline: iso(60_000), interaction: "i1" }]);
    expect(restarted.takeUnanswered()).toEqual([]);
  });
});
