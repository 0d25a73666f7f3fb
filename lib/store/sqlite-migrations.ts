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
  `ALTER TABLE workers ADD COLUMN idle_since TEXT;
   UPDATE workers SET idle_since = presence_since;
   CREATE TABLE interactions (
     id TEXT PRIMARY KEY,
     media TEXT NOT NULL,
     from_name TEXT NOT NULL,
     subject TEXT NOT NULL,
     data TEXT NOT NULL,
     state TEXT NOT NULL,
     worker TEXT,
     target TEXT,
     refused_by TEXT NOT NULL,
     offer TEXT,
     customer_token_hash TEXT UNIQUE,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX interactions_open ON interactions (state) WHERE state NOT IN ('done', 'abandoned');
   CREATE TABLE offers (
     id TEXT PRIMARY KEY,
     interaction TEXT NOT NULL,
     worker TEXT NOT NULL,
     status TEXT NOT NULL,
     offered_at TEXT NOT NULL,
     deadline TEXT NOT NULL,
     extended INTEGER NOT NULL,
     closed_at TEXT NOT NULL
   );
   CREATE TABLE messages (
     interaction TEXT NOT NULL,
     id TEXT NOT NULL,
     sender TEXT NOT NULL,
     text TEXT NOT NULL,
     at TEXT NOT NULL,
     seq INTEGER NOT NULL,
     PRIMARY KEY (interaction, id)
   );
   CREATE INDEX messages_by_interaction ON messages (interaction, seq);`,
  // Workers dropped from the configuration are kept (their history refers to them) but unknown.
  `ALTER TABLE workers ADD COLUMN configured INTEGER NOT NULL DEFAULT 1;`,
  // The worker's own choice of UI language (B12), kept across devices; NULL: none, follow the browser.
  `ALTER TABLE workers ADD COLUMN language TEXT;`,
  // A call's state, an open transfer or consultation, parties on a call, and after-call work (JSON).
  `ALTER TABLE interactions ADD COLUMN call TEXT;
   ALTER TABLE interactions ADD COLUMN invite TEXT;
   ALTER TABLE interactions ADD COLUMN parties TEXT;
   ALTER TABLE interactions ADD COLUMN wrap_up TEXT;`,
  // Invitations (B7): the ids of invitation tokens already used (single use), and where the
  // Teams bot reaches each worker.
  `CREATE TABLE invitations_used (
     id TEXT PRIMARY KEY,
     worker TEXT NOT NULL,
     offer TEXT NOT NULL,
     used_at TEXT NOT NULL
   );
   CREATE TABLE teams_conversations (
     worker TEXT PRIMARY KEY,
     service_url TEXT NOT NULL,
     conversation_id TEXT NOT NULL,
     bot_id TEXT NOT NULL,
     user_id TEXT NOT NULL,
     tenant_id TEXT,
     upn TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
  // Offers that went out as invitations and that no window of their worker has shown since: one
  // that runs out counts as a Reject (B7), also when the connector restarted meanwhile.
  `CREATE TABLE invitations_out (
     offer TEXT PRIMARY KEY,
     worker TEXT NOT NULL,
     deadline TEXT NOT NULL
   );`,
  // An invitation's interaction and the gateways' answer ('sent' or 'failed'; NULL: the connector
  // stopped before it came, so it is sent again or reported failed at the next start). A chat's
  // last customer activity (creation, message, typing): the customer-idle timer counts from it,
  // and why the connector abandoned it (the customer's page says so).
  `ALTER TABLE invitations_out ADD COLUMN interaction TEXT;
   ALTER TABLE invitations_out ADD COLUMN result TEXT;
   ALTER TABLE interactions ADD COLUMN customer_active_at TEXT;
   ALTER TABLE interactions ADD COLUMN abandoned_for TEXT;`,
];
