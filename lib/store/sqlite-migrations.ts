/**
 * Schema migrations for the SQLite store, applied in order; `PRAGMA user_version` records how
 * many have run. Never edit a migration that has shipped: add the next one.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE workers (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     presence TEXT NOT NULL,
     presence_since TEXT NOT NULL
   );
   CREATE TABLE events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     type TEXT NOT NULL,
     worker TEXT NOT NULL,
     interaction TEXT,
     reasons TEXT
   );
   CREATE TABLE sessions (
     token_hash TEXT PRIMARY KEY,
     worker TEXT NOT NULL,
     created_at TEXT NOT NULL,
     expires_at TEXT NOT NULL
   );
   CREATE INDEX sessions_expiry ON sessions (expires_at);`,
];
