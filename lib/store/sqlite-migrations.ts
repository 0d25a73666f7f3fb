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
  // Who each worker is at the identity provider (OIDC iss+sub, or Entra tid+oid), bound on the
  // first sign-in that matches the worker's upn; afterwards no one else signs in as that worker.
  `CREATE TABLE worker_identities (
     worker TEXT NOT NULL,
     kind TEXT NOT NULL,
     subject TEXT NOT NULL,
     bound_at TEXT NOT NULL,
     PRIMARY KEY (worker, kind)
   );
   CREATE INDEX worker_identities_subject ON worker_identities (kind, subject);`,
  // Idempotency-Key of POST /api/v1/interactions (per API key name), kept 24 h: the first answer,
  // its customer token sealed with a key only the API key's holder can derive (see
  // lib/connector/interactions/idempotency.ts).
  `CREATE TABLE idempotency_keys (
     api_key TEXT NOT NULL,
     key TEXT NOT NULL,
     request_hash TEXT NOT NULL,
     interaction TEXT NOT NULL,
     status INTEGER NOT NULL,
     body TEXT NOT NULL,
     sealed_token TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (api_key, key)
   );
   CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);`,
  // Invitation links (issue 15): a session may be scoped to offers and the interactions that
  // follow (JSON [{offer, interaction}]; NULL: a full session); a used token is kept only until it
  // expires (legacy rows: a day after use, longer than any offer runs).
  `ALTER TABLE sessions ADD COLUMN scope TEXT;
   ALTER TABLE invitations_used ADD COLUMN expires_at TEXT;
   UPDATE invitations_used SET expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', used_at, '+1 day');
   CREATE INDEX invitations_used_expiry ON invitations_used (expires_at);`,
  // An invitation's interaction and the gateways' answer ('sent' or 'failed'; NULL: the connector
  // stopped before it came, so it is sent again or reported failed at the next start). A chat's
  // last customer activity (creation, message, typing): the customer-idle timer counts from it,
  // and why the connector abandoned it (the customer's page says so).
  `ALTER TABLE invitations_out ADD COLUMN interaction TEXT;
   ALTER TABLE invitations_out ADD COLUMN result TEXT;
   ALTER TABLE interactions ADD COLUMN customer_active_at TEXT;
   ALTER TABLE interactions ADD COLUMN abandoned_for TEXT;`,
  // Recent interactions (issue 20): a worker's finished ones by the time they were done.
  `CREATE INDEX interactions_done_by_worker ON interactions (worker, updated_at) WHERE state = 'done';`,
  // The desktop companion (issue 18): one pending pairing code per worker and the credentials
  // codes were exchanged for, both as SHA-256 hashes only.
  `CREATE TABLE companion_codes (
     worker TEXT PRIMARY KEY,
     code_hash TEXT NOT NULL UNIQUE,
     expires_at TEXT NOT NULL
   );
   CREATE TABLE companion_credentials (
     credential_hash TEXT PRIMARY KEY,
     worker TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX companion_credentials_worker ON companion_credentials (worker);`,
];
