/**
 * The connector's Teams bot, through Microsoft's Teams SDK (@microsoft/teams.apps; the Bot
 * Framework SDK is archived). Its messaging endpoint is served by the connector's own router
 * (POST /api/teams/messages) through an adapter, so no second HTTP server runs. When the app is
 * installed for a user (or they write to the bot), the user's UPN is looked up and, for a
 * configured worker, the personal conversation is kept (lib/store/invitation-store.ts): that is
 * where proactive invitations go.
 */
import { App, type HttpRouteHandler, type IHttpServerAdapter } from "@microsoft/teams.apps";
import type { ConversationReference } from "@microsoft/teams.api";
import type { MessageActivity } from "@microsoft/teams.api";
import { createTranslator } from "../../i18n/translator";
import type { Logger } from "../../observability/logger";
import type { ConnectorConfig } from "../../config/schema";
import type { Store } from "../../store/store";
import type { TeamsCardRecord, TeamsConversationRecord } from "../../store/invitation-store";
import { supportedLocale } from "../../i18n/resolve-locale";
import { TEAMS_BOT_PATH } from "./bot-path";
import { sdkLogger } from "./sdk-logger";
import { activityTenant, tenantServed, trustedMember } from "./trusted-member";

export interface TeamsBotOptions {
  clientId?: string;
  clientSecret?: string;
  tenantId?: string;
  /** Accept activities without a Bot Framework token (the router then takes loopback only). */
  allowUnauthenticated: boolean;
  workers: readonly { id: string; name: string; upn?: string; "oidc-subject"?: ConnectorConfig["workers"][number]["oidc-subject"] }[];
  /** `teams-sso.tenants`: when set, activities of other tenants register no conversation. */
  tenants?: readonly string[];
  store: Store;
  logger: Logger;
  now?: () => Date;
}

/** Hands the SDK's route handler to the connector's router instead of an HTTP server of its own. */
class RouterAdapter implements IHttpServerAdapter {
  handler: HttpRouteHandler | undefined;
  registerRoute(method: "POST", path: string, handler: HttpRouteHandler): void {
    if (method === "POST" && path === TEAMS_BOT_PATH) this.handler = handler;
  }
}

/** NOTE: the SDK's own proactive send posts to one service URL for all; this one uses each conversation's. */
class ConnectorBotApp extends App {
  sendToConversation(ref: ConversationReference, activity: MessageActivity) {
    return this.activitySender.send(activity, ref);
  }
}

/** Where a sent activity is: what an update of it needs (kept with an invitation card). */
export type SentActivityRef = Pick<TeamsCardRecord, "serviceUrl" | "conversationId" | "botId" | "tenantId" | "activityId">;

export interface TeamsBot {
  readonly unauthenticated: boolean;
  /** One activity from the Bot Connector: `{status, body}` to answer with. */
  handle(request: { body: unknown; headers: Record<string, string | string[]> }): Promise<{ status: number; body?: unknown }>;
  /** Sends a message to the worker's kept conversation: where it went, or "not-installed" when the app is not installed for them. */
  send(worker: string, activity: MessageActivity): Promise<SentActivityRef | "not-installed">;
  /** Replaces a sent activity with this one (Teams updates the message in place). */
  update(sent: SentActivityRef, activity: MessageActivity): Promise<void>;
}

function referenceOf(to: Pick<SentActivityRef, "serviceUrl" | "conversationId" | "botId" | "tenantId">): ConversationReference {
  return {
    channelId: "msteams",
    serviceUrl: to.serviceUrl,
    bot: { id: to.botId, role: "bot" } as ConversationReference["bot"],
    conversation: { id: to.conversationId, conversationType: "personal", ...(to.tenantId ? { tenantId: to.tenantId } : {}) } as ConversationReference["conversation"],
  };
}

export async function createTeamsBot(options: TeamsBotOptions): Promise<TeamsBot> {
  const { store, logger } = options;
  const now = options.now ?? (() => new Date());
  /**
   * What the bot says, in the worker's saved language (the web client's language choice); to
   * someone who is no worker here, in the language their Teams client names.
   */
  async function wordsFor(worker: string | undefined, activityLocale: string | undefined) {
    const saved = worker ? (await store.getWorker(worker))?.language : undefined;
    return createTranslator(supportedLocale(saved) ?? supportedLocale(activityLocale) ?? "en").t;
  }
  const tenants = options.tenants ? new Set(options.tenants.map((t) => t.toLowerCase())) : undefined;
  const adapter = new RouterAdapter();
  const app = new ConnectorBotApp({
    ...(options.clientId ? { clientId: options.clientId } : {}),
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    httpServerAdapter: adapter,
    messagingEndpoint: TEAMS_BOT_PATH,
    dangerouslyAllowUnauthenticatedRequests: options.allowUnauthenticated,
    logger: sdkLogger(logger),
  });

  type Ctx = Parameters<Parameters<typeof app.on<"message">>[1]>[0];
  type Incoming = Pick<Ctx["activity"], "conversation" | "from" | "recipient" | "serviceUrl" | "channelData" | "locale">;

  /**
   * Keeps the conversation of a personal chat with a configured worker and says so: on every
   * message, and on an install only when the conversation is new (Teams may repeat installs).
   */
  async function remember(
    { activity, api, send }: { activity: Incoming; api: Ctx["api"]; send: (text: string) => Promise<unknown> },
    kind: "install" | "message",
  ): Promise<void> {
    if (activity.conversation.conversationType !== "personal") return;
    const tenant = activityTenant(activity);
    // NOTE: before any call to Teams: another tenant's activity is not even looked up.
    if (!tenantServed(tenants, tenant)) {
      logger.warn({ tenant }, "Teams: an activity of a tenant not in teams-sso.tenants registers nothing");
      return;
    }
    const member = await api.conversations.members(activity.conversation.id).getById(activity.from.id);
    const upn = (member.userPrincipalName ?? member.email ?? "").toLowerCase();
    const aadObjectId = activity.from.aadObjectId ?? member.aadObjectId;
    const match = await trustedMember({ workers: options.workers, store, now, tenants }, { tenant, aadObjectId, upn });
    if (!match.ok) {
      logger.warn({ upn, reason: match.reason }, "Teams: the app was installed by someone who is not a configured worker");
      const t = await wordsFor(undefined, activity.locale);
      await send(t("invitation.bot.unknown", { upn: upn || "?" }));
      return;
    }
    const worker = match.worker;
    const record: TeamsConversationRecord = {
      worker: worker.id,
      serviceUrl: activity.serviceUrl ?? "",
      conversationId: activity.conversation.id,
      botId: activity.recipient.id,
      userId: activity.from.id,
      ...(activity.conversation.tenantId ? { tenantId: activity.conversation.tenantId } : {}),
      upn,
      updatedAt: now().toISOString(),
    };
    const before = await store.getTeamsConversation(worker.id);
    const same = before?.conversationId === record.conversationId && before.serviceUrl === record.serviceUrl && before.userId === record.userId;
    await store.saveTeamsConversation(record);
    await store.durable();
    if (!same) logger.info({ worker: worker.id }, "Teams: conversation kept for invitations");
    if (!same || kind === "message") {
      const t = await wordsFor(worker.id, activity.locale);
      await send(t("invitation.bot.linked", { name: worker.name }));
    }
  }

  app.on("install.add", (ctx) => remember(ctx, "install"));
  app.on("message", (ctx) => remember(ctx, "message"));
  await app.initialize();
  const handler = adapter.handler;
  if (!handler) throw new Error("the Teams SDK registered no messaging endpoint");

  return {
    unauthenticated: options.allowUnauthenticated,
    handle: (request) => handler(request),
    async send(worker, activity) {
      const kept = await store.getTeamsConversation(worker);
      if (!kept) return "not-installed";
      const sent = await app.sendToConversation(referenceOf(kept), activity);
      return {
        serviceUrl: kept.serviceUrl,
        conversationId: kept.conversationId,
        botId: kept.botId,
        ...(kept.tenantId ? { tenantId: kept.tenantId } : {}),
        activityId: sent.id,
      };
    },
    async update(sent, activity) {
      // NOTE: an activity with an id is sent as an update of that activity (a PUT on
      // /v3/conversations/{id}/activities/{activityId}).
      activity.id = sent.activityId;
      await app.sendToConversation(referenceOf(sent), activity);
    },
  };
}
