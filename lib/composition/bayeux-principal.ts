/**
 * Who sends a Bayeux message, for the node's Bayeux server: a desktop companion (by its
 * credential or certificate), a customer (by the chat token in `ext`), a worker inside Teams (by
 * the Teams token, or the session its organisation sign-in handed over, in `ext`: no cookie reaches
 * Teams' iframe), or a worker by the session cookie.
 */
import type { IncomingMessage } from "node:http";
import type { BayeuxMessage } from "faye";
import type { TeamsBearer } from "../auth/teams-bearer";
import { resolveTabBearer } from "../auth/bearer-kind";
import type { Principal } from "../bayeux/authorizer";
import { customerInteraction } from "../connector/interactions/customer-access";
import { SESSION_COOKIE, type SessionService } from "../connector/sessions";
import { parseCookies } from "../http/io";
import type { Store } from "../store/store";

export interface BayeuxPrincipalDeps {
  store: Store;
  sessions: SessionService;
  companions: { authenticate(req: IncomingMessage, ext: BayeuxMessage["ext"]): Promise<Principal | undefined | "not-companion"> };
  teamsBearer(): TeamsBearer | undefined;
}

export function bayeuxPrincipal(deps: BayeuxPrincipalDeps) {
  return async function authenticate(req: IncomingMessage, message: BayeuxMessage): Promise<Principal | undefined> {
    const companion = await deps.companions.authenticate(req, message.ext);
    if (companion !== "not-companion") return companion;
    const ucc = message.ext?.ucc as { customerToken?: unknown; teamsToken?: unknown } | undefined;
    const token = ucc?.customerToken;
    if (typeof token === "string" && token.length <= 200) {
      const interactionId = await customerInteraction(deps.store, token);
      return interactionId ? { kind: "customer", interactionId } : undefined;
    }
    const teamsToken = ucc?.teamsToken;
    // NOTE: the tab's bearer (its Teams token, or the session its organisation sign-in handed it).
    if (typeof teamsToken === "string") return resolveTabBearer(teamsToken, { sessions: deps.sessions, teams: deps.teamsBearer() });
    return deps.sessions.resolve(parseCookies(req)[SESSION_COOKIE]);
  };
}
