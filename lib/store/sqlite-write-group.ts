import type Database from "better-sqlite3";
import type { WriteGroup } from "./wal-sync";

/**
 * The writes made while a WAL sync runs go into one transaction, committed when the sync ends (each
 * store write is then a savepoint in it, so a write that fails undoes only itself). NOTE: nothing
 * is acknowledged before the sync that follows that commit, so a crash meanwhile loses only what
 * nobody was told about, as before.
 */
export function writeGroup(db: Database.Database): WriteGroup {
  let opened = false;
  return {
    open() {
      if (db.inTransaction) return;
      db.exec("BEGIN");
      opened = true;
    },
    close() {
      if (!opened) return;
      opened = false;
      if (!db.inTransaction) throw new Error("the writes made during the last sync were rolled back");
      db.exec("COMMIT");
    },
  };
}
