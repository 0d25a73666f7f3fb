/**
 * The PostgreSQL store (issue 16: several nodes share it): the whole Store port over a pg.Pool,
 * each method with the same meaning and transactions as the SQLite store (lib/store/sqlite-*.ts).
 */
import pg from "pg";
import type { Logger } from "../../observability/logger";
import type { Store } from "../store";
import { pgCompanions } from "./companions";
import { pgIdentities } from "./identities";
import { pgInteractions } from "./interactions";
import { pgInvitations } from "./invitations";
import { pgMessages } from "./messages";
import { migrate } from "./migrations";
import { writer } from "./transactions";
import { pgWorkersAndSessions } from "./workers-and-sessions";

/** Connections per node: a write holds one for its transaction, a read for one statement. */
export const POOL_MAX = 10;

export interface PgStore extends Store {
  /**
   * From now on every write transaction first checks (`SELECT … FOR SHARE`) that the cluster's
   * owner epoch is still `epoch`; when another node has taken over it rolls back and throws
   * OwnershipLostError (lib/store/pg/ownership.ts). Before fence() no check is made.
   */
  fence(epoch: number): void;
  /** The store's pool (readOwner takes it, so other nodes need no connection of their own). */
  readonly pool: pg.Pool;
}

/** Connects, runs the migrations not run yet (once, however many nodes start together), and serves the Store port. */
export async function openPgStore(url: string, options: { logger?: Logger } = {}): Promise<PgStore> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_MAX });
  // NOTE: an idle pooled connection that fails (the server restarts) must not crash the node; the
  // pool drops it and the next query opens another.
  pool.on("error", (error) => options.logger?.warn({ err: error }, "a pooled PostgreSQL connection failed"));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  let epoch: number | undefined;
  const write = writer(pool, () => epoch);
  return {
    ...pgWorkersAndSessions(pool, write),
    ...pgInteractions(pool, write),
    ...pgMessages(pool, write),
    ...pgInvitations(pool, write),
    ...pgIdentities(pool, write),
    ...pgCompanions(pool, write),
    pool,
    fence(next) {
      epoch = next;
    },
    // NOTE: with synchronous_commit on (PostgreSQL's default), COMMIT returns only once the
    // commit's WAL is flushed to disk, so every write that resolved is durable already.
    async durable() {},
    async close() {
      await pool.end();
    },
  };
}
