/**
 * The SQLite side of transcript pages and idempotency keys (tables made by the migrations).
 * Kept apart from sqlite-store.ts so that file stays one screenful per concern.
 */
import type Database from "better-sqlite3";
import type { ChatMessage, IdempotencyRecord, MessagePage, MessagePageQuery, MessageSender } from "./store";

interface MessageRow {
  id: string;
  sender: string;
  text: string;
  at: string;
}

interface KeyRow {
  api_key: string;
  key: string;
  request_hash: string;
  interaction: string;
  status: number;
  body: string;
  sealed_token: string;
  created_at: string;
}

const toMessage = (row: MessageRow): ChatMessage => ({ id: row.id, from: row.sender as MessageSender, text: row.text, at: row.at });

const COLUMNS = "id, sender, text, at";
// NOTE: a cursor id that is not in this chat makes the sub-select NULL, so the page is empty.
const SEQ_OF = "(SELECT seq FROM messages WHERE interaction = @interaction AND id = @cursor)";

export function sqlitePagesAndKeys(db: Database.Database) {
  const q = {
    last: db.prepare<{ interaction: string; n: number }, MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE interaction = @interaction ORDER BY seq DESC LIMIT @n`),
    before: db.prepare<{ interaction: string; cursor: string; n: number }, MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE interaction = @interaction AND seq < ${SEQ_OF} ORDER BY seq DESC LIMIT @n`,
    ),
    first: db.prepare<{ interaction: string; n: number }, MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE interaction = @interaction ORDER BY seq LIMIT @n`),
    after: db.prepare<{ interaction: string; cursor: string; n: number }, MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE interaction = @interaction AND seq > ${SEQ_OF} ORDER BY seq LIMIT @n`,
    ),
    insertKey: db.prepare(
      `INSERT INTO idempotency_keys (api_key, key, request_hash, interaction, status, body, sealed_token, created_at)
       VALUES (@apiKey, @key, @requestHash, @interaction, @status, @body, @sealedToken, @createdAt)
       ON CONFLICT(api_key, key) DO UPDATE SET request_hash = excluded.request_hash, interaction = excluded.interaction,
         status = excluded.status, body = excluded.body, sealed_token = excluded.sealed_token, created_at = excluded.created_at`,
    ),
    purgeKeys: db.prepare("DELETE FROM idempotency_keys WHERE created_at < ?"),
    getKey: db.prepare<[string, string, string], KeyRow>("SELECT * FROM idempotency_keys WHERE api_key = ? AND key = ? AND created_at >= ?"),
  };

  /** One page; one row more than asked tells whether there is more beyond it. */
  function page(interaction: string, query: MessagePageQuery): MessagePage {
    const n = query.limit + 1;
    let rows: MessageRow[];
    let forwards = false;
    if ("after" in query) {
      forwards = true;
      rows = query.after === null ? q.first.all({ interaction, n }) : q.after.all({ interaction, cursor: query.after, n });
    } else {
      rows = query.before === undefined ? q.last.all({ interaction, n }) : q.before.all({ interaction, cursor: query.before, n });
    }
    const more = rows.length > query.limit;
    const kept = rows.slice(0, query.limit);
    return { messages: (forwards ? kept : kept.reverse()).map(toMessage), more };
  }

  /**
   * Inside the interaction's own transaction: the key goes with it, and expired keys go.
   * NOTE: only keyed creates add rows, and each purges every expired one, so the table never
   * holds more than a day of keys (an expired row left until the next keyed create is never read).
   */
  function keepKey(record: IdempotencyRecord, purgeBefore: string): void {
    q.purgeKeys.run(purgeBefore);
    q.insertKey.run(record);
  }

  function getKey(apiKey: string, key: string, notBefore: string): IdempotencyRecord | undefined {
    const row = q.getKey.get(apiKey, key, notBefore);
    if (!row) return undefined;
    return {
      apiKey: row.api_key,
      key: row.key,
      requestHash: row.request_hash,
      interaction: row.interaction,
      status: row.status,
      body: row.body,
      sealedToken: row.sealed_token,
      createdAt: row.created_at,
    };
  }

  return { page, keepKey, getKey };
}
