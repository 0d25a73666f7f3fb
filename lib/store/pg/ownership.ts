/**
 * Who owns the connector when several nodes share one PostgreSQL (issue 16). One node at a time
 * holds a session advisory lock on a dedicated connection (OwnerLease); on taking it, it bumps the
 * epoch in `cluster_owner`, and that epoch is its fencing token: its store (PgStore.fence) refuses
 * every write once another node has taken over and bumped the epoch past it.
 */
import pg from "pg";
import { AppError } from "../../errors";
import type { Logger } from "../../observability/logger";

/** pg_advisory_lock key of the owner's lease (the migrations use another, migrations.ts). */
export const OWNER_LOCK_KEY = 0x75636302;

/** A write refused because another node owns the connector now (the epoch moved on): nothing was written. */
export class OwnershipLostError extends AppError {
  constructor(
    readonly expectedEpoch: number,
    readonly currentEpoch: number | undefined,
  ) {
    super("unavailable", `this node no longer owns the connector (epoch ${expectedEpoch}, now ${currentEpoch ?? "unknown"})`);
    this.name = "OwnershipLostError";
  }
}

/** An interaction changed by someone else since this store read it: nothing was written. */
export class ConflictingWriteError extends AppError {
  constructor(readonly interaction: string) {
    super("conflict", `interaction ${interaction} was changed by another writer`);
    this.name = "ConflictingWriteError";
  }
}

export interface OwnerRecord {
  epoch: number;
  node: string;
  /** Where the owner serves the HTTP API (the other nodes forward requests there). */
  url: string;
  /** ISO time the owner took over. */
  since: string;
  /** Whether the owner's lease is held now (false: it died and nobody has taken over yet). */
  held: boolean;
}

const BUMP_EPOCH = "UPDATE cluster_owner SET epoch = epoch + 1, node = $1, url = $2, since = now() WHERE id = 1 RETURNING epoch";

/**
 * The owner's lease: a PostgreSQL session advisory lock held on a connection of its own (never
 * the pool's: a pooled connection goes back to others, and the lock with it).
 * NOTE: the lock lives exactly as long as that session. A node that dies (even SIGKILL) closes its
 * socket and PostgreSQL frees the lock at once; a host cut off by the network keeps it until the
 * server's TCP keepalive notices (tcp_keepalives_* on the server bound that).
 */
export class OwnerLease {
  private client: pg.Client | undefined;
  private epoch: number | undefined;
  private releasing = false;
  private readonly listeners: ((error?: Error) => void)[] = [];

  constructor(
    private readonly url: string,
    private readonly node: { id: string; url: string },
    private readonly options: { logger?: Logger } = {},
  ) {}

  /** Takes the lease when it is free: resolves with the new epoch (the fencing token), else undefined. */
  async tryAcquire(): Promise<number | undefined> {
    if (this.epoch !== undefined) return this.epoch;
    const client = await this.connection();
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [OWNER_LOCK_KEY]);
    if (!rows[0].locked) return undefined;
    try {
      await client.query("BEGIN");
      const bumped = await client.query<{ epoch: string }>(BUMP_EPOCH, [this.node.id, this.node.url]);
      await client.query("COMMIT");
      this.epoch = Number(bumped.rows[0].epoch);
      this.options.logger?.info({ epoch: this.epoch, node: this.node.id }, "took the connector's ownership");
      return this.epoch;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      await client.query("SELECT pg_advisory_unlock($1)", [OWNER_LOCK_KEY]).catch(() => undefined);
      throw error;
    }
  }

  /** Called once if the lease's connection ends or fails while it is held: the lock is gone then. */
  onLost(listener: (error?: Error) => void): void {
    this.listeners.push(listener);
  }

  /** Gives the lease up (when held) and ends its connection; onLost is not called for this. */
  async release(): Promise<void> {
    this.releasing = true;
    const client = this.client;
    if (!client) return;
    if (this.epoch !== undefined) await client.query("SELECT pg_advisory_unlock($1)", [OWNER_LOCK_KEY]).catch(() => undefined);
    this.epoch = undefined;
    this.client = undefined;
    await client.end().catch(() => undefined);
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    this.releasing = false;
    // NOTE: keepAlive lets this side notice a dead path to the server, not only a closed socket.
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    client.on("error", (error) => this.ended(client, error));
    client.on("end", () => this.ended(client));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private ended(client: pg.Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    const held = this.epoch !== undefined;
    this.epoch = undefined;
    if (!held || this.releasing) return;
    this.options.logger?.error({ err: error, node: this.node.id }, "lost the connector's ownership: its lease connection ended");
    for (const listener of this.listeners) listener(error);
  }
}

/** The current owner as `cluster_owner` records it; undefined before any node has owned the connector. */
export async function readOwner(source: pg.Pool | string): Promise<OwnerRecord | undefined> {
  const db = typeof source === "string" ? new pg.Client({ connectionString: source }) : source;
  if (db instanceof pg.Client) await db.connect();
  try {
    // NOTE: a bigint advisory key below 2^31 shows in pg_locks as classid 0, objid key, objsubid 1.
    const { rows } = await db.query<{ epoch: string; node: string | null; url: string | null; since: Date; held: boolean }>(
      `SELECT epoch, node, url, since, EXISTS (
         SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = $1::bigint::oid AND objsubid = 1
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
       ) AS held
       FROM cluster_owner WHERE id = 1`,
      [OWNER_LOCK_KEY],
    );
    const row = rows[0];
    if (!row || row.node === null || row.url === null) return undefined;
    return { epoch: Number(row.epoch), node: row.node, url: row.url, since: row.since.toISOString(), held: row.held };
  } finally {
    if (db instanceof pg.Client) await db.end();
  }
}
