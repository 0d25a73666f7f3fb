/** The PostgreSQL side of chat transcripts: append once per id, the whole list, and pages both ways. */
import type { ChatMessage, MessagePage, Store } from "../store";
import { MESSAGE_COLUMNS, toMessage, type MessageRow } from "./rows";
import type { Db, Tx, Write } from "./transactions";

// NOTE: a cursor id that is not in this chat makes the sub-select NULL, so the page is empty.
const SEQ_OF = "(SELECT seq FROM messages WHERE interaction = $1 AND id = $3)";
const PAGES = {
  last: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE interaction = $1 ORDER BY seq DESC LIMIT $2`,
  before: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE interaction = $1 AND seq < ${SEQ_OF} ORDER BY seq DESC LIMIT $2`,
  first: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE interaction = $1 ORDER BY seq LIMIT $2`,
  after: `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE interaction = $1 AND seq > ${SEQ_OF} ORDER BY seq LIMIT $2`,
};

/** Inside another write (a step's "joined" line): a second message with the same id fails the write, as in SQLite. */
export async function insertMessage(tx: Tx, interaction: string, message: ChatMessage): Promise<void> {
  await tx.query("INSERT INTO messages (interaction, id, sender, text, at) VALUES ($1, $2, $3, $4, $5)", [
    interaction,
    message.id,
    message.from,
    message.text,
    message.at,
  ]);
}

export function pgMessages(db: Db, write: Write): Pick<Store, "appendMessage" | "listMessages" | "listMessagePage"> {
  return {
    async appendMessage(interaction, message) {
      return write(async (tx) => {
        // NOTE: ON CONFLICT waits for a concurrent insert of the same id, then the SELECT sees it.
        const inserted = await tx.query(
          "INSERT INTO messages (interaction, id, sender, text, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (interaction, id) DO NOTHING",
          [interaction, message.id, message.from, message.text, message.at],
        );
        if (inserted.rowCount === 1) return { message, created: true };
        const { rows } = await tx.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE interaction = $1 AND id = $2`, [interaction, message.id]);
        return { message: toMessage(rows[0]), created: false };
      });
    },
    async listMessages(interaction) {
      const { rows } = await db.query<MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE interaction = $1 ORDER BY seq`, [interaction]);
      return rows.map(toMessage);
    },
    /** One page; one row more than asked tells whether there is more beyond it. */
    async listMessagePage(interaction, query): Promise<MessagePage> {
      const n = query.limit + 1;
      const forwards = "after" in query;
      const cursor = forwards ? query.after : query.before;
      const sql = forwards ? (cursor === null ? PAGES.first : PAGES.after) : cursor === undefined ? PAGES.last : PAGES.before;
      const params = cursor === null || cursor === undefined ? [interaction, n] : [interaction, n, cursor];
      const { rows } = await db.query<MessageRow>(sql, params);
      const kept = rows.slice(0, query.limit);
      return { messages: (forwards ? kept : kept.reverse()).map(toMessage), more: rows.length > query.limit };
    },
  };
}
