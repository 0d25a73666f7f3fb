/**
 * Write transactions of the PostgreSQL store: one pooled connection each, BEGIN … COMMIT,
 * ROLLBACK on any error, and, once the store is fenced, the owner's epoch checked first.
 */
import type pg from "pg";
import { OwnershipLostError } from "./ownership";

/** What a write runs its statements on: the transaction's own connection. */
export type Tx = pg.PoolClient;
/** What a read runs on: the pool (each read its own statement, no transaction needed). */
export type Db = pg.Pool;

export type Write = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

// NOTE: FOR SHARE on the one cluster_owner row: a new owner's epoch bump (an UPDATE of that row)
// waits for the writes under way to commit, and every write that starts after the bump sees the
// new epoch; so no write of a fenced-out node commits after a takeover. BEGIN and the read go in
// one simple-protocol message: one round trip.
const BEGIN_AND_READ_EPOCH = "BEGIN; SELECT epoch FROM cluster_owner WHERE id = 1 FOR SHARE";

/** A write runner for this pool; `fencedEpoch()` is the epoch writes must still be at (undefined: not fenced). */
export function writer(pool: pg.Pool, fencedEpoch: () => number | undefined): Write {
  return async function write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = await pool.connect();
    let broken: Error | undefined;
    try {
      const epoch = fencedEpoch();
      if (epoch === undefined) {
        await tx.query("BEGIN");
      } else {
        const results = (await tx.query(BEGIN_AND_READ_EPOCH)) as unknown as pg.QueryResult<{ epoch: string }>[];
        const row = results[1]?.rows[0];
        const current = row ? Number(row.epoch) : undefined;
        if (current !== epoch) throw new OwnershipLostError(epoch, current);
      }
      const value = await work(tx);
      await tx.query("COMMIT");
      return value;
    } catch (error) {
      // NOTE: a connection whose ROLLBACK fails is in an unknown state: destroyed, never pooled.
      await tx.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    } finally {
      tx.release(broken);
    }
  };
}
