/**
 * The PostgreSQL side of interactions: each lifecycle step (the interaction, the offer it closed,
 * its events, messages, idle time and presence change) in one transaction, and idempotency keys.
 */
import { isFinal, type Interaction } from "../../domain/interaction";
import type { IdempotencyRecord, InteractionChange, ReportingEvent, Store } from "../store";
import { insertMessage } from "./messages";
import { ConflictingWriteError } from "./ownership";
import { json, toInteraction, type InteractionRow } from "./rows";
import type { Db, Tx, Write } from "./transactions";
import { insertEvent, setIdle, updatePresence } from "./workers-and-sessions";

type Interactions = Pick<
  Store,
  | "createInteraction"
  | "getIdempotencyRecord"
  | "updateInteraction"
  | "getInteraction"
  | "listOpenInteractions"
  | "listRecentInteractions"
  | "interactionIdForCustomerToken"
>;

/** The columns a step may change, $1 being the id. */
const stepValues = (i: Interaction) => [
  i.id,
  i.state,
  i.worker ?? null,
  i.target ?? null,
  json(i.refusedBy),
  json(i.offer),
  json(i.call),
  json(i.invite),
  i.parties?.length ? json(i.parties) : null,
  json(i.wrapUp),
  i.customerActiveAt ?? null,
  i.abandonedFor ?? null,
  i.updatedAt,
];

const STEP_SET =
  "state = $2, worker = $3, target = $4, refused_by = $5, offer = $6, call = $7, invite = $8, parties = $9, wrap_up = $10, customer_active_at = $11, abandoned_for = $12, updated_at = $13";

async function applyChange(tx: Tx, change: InteractionChange): Promise<ReportingEvent[]> {
  const { closedOffer, interaction } = change;
  if (closedOffer && closedOffer.status !== "offered") {
    await tx.query(
      `INSERT INTO offers (id, interaction, worker, status, offered_at, deadline, extended, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET interaction = excluded.interaction, worker = excluded.worker, status = excluded.status,
         offered_at = excluded.offered_at, deadline = excluded.deadline, extended = excluded.extended, closed_at = excluded.closed_at`,
      [closedOffer.id, interaction.id, closedOffer.worker, closedOffer.status, closedOffer.offeredAt, closedOffer.deadline, Boolean(closedOffer.extended), closedOffer.closedAt],
    );
  }
  if (change.idle) await setIdle(tx, change.idle.worker, change.idle.since);
  if (change.presence) await updatePresence(tx, change.presence);
  for (const m of change.messages ?? []) await insertMessage(tx, interaction.id, m);
  const events: ReportingEvent[] = [];
  for (const e of change.events) events.push(await insertEvent(tx, e));
  return events;
}

/**
 * Inside the interaction's own transaction: the key goes with it, and expired keys go.
 * NOTE: only keyed creates add rows, and each purges every expired one (as in SQLite).
 */
async function keepKey(tx: Tx, record: IdempotencyRecord, purgeBefore: string): Promise<void> {
  await tx.query("DELETE FROM idempotency_keys WHERE created_at < $1", [purgeBefore]);
  await tx.query(
    `INSERT INTO idempotency_keys (api_key, key, request_hash, interaction, status, body, sealed_token, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (api_key, key) DO UPDATE SET request_hash = excluded.request_hash, interaction = excluded.interaction,
       status = excluded.status, body = excluded.body, sealed_token = excluded.sealed_token, created_at = excluded.created_at`,
    [record.apiKey, record.key, record.requestHash, record.interaction, record.status, record.body, record.sealedToken, record.createdAt],
  );
}

/**
 * NOTE: every state change is conditional on the version this store instance last read or wrote
 * (`versions`): two nodes that both loaded an interaction can never both apply a transition from
 * the same state (an offer to two workers); the second UPDATE matches no row, is rolled back and
 * throws ConflictingWriteError. An interaction this instance never read is written as before
 * (unconditionally); one that reaches done or abandoned is forgotten, which bounds the map.
 */
export function pgInteractions(db: Db, write: Write): Interactions {
  const versions = new Map<string, number>();
  const seen = (row: InteractionRow): Interaction => {
    versions.set(row.id, Number(row.version));
    return toInteraction(row);
  };
  const noted = (i: Interaction, version: number) => {
    if (isFinal(i.state)) versions.delete(i.id);
    else versions.set(i.id, version);
  };

  return {
    async createInteraction(change, tokenHash, idempotency) {
      const i = change.interaction;
      const events = await write(async (tx) => {
        await tx.query(
          `INSERT INTO interactions (id, state, worker, target, refused_by, offer, call, invite, parties, wrap_up, customer_active_at, abandoned_for, updated_at,
             media, from_name, subject, data, customer_token_hash, created_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, 1)`,
          [...stepValues(i), i.media, i.from, i.subject, json(i.data), tokenHash ?? null, i.createdAt],
        );
        if (idempotency) await keepKey(tx, idempotency.record, idempotency.purgeBefore);
        return applyChange(tx, change);
      });
      noted(i, 1);
      return events;
    },
    async getIdempotencyRecord(apiKey, key, notBefore) {
      const { rows } = await db.query<Omit<IdempotencyRecord, "createdAt"> & { createdAt: Date }>(
        `SELECT api_key AS "apiKey", key, request_hash AS "requestHash", interaction, status, body, sealed_token AS "sealedToken", created_at AS "createdAt"
         FROM idempotency_keys WHERE api_key = $1 AND key = $2 AND created_at >= $3`,
        [apiKey, key, notBefore],
      );
      return rows[0] ? { ...rows[0], createdAt: rows[0].createdAt.toISOString() } : undefined;
    },
    async updateInteraction(change) {
      const i = change.interaction;
      const expected = versions.get(i.id);
      const values = stepValues(i);
      const condition = expected === undefined ? "" : ` AND version = $${values.length + 1}`;
      const { version, events } = await write(async (tx) => {
        const updated = await tx.query<{ version: string }>(
          `UPDATE interactions SET ${STEP_SET}, version = version + 1 WHERE id = $1${condition} RETURNING version`,
          expected === undefined ? values : [...values, expected],
        );
        if (updated.rowCount === 0) {
          const exists = await tx.query("SELECT 1 FROM interactions WHERE id = $1", [i.id]);
          if (exists.rowCount) throw new ConflictingWriteError(i.id);
          throw new Error(`interaction ${i.id} is not in the store`);
        }
        return { version: Number(updated.rows[0].version), events: await applyChange(tx, change) };
      });
      noted(i, version);
      return events;
    },
    async getInteraction(id) {
      const { rows } = await db.query<InteractionRow>("SELECT * FROM interactions WHERE id = $1", [id]);
      return rows[0] ? seen(rows[0]) : undefined;
    },
    async listOpenInteractions() {
      const { rows } = await db.query<InteractionRow>("SELECT * FROM interactions WHERE state NOT IN ('done', 'abandoned') ORDER BY created_at, ord");
      return rows.map(seen);
    },
    async listRecentInteractions(worker, since, limit) {
      // NOTE: served by interactions_done_by_worker; a done row never changes again, so no version is kept for it.
      const { rows } = await db.query<InteractionRow>(
        "SELECT * FROM interactions WHERE state = 'done' AND worker = $1 AND updated_at >= $2::timestamptz ORDER BY updated_at DESC, created_at DESC, ord DESC LIMIT $3",
        [worker, since, limit],
      );
      return rows.map(seen);
    },
    async interactionIdForCustomerToken(tokenHash) {
      const { rows } = await db.query<{ id: string }>("SELECT id FROM interactions WHERE customer_token_hash = $1", [tokenHash]);
      return rows[0]?.id;
    },
  };
}
