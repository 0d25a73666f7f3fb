/**
 * The PostgreSQL store on a real PostgreSQL (one per file, scratch, loopback): the Store contract
 * (tests/contract/store-contract.ts) on one database, then what only several nodes need, each
 * describe block on a database of its own: concurrent migrations, fencing by the owner's epoch,
 * conditional interaction writes, and the owner's lease.
 */
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PG_MIGRATIONS } from "../../lib/store/pg/migrations";
import { ConflictingWriteError, OWNER_LOCK_KEY, OwnerLease, OwnershipLostError, readOwner } from "../../lib/store/pg/ownership";
import { openPgStore, type PgStore } from "../../lib/store/pg/pg-store";
import { describeStoreContract } from "../contract/store-contract";
import { newInteraction } from "../contract/store-contract-interactions";
import { startPostgres, type LocalPostgres } from "../support/postgres";
import { waitFor } from "../support/wait";

const TABLES = "workers, events, sessions, interactions, offers, messages, invitations_used, teams_conversations, invitations_out, worker_identities, idempotency_keys";

let postgres: LocalPostgres;
let contractUrl: string;
beforeAll(async () => {
  postgres = await startPostgres({ fsyncOff: true });
  contractUrl = await postgres.createDatabase();
});
afterAll(async () => {
  await postgres?.stop();
});

describeStoreContract(
  "PostgreSQL store",
  () => openPgStore(contractUrl),
  async (store) => {
    const { pool } = store as PgStore;
    if (!pool.ended) await pool.query(`TRUNCATE ${TABLES} RESTART IDENTITY`);
    await store.close().catch(() => undefined);
  },
);

/** Stores opened in a test, closed after it. */
function opener(url: () => string) {
  const open: PgStore[] = [];
  afterAll(async () => {
    for (const store of open.splice(0)) await store.close().catch(() => undefined);
  });
  return async () => {
    const store = await openPgStore(url());
    open.push(store);
    return store;
  };
}

describe("PostgreSQL store only: several nodes", () => {
  let url: string;
  beforeAll(async () => {
    url = await postgres.createDatabase();
  });
  const open = opener(() => url);
  const leases: OwnerLease[] = [];
  afterEach(async () => {
    for (const lease of leases.splice(0)) await lease.release();
  });
  const lease = (id: string) => {
    const made = new OwnerLease(url, { id, url: `http://127.0.0.1:1/${id}` });
    leases.push(made);
    return made;
  };

  it("several nodes starting together migrate once", async () => {
    const stores = await Promise.all([open(), open(), open()]);
    const { rows } = await stores[0].pool.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
  });

  it("a fenced store writes nothing once another node has taken over", async () => {
    const store = await open();
    await store.syncWorkers([{ id: "kw1", name: "Alex" }], "2024-01-01T00:00:00.000Z");
    const first = lease("node-a");
    const epoch = await first.tryAcquire();
    expect(epoch).toBeGreaterThan(0);
    store.fence(epoch!);
    await store.setPresence("kw1", "busy", { at: "2024-01-01T00:00:01.000Z", type: "RequestAgentNotReady", worker: "kw1" });
    await first.release();
    expect(await lease("node-b").tryAcquire()).toBe(epoch! + 1);
    const refused = store.setPresence("kw1", "away", { at: "2024-01-01T00:00:02.000Z", type: "RequestAgentNotReady", worker: "kw1" });
    await expect(refused).rejects.toBeInstanceOf(OwnershipLostError);
    await expect(store.appendEvent({ at: "2024-01-01T00:00:03.000Z", type: "X" })).rejects.toBeInstanceOf(OwnershipLostError);
    expect((await store.getWorker("kw1"))?.presence).toBe("busy");
    expect((await store.listEvents(0, 10)).map((e) => e.at)).toEqual(["2024-01-01T00:00:01.000Z"]);
    store.fence(epoch! + 1);
    await store.appendEvent({ at: "2024-01-01T00:00:04.000Z", type: "X" });
  });

  it("two nodes that loaded the same interaction cannot both change it: the second write is refused and rolled back", async () => {
    const [a, b] = [await open(), await open()];
    await a.createInteraction({ interaction: newInteraction("race"), events: [] });
    await b.getInteraction("race");
    const offer = (worker: string) => ({ id: `o-${worker}`, worker, status: "offered" as const, offeredAt: "2024-01-01T00:00:01.000Z", deadline: "2024-01-01T00:00:21.000Z", extended: false });
    const toKw1 = newInteraction("race", { state: "offered", worker: "kw1", offer: offer("kw1") });
    await a.updateInteraction({ interaction: toKw1, events: [{ at: "2024-01-01T00:00:01.000Z", type: "InteractionOffered", worker: "kw1", interaction: "race" }] });
    const toKw2 = newInteraction("race", { state: "offered", worker: "kw2", offer: offer("kw2") });
    await expect(b.updateInteraction({ interaction: toKw2, events: [{ at: "2024-01-01T00:00:01.000Z", type: "InteractionOffered", worker: "kw2", interaction: "race" }] })).rejects.toBeInstanceOf(
      ConflictingWriteError,
    );
    expect(await a.getInteraction("race")).toEqual(toKw1);
    expect((await a.listEvents(0, 100)).filter((e) => e.interaction === "race").map((e) => e.worker)).toEqual(["kw1"]);
    // Having read it again, b may go on from the state a wrote.
    await b.getInteraction("race");
    await b.updateInteraction({ interaction: { ...toKw1, state: "active" }, events: [] });
    await expect(a.updateInteraction({ interaction: { ...toKw1, state: "abandoned" }, events: [] })).rejects.toBeInstanceOf(ConflictingWriteError);
  });

  it("one lease at a time; when its holder's connection dies, it is told and another takes over with a higher epoch", async () => {
    const [a, b] = [lease("node-a"), lease("node-b")];
    const epoch = await a.tryAcquire();
    expect(epoch).toBeGreaterThan(0);
    expect(await b.tryAcquire()).toBeUndefined();
    expect(await readOwner(url)).toMatchObject({ epoch, node: "node-a", url: "http://127.0.0.1:1/node-a", held: true });
    const lost = new Promise<Error | undefined>((resolve) => a.onLost(resolve));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = $1::bigint::oid AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        [OWNER_LOCK_KEY],
      );
    } finally {
      await admin.end();
    }
    expect(await lost).toBeInstanceOf(Error);
    await waitFor(() => readOwner(url), (owner) => owner?.held === false, { what: "the dead holder's lock to go" });
    expect(await b.tryAcquire()).toBe(epoch! + 1);
    expect(await readOwner(url)).toMatchObject({ epoch: epoch! + 1, node: "node-b", held: true });
  });

  it("a typical lifecycle step, fenced, takes five round trips and one commit", async () => {
    const store = await open();
    store.fence((await lease("node-c").tryAcquire())!);
    await store.createInteraction({ interaction: newInteraction("rt"), events: [] });
    await store.getInteraction("rt");
    const queries = vi.spyOn(pg.Client.prototype, "query");
    try {
      const offer = { id: "o-rt", worker: "kw1", status: "offered" as const, offeredAt: "2024-01-01T00:00:01.000Z", deadline: "2024-01-01T00:00:21.000Z", extended: false };
      await store.updateInteraction({
        interaction: newInteraction("rt", { state: "active", worker: "kw1" }),
        closedOffer: { ...offer, status: "accepted", closedAt: "2024-01-01T00:00:02.000Z" },
        events: [{ at: "2024-01-01T00:00:02.000Z", type: "InteractionAccepted", worker: "kw1", interaction: "rt" }],
      });
      const sent = queries.mock.calls.map((call) => String(typeof call[0] === "string" ? call[0] : (call[0] as { text: string }).text).split(/\s/)[0]);
      // BEGIN with the epoch check, the interaction, the closed offer, the event, COMMIT.
      expect(sent).toEqual(["BEGIN;", "UPDATE", "INSERT", "INSERT", "COMMIT"]);
    } finally {
      queries.mockRestore();
    }
  });
});

describe("the scratch PostgreSQL", () => {
  it("answers once started and is gone once stopped", async () => {
    const scratch = await startPostgres();
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    expect((await client.query<{ fsync: string }>("SHOW fsync")).rows[0].fsync).toBe("on");
    await client.end();
    await scratch.stop();
    const after = new pg.Client({ connectionString: scratch.url });
    await expect(after.connect()).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
