/**
 * What the invitations keep across restarts (B7): the tokens already used (an invitation link
 * works once), the offers out as invitations that no window has shown yet (one that runs out is a
 * Reject), and each worker's Teams conversation with the bot (where a proactive invitation goes).
 * Part of the Store port (lib/store/store.ts).
 */

/** Where the Teams bot reaches a worker: kept when the app is installed for them (or they write to it). */
export interface TeamsConversationRecord {
  worker: string;
  /** The Bot Connector's service URL for this conversation (from the activity that brought it). */
  serviceUrl: string;
  conversationId: string;
  /** The bot's id and the user's id in this conversation. */
  botId: string;
  userId: string;
  tenantId?: string;
  /** The UPN the worker was matched by. */
  upn: string;
  updatedAt: string;
}

/** An offer that went out as an invitation, not yet shown in a window of its worker. */
export interface InvitationOut {
  offer: string;
  worker: string;
  /** The offer's deadline (ISO 8601). */
  deadline: string;
  /** The interaction the offer is for. */
  interaction?: string;
  /** The gateways' answer; absent while none came (or the connector stopped before it did). */
  result?: InvitationResult;
}

export type InvitationResult = "sent" | "failed";

/**
 * An invitation card the Teams bot sent, kept until its offer ends: the update that then says how
 * it ended (with no button left) goes to this activity, in this conversation, even after a restart.
 */
export interface TeamsCardRecord {
  offer: string;
  worker: string;
  serviceUrl: string;
  conversationId: string;
  botId: string;
  tenantId?: string;
  /** The id the Bot Connector gave the sent activity: the update replaces it. */
  activityId: string;
  /** What the card shows of the interaction (JSON of {media, from, subject}). */
  interaction: { media: "chat" | "voice"; from: string; subject: string };
  sentAt: string;
}

export interface InvitationStore {
  /**
   * Marks an invitation token used, once: true the first time, false when it was used before.
   * Only its id is kept (never the token), with what it signed in, until the token expires.
   */
  useInvitation(id: string, use: { worker: string; offer: string; at: string; expiresAt: string }): Promise<boolean>;
  /** Whether this token id was used (and has not expired since). */
  isInvitationUsed(id: string): Promise<boolean>;
  /**
   * Forgets the used tokens that expired before this instant (ISO 8601): past its expiry a token
   * is refused as expired before "used" is asked. Resolves with how many went.
   */
  purgeInvitationsUsed(now: string): Promise<number>;
  /** Keeps an invitation as out, with no result yet (again, for one sent anew after a restart). */
  keepInvitationOut(out: InvitationOut): Promise<void>;
  /** Keeps the gateways' answer to the invitation for this offer. */
  settleInvitationOut(offer: string, result: InvitationResult): Promise<void>;
  /** Forgets the invitations out to this worker (a window of theirs opened). */
  forgetInvitationsOut(worker: string): Promise<void>;
  /** Forgets the invitation out for this offer (its link was opened: the offer has been shown). */
  forgetInvitationOut(offer: string): Promise<void>;
  /** Forgets the invitations out whose offer's deadline is before this instant (ISO 8601). */
  forgetInvitationsOutBefore(deadline: string): Promise<void>;
  listInvitationsOut(): Promise<InvitationOut[]>;
  saveTeamsConversation(record: TeamsConversationRecord): Promise<void>;
  getTeamsConversation(worker: string): Promise<TeamsConversationRecord | undefined>;
  /** Keeps a sent invitation card (one per offer; a card sent anew replaces it). */
  keepTeamsCard(card: TeamsCardRecord): Promise<void>;
  getTeamsCard(offer: string): Promise<TeamsCardRecord | undefined>;
  /** Forgets the card of this offer (updated, or its update given up). */
  forgetTeamsCard(offer: string): Promise<void>;
}
