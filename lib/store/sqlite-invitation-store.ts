/** The SQLite side of the InvitationStore (tables made by the migrations' last entries). */
import type Database from "better-sqlite3";
import type { InvitationStore, TeamsCardRecord, TeamsConversationRecord } from "./invitation-store";

interface TeamsRow {
  worker: string;
  service_url: string;
  conversation_id: string;
  bot_id: string;
  user_id: string;
  tenant_id: string | null;
  upn: string;
  updated_at: string;
}

interface CardRow {
  offer: string;
  worker: string;
  service_url: string;
  conversation_id: string;
  bot_id: string;
  tenant_id: string | null;
  activity_id: string;
  interaction: string;
  sent_at: string;
}

export function sqliteInvitationStore(db: Database.Database, noteCommit: () => void): InvitationStore {
  const q = {
    use: db.prepare(
      "INSERT INTO invitations_used (id, worker, offer, used_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
    ),
    isUsed: db.prepare<[string], { one: number }>("SELECT 1 AS one FROM invitations_used WHERE id = ?"),
    purgeUsed: db.prepare("DELETE FROM invitations_used WHERE expires_at <= ?"),
    forgetOneOut: db.prepare("DELETE FROM invitations_out WHERE offer = ?"),
    saveTeams: db.prepare(
      `INSERT INTO teams_conversations (worker, service_url, conversation_id, bot_id, user_id, tenant_id, upn, updated_at)
       VALUES (@worker, @service_url, @conversation_id, @bot_id, @user_id, @tenant_id, @upn, @updated_at)
       ON CONFLICT(worker) DO UPDATE SET service_url = excluded.service_url, conversation_id = excluded.conversation_id,
         bot_id = excluded.bot_id, user_id = excluded.user_id, tenant_id = excluded.tenant_id, upn = excluded.upn,
         updated_at = excluded.updated_at`,
    ),
    keepOut: db.prepare(
      `INSERT INTO invitations_out (offer, worker, deadline, interaction, result) VALUES (@offer, @worker, @deadline, @interaction, NULL)
       ON CONFLICT(offer) DO UPDATE SET deadline = excluded.deadline, interaction = excluded.interaction, result = NULL`,
    ),
    settleOut: db.prepare("UPDATE invitations_out SET result = ? WHERE offer = ?"),
    forgetOut: db.prepare("DELETE FROM invitations_out WHERE worker = ?"),
    forgetOutBefore: db.prepare("DELETE FROM invitations_out WHERE deadline < ?"),
    listOut: db.prepare<[], { offer: string; worker: string; deadline: string; interaction: string | null; result: string | null }>(
      "SELECT offer, worker, deadline, interaction, result FROM invitations_out ORDER BY deadline",
    ),
    getTeams: db.prepare<[string], TeamsRow>("SELECT * FROM teams_conversations WHERE worker = ?"),
    keepCard: db.prepare(
      `INSERT INTO teams_cards (offer, worker, service_url, conversation_id, bot_id, tenant_id, activity_id, interaction, sent_at)
       VALUES (@offer, @worker, @service_url, @conversation_id, @bot_id, @tenant_id, @activity_id, @interaction, @sent_at)
       ON CONFLICT(offer) DO UPDATE SET worker = excluded.worker, service_url = excluded.service_url, conversation_id = excluded.conversation_id,
         bot_id = excluded.bot_id, tenant_id = excluded.tenant_id, activity_id = excluded.activity_id, interaction = excluded.interaction,
         sent_at = excluded.sent_at`,
    ),
    getCard: db.prepare<[string], CardRow>("SELECT * FROM teams_cards WHERE offer = ?"),
    forgetCard: db.prepare("DELETE FROM teams_cards WHERE offer = ?"),
  };
  return {
    async useInvitation(id, use) {
      const changed = q.use.run(id, use.worker, use.offer, use.at, use.expiresAt).changes;
      noteCommit();
      return changed === 1;
    },
    async isInvitationUsed(id) {
      return q.isUsed.get(id) !== undefined;
    },
    async purgeInvitationsUsed(now) {
      const { changes } = q.purgeUsed.run(now);
      if (changes) noteCommit();
      return changes;
    },
    async forgetInvitationOut(offer) {
      if (q.forgetOneOut.run(offer).changes) noteCommit();
    },
    async keepInvitationOut(out) {
      q.keepOut.run({ offer: out.offer, worker: out.worker, deadline: out.deadline, interaction: out.interaction ?? null });
      noteCommit();
    },
    async settleInvitationOut(offer, result) {
      if (q.settleOut.run(result, offer).changes) noteCommit();
    },
    async forgetInvitationsOut(worker) {
      if (q.forgetOut.run(worker).changes) noteCommit();
    },
    async forgetInvitationsOutBefore(deadline) {
      if (q.forgetOutBefore.run(deadline).changes) noteCommit();
    },
    async listInvitationsOut() {
      return q.listOut.all().map((row) => ({
        offer: row.offer,
        worker: row.worker,
        deadline: row.deadline,
        ...(row.interaction ? { interaction: row.interaction } : {}),
        ...(row.result === "sent" || row.result === "failed" ? { result: row.result } : {}),
      }));
    },
    async saveTeamsConversation(r: TeamsConversationRecord) {
      q.saveTeams.run({
        worker: r.worker,
        service_url: r.serviceUrl,
        conversation_id: r.conversationId,
        bot_id: r.botId,
        user_id: r.userId,
        tenant_id: r.tenantId ?? null,
        upn: r.upn,
        updated_at: r.updatedAt,
      });
      noteCommit();
    },
    async getTeamsConversation(worker) {
      const row = q.getTeams.get(worker);
      if (!row) return undefined;
      return {
        worker: row.worker,
        serviceUrl: row.service_url,
        conversationId: row.conversation_id,
        botId: row.bot_id,
        userId: row.user_id,
        ...(row.tenant_id ? { tenantId: row.tenant_id } : {}),
        upn: row.upn,
        updatedAt: row.updated_at,
      };
    },
    async keepTeamsCard(card: TeamsCardRecord) {
      q.keepCard.run({
        offer: card.offer,
        worker: card.worker,
        service_url: card.serviceUrl,
        conversation_id: card.conversationId,
        bot_id: card.botId,
        tenant_id: card.tenantId ?? null,
        activity_id: card.activityId,
        interaction: JSON.stringify(card.interaction),
        sent_at: card.sentAt,
      });
      noteCommit();
    },
    async getTeamsCard(offer) {
      const row = q.getCard.get(offer);
      if (!row) return undefined;
      return {
        offer: row.offer,
        worker: row.worker,
        serviceUrl: row.service_url,
        conversationId: row.conversation_id,
        botId: row.bot_id,
        ...(row.tenant_id ? { tenantId: row.tenant_id } : {}),
        activityId: row.activity_id,
        interaction: JSON.parse(row.interaction) as TeamsCardRecord["interaction"],
        sentAt: row.sent_at,
      };
    },
    async forgetTeamsCard(offer) {
      if (q.forgetCard.run(offer).changes) noteCommit();
    },
  };
}
