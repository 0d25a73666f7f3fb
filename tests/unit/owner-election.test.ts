/**
 * Who owns the work (lib/cluster/owner-election.ts), over leases held in memory here (the
 * PostgreSQL lease itself is tried in tests/integration/pg-store.test.ts): one owner at a time;
 * a lost lease stops the owner, which then asks again; resigning hands over at once.
 */
import { describe, expect, it } from "vitest";
import { startElection, type Lease } from "../../lib/cluster/owner-election";
import { createLogger } from "../../lib/observability/logger";
import { waitFor } from "../support/wait";

/** One lock, as PostgreSQL's advisory lock: whoever holds it until it releases or its connection dies. */
function lockTable() {
  let holder: FakeLease | undefined;
  let epoch = 0;
  class FakeLease implements Lease {
    private lost?: (error?: Error) => void;
    async tryAcquire() {
      if (holder) return undefined;
      holder = this;
      return ++epoch;
    }
    onLost(listener: (error?: Error) => void) {
      this.lost = listener;
    }
    async release() {
      if (holder === this) holder = undefined;
    }
    die() {
      if (holder === this) holder = undefined;
      this.lost?.(new Error("connection ended"));
    }
  }
  return { lease: () => new FakeLease(), holder: () => holder };
}

function node(table: ReturnType<typeof lockTable>, log: string[], name: string) {
  return startElection({
    lease: table.lease,
    becomeOwner: async (epoch) => void log.push(`${name} owns (epoch ${epoch})`),
    stopOwning: async (reason) => void log.push(`${name} stops (${reason})`),
    logger: createLogger("silent"),
    pollMs: 10,
  });
}

describe("owner election", () => {
  it("gives the work to one node at a time, and to the next when the owner resigns", async () => {
    const table = lockTable();
    const log: string[] = [];
    const a = node(table, log, "a");
    await waitFor(() => a.isOwner(), Boolean, { what: "a owns" });
    const b = node(table, log, "b");
    await waitFor(() => log.length, (n) => n >= 1);
    expect(b.isOwner()).toBe(false);
    await a.resign();
    await waitFor(() => b.isOwner(), Boolean, { what: "b takes over" });
    expect(log).toEqual(["a owns (epoch 1)", "a stops (resigned)", "b owns (epoch 2)"]);
    await b.resign();
  });

  it("stops owning when the lease is lost, and another node takes over with a higher epoch", async () => {
    const table = lockTable();
    const log: string[] = [];
    const a = node(table, log, "a");
    await waitFor(() => a.isOwner(), Boolean);
    const b = node(table, log, "b");
    (table.holder() as unknown as { die(): void }).die();
    await waitFor(() => log.length, (n) => n >= 3, { what: "a stops and someone takes over" });
    expect(log.slice(0, 2)).toEqual(["a owns (epoch 1)", "a stops (lease lost)"]);
    expect(log[2]).toMatch(/^[ab] owns \(epoch 2\)$/);
    expect([a.isOwner(), b.isOwner()].filter(Boolean)).toHaveLength(1);
    await a.resign();
    await b.resign();
  });

  it("lets go of the lease when taking over fails, and asks again", async () => {
    const table = lockTable();
    let tries = 0;
    const election = startElection({
      lease: table.lease,
      becomeOwner: async () => {
        if (++tries === 1) throw new Error("store unreachable");
      },
      stopOwning: async () => undefined,
      logger: createLogger("silent"),
      pollMs: 10,
    });
    await waitFor(() => tries, (n) => n >= 2, { what: "a second attempt" });
    expect(election.isOwner()).toBe(true);
    await election.resign();
    expect(table.holder()).toBeUndefined();
  });
});
