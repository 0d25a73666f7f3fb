/**
 * The Bayeux endpoint: faye's server (WebSocket and long-polling), wrapped so that every client
 * message passes the authorizer, every session is tied to the signed-in worker who handshook it,
 * and the window tracker hears of every session's start, activity and end.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import faye, { type BayeuxMessage } from "faye";
import type { Topic } from "../connector/ports";
import type { WindowTracker } from "../connector/window-tracker";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { PushMessage } from "../protocol";
import { companionChannels, companionUpSchema, type CompanionDown, type CompanionUp } from "../companion/protocol";
import { authorize, type Principal, type WorkerPrincipal } from "./authorizer";
import { channelOf, channels, interactionOfPush } from "./channels";
import { limitWebSocketFrames } from "./ws-frame-limit";

export const BAYEUX_PATH = "/cometd";

export interface BayeuxServerDeps {
  /** Who sends this message: a worker by the session cookie, a customer by the token in `ext`. */
  authenticate(request: IncomingMessage, message: BayeuxMessage): Promise<Principal | undefined>;
  isForeignOrigin(request: IncomingMessage): boolean;
  tracker: WindowTracker;
  metrics: Metrics;
  logger: Logger;
  /** Seconds a /meta/connect is held; a silent client expires after twice this. */
  timeoutSeconds: number;
  /** The largest WebSocket frame accepted, in bytes. */
  maxFrameBytes: number;
  /** Where desktop companions' sessions and `up` messages go (B11); without it none is handled. */
  companions?: CompanionHooks;
}

/** What the Bayeux server tells of desktop companions: their sessions and what they publish (checked). */
export interface CompanionHooks {
  opened(clientId: string, workerId: string): void;
  closed(clientId: string, workerId: string): void;
  received(clientId: string, workerId: string, message: CompanionUp): void;
}

export interface BayeuxServer {
  handle(request: IncomingMessage, response: ServerResponse): void;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * Delivers a push to the subscribers of the topic's channel on this node (and, for a worker's
   * push about an interaction, of its scoped channel); resolves once faye has taken it.
   */
  deliver(topic: Topic, message: PushMessage): Promise<void>;
  /**
   * Ends the Bayeux sessions scoped to this interaction that `isOpen` says reach nothing any more
   * (their interactions are done, or their offers closed without an Accept). Returns how many.
   */
  endScopes(interactionId: string, isOpen: (principal: WorkerPrincipal) => boolean): number;
  /** Whether a session scoped to this interaction is open on this server (no walk over all sessions). */
  hasScopedSessions(interactionId: string): boolean;
  /** Bayeux sessions held now. */
  sessionCount(): number;
  /** Sends to the worker's companion sessions on this node; resolves with whether any listens here. */
  deliverCompanion(workerId: string, message: CompanionDown): Promise<boolean>;
  /** Ends the worker's companion sessions on this node (unpaired); returns how many. */
  dropCompanion(workerId: string): number;
  /**
   * Ends every Bayeux session of the worker now (sign-out): a held long poll is answered, a
   * WebSocket closed, and the client's next message, no longer signed in, is refused.
   * Returns how many were ended.
   */
  dropWorker(workerId: string): number;
  /**
   * Ends every session: their windows handshake again (through the balancer, on whichever node
   * takes them) and refetch what they show. Returns how many there were.
   */
  dropAll(): number;
  /** From now on refuses handshakes (503, the client tries again later): the node drains. */
  refuseHandshakes(): void;
  close(): void;
}

const WEBSOCKET_CLIENTS = Symbol("ucc.websocketClients");
type UpgradeRequest = IncomingMessage & { [WEBSOCKET_CLIENTS]?: Set<string> };

export function createBayeuxServer(deps: BayeuxServerDeps): BayeuxServer {
  const { tracker, metrics, logger } = deps;
  limitWebSocketFrames(deps.maxFrameBytes);

  const adapter = new faye.NodeAdapter({
    mount: BAYEUX_PATH,
    timeout: deps.timeoutSeconds,
    ping: Math.max(5, Math.floor(deps.timeoutSeconds / 2)),
  });
  const sessions = new Map<string, Principal>();
  const handshakers = new WeakMap<IncomingMessage, Principal>();
  let draining = false;
  // NOTE: sessions opened by invitation links, by the interactions they reach: a push looks up
  // its interaction here instead of walking every session on every push.
  const scopedTo = new Map<string, Set<string>>();
  const indexScopes = (clientId: string, principal: Principal, add: boolean) => {
    if (principal.kind !== "worker" || !principal.scopes) return;
    for (const { interaction } of principal.scopes) {
      const set = scopedTo.get(interaction) ?? new Set<string>();
      if (add) set.add(clientId);
      else set.delete(clientId);
      if (set.size) scopedTo.set(interaction, set);
      else scopedTo.delete(interaction);
    }
  };

  const refuse = (message: BayeuxMessage, status: number, reason: string) => {
    logger.warn({ channel: message.channel, clientId: message.clientId, reason }, "bayeux message refused");
    message.error = `${status}::${reason}`;
  };

  adapter.addExtension({
    incoming(message, request, callback) {
      // NOTE: faye passes request === null for the server's own client; those are our publishes.
      if (request === null) return callback(message);
      void (async () => {
        try {
          if (deps.isForeignOrigin(request)) return refuse(message, 403, "foreign origin");
          if (draining && message.channel === "/meta/handshake") return refuse(message, 503, "this node is draining; try again");
          const boundTo = message.clientId ? sessions.get(message.clientId) : undefined;
          // NOTE: a companion proves itself at its handshake; its clientId (faye's 160 random bits)
          // carries that proof after, and unpairing ends the session (dropCompanion).
          const principal = boundTo?.kind === "companion" ? boundTo : await deps.authenticate(request, message);
          const subscription = message.subscription;
          const decision = authorize({
            channel: message.channel,
            subscriptions: subscription === undefined ? [] : ([] as string[]).concat(subscription),
            principal,
            boundTo,
          });
          if (!decision.allow) return refuse(message, decision.status, decision.reason);
          if (principal?.kind === "companion" && message.channel === companionChannels.up(principal.workerId)) {
            // NOTE: an `up` message is the connector's to handle; nobody may subscribe to `up`, so
            // faye's own publish of it reaches no one.
            const parsed = companionUpSchema.safeParse(message.data);
            if (!parsed.success || !deps.companions) return refuse(message, 400, parsed.success ? "companions are not served here" : `not a companion message: ${parsed.error.issues[0]?.message ?? "invalid"}`);
            deps.companions.received(message.clientId!, principal.workerId, parsed.data);
          }
          // NOTE: a handshake travels alone in its request, so the reply's request tells who asked.
          if (message.channel === "/meta/handshake") handshakers.set(request, principal!);
          if (message.clientId) {
            tracker.touch(message.clientId);
            (request as UpgradeRequest)[WEBSOCKET_CLIENTS]?.add(message.clientId);
          }
        } catch (error) {
          // NOTE: fail closed: a policy that throws denies.
          logger.error({ err: error, channel: message.channel }, "bayeux authorization failed");
          message.error = "500::authorization failed";
        } finally {
          callback(message);
        }
      })();
    },
    outgoing(message, request, callback) {
      if (message.channel === "/meta/handshake") {
        // The reply carries the new clientId: tie it to whoever the request is signed in as.
        if (message.successful && message.clientId && request) {
          const principal = handshakers.get(request);
          handshakers.delete(request);
          if (principal) {
            sessions.set(message.clientId, principal);
            indexScopes(message.clientId, principal, true);
            metrics.bayeuxSessions.set(sessions.size);
            // Only a worker's session is a web client window; a customer's is not, nor is one
            // scoped to an interaction: it cannot show new offers, so they go as invitations.
            if (principal.kind === "worker" && !principal.scopes) tracker.open(message.clientId, principal.workerId);
            if (principal.kind === "companion") deps.companions?.opened(message.clientId, principal.workerId);
            (request as UpgradeRequest)[WEBSOCKET_CLIENTS]?.add(message.clientId);
          }
        }
        if (!message.successful) {
          // NOTE: faye advises `handshake` after a refusal, and the cometd client would retry forever.
          message.advice = { reconnect: "none" };
        }
      }
      callback(message);
    },
  });

  // NOTE: most pushes (a customer's chat nobody watches, a worker with no window) have no
  // subscriber; faye would still run each through its whole pipeline. Count subscribers per
  // channel and skip those.
  const subscribers = new Map<string, Set<string>>();
  adapter.on("subscribe", (clientId, channel) => {
    let set = subscribers.get(channel);
    if (!set) subscribers.set(channel, (set = new Set()));
    set.add(clientId);
  });
  adapter.on("unsubscribe", (clientId, channel) => {
    const set = subscribers.get(channel);
    if (!set) return;
    set.delete(clientId);
    if (set.size === 0) subscribers.delete(channel);
  });

  adapter.on("disconnect", (clientId) => {
    const principal = sessions.get(clientId);
    if (principal) indexScopes(clientId, principal, false);
    sessions.delete(clientId);
    if (principal?.kind === "companion") deps.companions?.closed(clientId, principal.workerId);
    metrics.bayeuxSessions.set(sessions.size);
    tracker.close(clientId);
  });

  const client = adapter.getClient();
  // NOTE: faye has no public call to end one client; its engine's destroyClient is what a
  // /meta/disconnect runs (it fires "disconnect", which untracks the window above).
  const destroyClient = (id: string) =>
    (adapter as unknown as { _server: { _engine: { destroyClient(id: string): void } } })._server._engine.destroyClient(id);

  return {
    handle: (request, response) => adapter.handle(request, response),
    handleUpgrade(request, socket, head) {
      if (deps.isForeignOrigin(request)) {
        logger.warn({ origin: request.headers.origin }, "bayeux websocket from a foreign origin refused");
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      const clients = new Set<string>();
      (request as UpgradeRequest)[WEBSOCKET_CLIENTS] = clients;
      socket.once("close", () => tracker.socketClosed(clients));
      adapter.handleUpgrade(request, socket, head);
    },
    async deliver(topic, message) {
      const targets = [channelOf(topic)];
      // NOTE: a worker's push about an interaction also goes to that interaction's scoped channel.
      const interactionId = topic.kind === "worker" ? interactionOfPush(message) : undefined;
      if (topic.kind === "worker" && interactionId !== undefined) targets.push(channels.workerScoped(topic.worker, interactionId));
      await Promise.all(
        targets
          .filter((channel) => subscribers.has(channel))
          .map((channel) => client.publish(channel, message).then(
            () => undefined,
            (error) => logger.error({ err: error, channel }, "bayeux publish failed"),
          )),
      );
    },
    endScopes(interactionId, isOpen) {
      const ended = [...(scopedTo.get(interactionId) ?? [])].filter((id) => {
        const p = sessions.get(id);
        return p !== undefined && !isOpen(p as WorkerPrincipal);
      });
      for (const id of ended) destroyClient(id);
      return ended.length;
    },
    hasScopedSessions: (interactionId) => scopedTo.has(interactionId),
    sessionCount: () => sessions.size,
    async deliverCompanion(workerId, message) {
      const channel = companionChannels.down(workerId);
      if (!subscribers.has(channel)) return false;
      await client.publish(channel, message).then(
        () => undefined,
        (error) => logger.error({ err: error, channel }, "bayeux publish failed"),
      );
      return true;
    },
    dropCompanion(workerId) {
      const ids = [...sessions].filter(([, p]) => p.kind === "companion" && p.workerId === workerId).map(([id]) => id);
      for (const id of ids) destroyClient(id);
      return ids.length;
    },
    dropWorker(workerId) {
      const ids = [...sessions].filter(([, p]) => p.kind === "worker" && p.workerId === workerId).map(([id]) => id);
      for (const id of ids) destroyClient(id);
      return ids.length;
    },
    dropAll() {
      const ids = [...sessions.keys()];
      for (const id of ids) destroyClient(id);
      return ids.length;
    },
    refuseHandshakes() {
      draining = true;
    },
    close: () => adapter.close(),
  };
}
