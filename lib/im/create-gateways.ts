/**
 * The one place IM gateways are chosen: from the `im` section of the configuration, in the
 * order given. The Teams bot (its messaging endpoint) exists only when a teams gateway does.
 * NOTE: the xmpp and teams clients are loaded only when configured: the Teams SDK alone adds
 * about 0.6 s to every start.
 */
import type { GatewayConfig } from "../config/im-schema";
import type { Logger } from "../observability/logger";
import type { Store } from "../store/store";
import { createConsoleGateway } from "./console-gateway";
import type { ImGateway } from "./gateway";
import type { TeamsBot } from "./teams/teams-bot";
import { createWebhookGateway } from "./webhook-gateway";
import type { GraphActivityPort } from "../graph/graph-port";
import { createTeamsActivityGateway } from "./teams-activity-gateway";

export interface GatewayDeps {
  store: Store;
  logger: Logger;
  workers: readonly { id: string; name: string; upn?: string; jid?: string }[];
  /** `teams-sso.tenants`: the Teams bot trusts activities of these tenants only (when set). */
  teamsTenants?: readonly string[];
  /** Where the console gateway writes (stdout by default). */
  consoleWrite?: (line: string) => void;
  /** Microsoft Graph, when the graph section is configured (the teams-activity gateway). */
  graph?: GraphActivityPort;
}

export async function createGateways(configs: readonly GatewayConfig[], deps: GatewayDeps): Promise<{ gateways: ImGateway[]; teamsBot?: TeamsBot }> {
  const gateways: ImGateway[] = [];
  let teamsBot: TeamsBot | undefined;
  for (const config of configs) {
    switch (config.type) {
      case "console":
        gateways.push(createConsoleGateway(deps.consoleWrite));
        break;
      case "webhook":
        gateways.push(createWebhookGateway({ url: config.url, secret: config.secret, timeoutMs: config["timeout-ms"], retries: config.retries }));
        break;
      case "xmpp": {
        if (!deps.workers.some((w) => w.jid)) deps.logger.warn("the xmpp IM gateway is configured but no worker has a jid");
        const { createXmppGateway } = await import("./xmpp-gateway");
        gateways.push(
          createXmppGateway({
            service: config.service,
            domain: config.domain,
            username: config.username,
            password: config.password,
            timeoutMs: config["timeout-ms"],
          }),
        );
        break;
      }
      case "teams-activity":
        // NOTE: the configuration schema requires the graph section with this gateway.
        gateways.push(createTeamsActivityGateway({ graph: deps.graph!, appId: config["app-id"], activityType: config["activity-type"] }));
        break;
      case "teams": {
        if (config["allow-unauthenticated"]) {
          deps.logger.warn("the Teams bot accepts unauthenticated activities (allow-unauthenticated), from loopback only: for a local test host, never a real tenant");
        }
        const { createTeamsBot } = await import("./teams/teams-bot");
        const { createTeamsGateway } = await import("./teams/teams-gateway");
        teamsBot = await createTeamsBot({
          clientId: config["client-id"],
          clientSecret: config["client-secret"],
          tenantId: config["tenant-id"],
          allowUnauthenticated: config["allow-unauthenticated"],
          workers: deps.workers,
          tenants: deps.teamsTenants,
          store: deps.store,
          logger: deps.logger,
        });
        gateways.push(createTeamsGateway({ bot: teamsBot, store: deps.store, appId: config["app-id"], logger: deps.logger }));
        break;
      }
    }
  }
  return { gateways, ...(teamsBot ? { teamsBot } : {}) };
}
