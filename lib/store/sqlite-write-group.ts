import type Database from "better-sqlite3";
import type { WriteGroup } from "./wal-sync";

/**
 * The writes of one event-loop turn are one transaction, committed just before the turn's WAL sync
 * (each store write is a savepoint in it, so a write that fails undoes only itself). The next one
 * is begun at once (deferred: it takes no lock until something reads or writes). NOTE: nothing is
 * acknowledged before the sync that follows the commit, so a crash meanwhile loses only what
 * nobody was told about.
 */
export function writeGroup(db: Database.Database): WriteGroup {
  let begun = false;
  return {
    open() {
      // NOTE: still open only when the last COMMIT failed and left it active: its waiters were
      // told so, and its writes are dropped rather than kept with the next turn's.
      if (db.inTransaction) db.exec("ROLLBACK");
      db.exec("BEGIN");
      begun = true;
    },
    close() {
      // NOTE: not begun (the last open failed): the turn's writes committed one by one.
      if (!begun) return;
      begun = false;
      if (!db.inTransaction) throw new Error("the writes made in this turn were rolled back");
      db.exec("COMMIT");
    },
  };
}
