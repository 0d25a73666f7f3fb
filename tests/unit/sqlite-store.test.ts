/**
 * The embedded SQLite store, on a real file in a temp dir: the Store contract
 * (tests/contract/store-contract.ts), then what only SQLite has (migrations by user_version, WAL).
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SQLITE_MIGRATIONS } from "../../lib/store/sqlite-migrations";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import { describeStoreContract } from "../contract/store-contract";

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ucc-store-"));
  file = path.join(dir, "connector.sqlite");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describeStoreContract("SQLite store", async () => openSqliteStore(file), (store) => store.close().catch(() => undefined));

describe("SQLite store only", () => {
  it("runs the migrations once and records them in user_version", async () => {
    await openSqliteStore(file).close();
    const store = openSqliteStore(file); // a second open must not re-run them
    const db = new Database(file, { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    await store.close();
  });
});
