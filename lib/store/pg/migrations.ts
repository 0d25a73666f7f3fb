/**
 * Schema migrations for the PostgreSQL store, applied in order; `schema_migrations` records how
 * many have run. The schema mirrors the SQLite one (lib/store/sqlite-migrations.ts) in
 * PostgreSQL's types: instants are timestamptz, JSON is `json` (kept as written: jsonb would
 * reorder an interaction's attached data). Never edit a migration that has shipped: add the next.
 */
import type pg from "pg";

/** pg_advisory_lock key under which migrations run (several nodes starting together migrate once). */
export const MIGRATION_LOCK_KEY = 0x75636301;

export const PG_MIGRATIONS: readonly string[] = [
  `CREATE TABLE workers (
     id text PRIMARY KEY,
     name text NOT NULL,
     presence text NOT NULL,
     presence_since timestamptz NOT NULL,
     idle_since timestamptz,
     configured boolean NOT NULL DEFAULT true,
     language text
   );
   CREATE TABLE events (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     at timestamptz NOT NULL,
     type text NOT NULL,
     worker text NOT NULL,
     interaction text,
     reasons json
   );
   CREATE TABLE sessions (
     token_hash text PRIMARY KEY,
     worker text NOT NULL,
     created_at timestamptz NOT NULL,
     expires_at timestamptz NOT NULL,
     scope json
   );
   CREATE INDEX sessions_expiry ON sessions (expires_at);
   CREATE INDEX sessions_worker ON sessions (worker);
   CREATE TABLE interactions (
     id text PRIMARY KEY,
     -- NOTE: creation order for listOpenInteractions (SQLite's rowid).
     ord bigint GENERATED ALWAYS AS IDENTITY,
     version bigint NOT NULL DEFAULT 1,
     media text NOT NULL,
     from_name text NOT NULL,
     subject text NOT NULL,
     data json NOT NULL,
     state text NOT NULL,
     worker text,
     target text,
     refused_by json NOT NULL,
     offer json,
     call json,
     invite json,
     parties json,
     wrap_up json,
     customer_active_at timestamptz,
     abandoned_for text,
     customer_token_hash text UNIQUE,
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL
   );
   CREATE INDEX interactions_open ON interactions (created_at, ord) WHERE state NOT IN ('done', 'abandoned');
   CREATE TABLE offers (
     id text PRIMARY KEY,
     interaction text NOT NULL,
     worker text NOT NULL,
     status text NOT NULL,
     offered_at timestamptz NOT NULL,
     deadline timestamptz NOT NULL,
     extended boolean NOT NULL,
     closed_at timestamptz NOT NULL
   );
   CREATE TABLE messages (
     interaction text NOT NULL,
     id text NOT NULL,
     -- NOTE: one sequence for every chat orders each chat's messages without a per-chat max(seq)+1,
     -- which two nodes appending at once could both compute.
     seq bigint GENERATED ALWAYS AS IDENTITY,
     sender text NOT NULL,
     text text NOT NULL,
     at timestamptz NOT NULL,
     PRIMARY KEY (interaction, id)
   );
   CREATE INDEX messages_by_interaction ON messages (interaction, seq);
   CREATE TABLE invitations_used (
     id text PRIMARY KEY,
     worker text NOT NULL,
     offer text NOT NULL,
     used_at timestamptz NOT NULL,
     expires_at timestamptz NOT NULL
   );
   CREATE INDEX invitations_used_expiry ON invitations_used (expires_at);
   CREATE TABLE teams_conversations (
     worker text PRIMARY KEY,
     service_url text NOT NULL,
     conversation_id text NOT NULL,
     bot_id text NOT NULL,
     user_id text NOT NULL,
     tenant_id text,
     upn text NOT NULL,
     updated_at timestamptz NOT NULL
   );
   CREATE TABLE invitations_out (
     offer text PRIMARY KEY,
     worker text NOT NULL,
     deadline timestamptz NOT NULL,
     interaction text,
     result text
   );
   CREATE TABLE worker_identities (
     worker text NOT NULL,
     kind text NOT NULL,
     subject text NOT NULL,
     bound_at timestamptz NOT NULL,
     PRIMARY KEY (worker, kind)
   );
   CREATE INDEX worker_identities_subject ON worker_identities (kind, subject);
   CREATE TABLE idempotency_keys (
     api_key text NOT NULL,
     key text NOT NULL,
     request_hash text NOT NULL,
     interaction text NOT NULL,
     status integer NOT NULL,
     body text NOT NULL,
     sealed_token text NOT NULL,
     created_at timestamptz NOT NULL,
     PRIMARY KEY (api_key, key)
   );
   CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);`,
  // Several nodes (issue 16): who owns the connector now. Each new owner bumps the epoch (its
  // fencing token, lib/store/pg/ownership.ts); node and url are NULL until a first owner.
  `CREATE TABLE cluster_owner (
     id integer PRIMARY KEY CHECK (id = 1),
     epoch bigint NOT NULL,
     node text,
     url text,
     since timestamptz NOT NULL DEFAULT now()
   );
   INSERT INTO cluster_owner (id, epoch) VALUES (1, 0);`,
  // Recent interactions (issue 20): a worker's finished ones by the time they were done.
  `CREATE INDEX interactions_done_by_worker ON interactions (worker, updated_at) WHERE state = 'done';`,
  // The desktop companion (issue 18): pairing codes and credentials, hashed.
  `CREATE TABLE companion_codes (
     worker text PRIMARY KEY,
     code_hash text NOT NULL UNIQUE,
     expires_at timestamptz NOT NULL
   );
   CREATE TABLE companion_credentials (
     credential_hash text PRIMARY KEY,
     worker text NOT NULL,
     created_at timestamptz NOT NULL
   );
   CREATE INDEX companion_credentials_worker ON companion_credentials (worker);`,
];

/**
 * Applies the migrations that have not run yet, each in its own transaction, under a session
 * advisory lock: a node that starts while another migrates waits, then finds nothing left to do.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM schema_migrations");
      for (let version = rows[0].n; version < PG_MIGRATIONS.length; version++) {
        await client.query("BEGIN");
        try {
          await client.query(PG_MIGRATIONS[version]);
          await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [version + 1]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
      }
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } catch (error) {
    // NOTE: a connection that failed here may still hold the lock: destroy it, never pool it.
    broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
