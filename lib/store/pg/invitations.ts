/** The PostgreSQL side of the InvitationStore: used tokens, invitations out, Teams conversations. */
import type { InvitationResult, InvitationStore, TeamsCardRecord } from "../invitation-store";
import { iso, json } from "./rows";
import type { Db, Write } from "./transactions";

interface TeamsRow {
  worker: string;
  service_url: string;
  conversation_id: string;
  bot_id: string;
  user_id: string;
  tenant_id: string | null;
  upn: string;
  updated_at: Date;
}

interface CardRow {
  offer: string;
  worker: string;
  service_url: string;
  conversation_id: string;
  bot_id: string;
  tenant_id: string | null;
  activity_id: string;
  interaction: TeamsCardRecord["interaction"];
  sent_at: Date;
}

export function pgInvitations(db: Db, write: Write): InvitationStore {
  const change = async (sql: string, values: unknown[]): Promise<number> => (await write((tx) => tx.query(sql, values))).rowCount ?? 0;
  return {
    async useInvitation(id, use) {
      const changed = await change(
        "INSERT INTO invitations_used (id, worker, offer, used_at, expires_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
        [id, use.worker, use.offer, use.at, use.expiresAt],
      );
      return changed === 1;
    },
    async isInvitationUsed(id) {
      return ((await db.query("SELECT 1 FROM invitations_used WHERE id = $1", [id])).rowCount ?? 0) > 0;
    },
    async purgeInvitationsUsed(now) {
      return change("DELETE FROM invitations_used WHERE expires_at <= $1", [now]);
    },
    async forgetInvitationOut(offer) {
      await change("DELETE FROM invitations_out WHERE offer = $1", [offer]);
    },
    async keepInvitationOut(out) {
      await change(
        `INSERT INTO invitations_out (offer, worker, deadline, interaction, result) VALUES ($1, $2, $3, $4, NULL)
         ON CONFLICT (offer) DO UPDATE SET deadline = excluded.deadline, interaction = excluded.interaction, result = NULL`,
        [out.offer, out.worker, out.deadline, out.interaction ?? null],
      );
    },
    async settleInvitationOut(offer, result) {
      await change("UPDATE invitations_out SET result = $2 WHERE offer = $1", [offer, result]);
    },
    async forgetInvitationsOut(worker) {
      await change("DELETE FROM invitations_out WHERE worker = $1", [worker]);
    },
    async forgetInvitationsOutBefore(deadline) {
      await change("DELETE FROM invitations_out WHERE deadline < $1", [deadline]);
    },
    async listInvitationsOut() {
      const { rows } = await db.query<{ offer: string; worker: string; deadline: Date; interaction: string | null; result: string | null }>(
        "SELECT offer, worker, deadline, interaction, result FROM invitations_out ORDER BY deadline, offer",
      );
      return rows.map((row) => ({
        offer: row.offer,
        worker: row.worker,
        deadline: iso(row.deadline),
        ...(row.interaction ? { interaction: row.interaction } : {}),
        ...(row.result === "sent" || row.result === "failed" ? { result: row.result as InvitationResult } : {}),
      }));
    },
    async saveTeamsConversation(r) {
      await change(
        `INSERT INTO teams_conversations (worker, service_url, conversation_id, bot_id, user_id, tenant_id, upn, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (worker) DO UPDATE SET service_url = excluded.service_url, conversation_id = excluded.conversation_id,
           bot_id = excluded.bot_id, user_id = excluded.user_id, tenant_id = excluded.tenant_id, upn = excluded.upn, updated_at = excluded.updated_at`,
        [r.worker, r.serviceUrl, r.conversationId, r.botId, r.userId, r.tenantId ?? null, r.upn, r.updatedAt],
      );
    },
    async getTeamsConversation(worker) {
      const { rows } = await db.query<TeamsRow>("SELECT * FROM teams_conversations WHERE worker = $1", [worker]);
      const row = rows[0];
      if (!row) return undefined;
      return {
        worker: row.worker,
        serviceUrl: row.service_url,
        conversationId: row.conversation_id,
        botId: row.bot_id,
        userId: row.user_id,
        ...(row.tenant_id ? { tenantId: row.tenant_id } : {}),
        upn: row.upn,
        updatedAt: iso(row.updated_at),
      };
    },
    async keepTeamsCard(c) {
      await change(
        `INSERT INTO teams_cards (offer, worker, service_url, conversation_id, bot_id, tenant_id, activity_id, interaction, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (offer) DO UPDATE SET worker = excluded.worker, service_url = excluded.service_url, conversation_id = excluded.conversation_id,
           bot_id = excluded.bot_id, tenant_id = excluded.tenant_id, activity_id = excluded.activity_id, interaction = excluded.interaction, sent_at = excluded.sent_at`,
        [c.offer, c.worker, c.serviceUrl, c.conversationId, c.botId, c.tenantId ?? null, c.activityId, json(c.interaction), c.sentAt],
      );
    },
    async getTeamsCard(offer) {
      const { rows } = await db.query<CardRow>("SELECT * FROM teams_cards WHERE offer = $1", [offer]);
      const row = rows[0];
      if (!row) return undefined;
      return {
        offer: row.offer,
        worker: row.worker,
        serviceUrl: row.service_url,
        conversationId: row.conversation_id,
        botId: row.bot_id,
        ...(row.tenant_id ? { tenantId: row.tenant_id } : {}),
        activityId: row.activity_id,
        interaction: row.interaction,
        sentAt: iso(row.sent_at),
      };
    },
    async forgetTeamsCard(offer) {
      await change("DELETE FROM teams_cards WHERE offer = $1", [offer]);
    },
  };
}
