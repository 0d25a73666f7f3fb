import type { InteractionService } from "../connector/interactions";
import type { Invitations } from "../connector/invitations/invitations";
import type { TeamsBot } from "../im/teams/teams-bot";
import type { PresenceService } from "../connector/presence-service";
import type { Reporting } from "../connector/reporting";
import type { SessionService } from "../connector/sessions";
import type { WindowTracker } from "../connector/window-tracker";
import type { ConnectorConfig } from "../config/schema";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { Store } from "../store/store";
import type { SignInServices } from "../auth/sign-in-services";
import type { CompanionService } from "../connector/companion/companion-service";
import type { GraphNotifications } from "../connector/teams-presence-notifications";

/** What route handlers may use: the connector's services, never an adapter directly. */
export interface AppDeps {
  config: ConnectorConfig;
  store: Store;
  sessions: SessionService;
  tracker: WindowTracker;
  presence: PresenceService;
  interactions: InteractionService;
  /** IM invitations (B7): redeeming a link. */
  invitations: Invitations;
  /** The Teams bot, when a teams IM gateway is configured. */
  teamsBot?: TeamsBot;
  reporting: Reporting;
  metrics: Metrics;
  logger: Logger;
  /** The default integration API key (UCC_API_KEY or the generated one); "" when only `api-keys` are configured. */
  apiKey: string;
  /** API calls made with a key must come with a client certificate the configured CA signed. */
  mtls: boolean;
  /** With MTLS: the URL of its own listener (--mtls-port), once listening; the API's refusals on the pages' port name it. */
  mtlsUrl?: () => string | undefined;
  signIn: SignInServices;
  /** A worker's open windows on every node (this node's alone when it runs by itself). */
  windowCount(worker: string): number;
  /** Whether this node takes new work (for /readyz): not while it starts or drains. */
  readiness?(): boolean;
  /** Whether this node owns the work now (for /readyz?role=owner). */
  owns?(): boolean;
  /** The desktop companions (B11): pairing and each worker's companion; the owner's. */
  companion?: CompanionService;
  /** Teams presence through Microsoft Graph, when the graph section is configured. */
  teamsPresence?: { outOfSyncSince(workerId: string): string | null };
  /** Graph's Teams presence change notifications (POST /api/graph/notifications), when they run. */
  graphNotifications?: GraphNotifications;
  /** Each worker's Teams SSO token as it is seen (sign-in, bearer requests): presence subscriptions are made on behalf of it. */
  teamsTokens?: { seen(workerId: string, token: string): void };
  /** Whether the Bayeux endpoint and store can serve (for /healthz). */
  ready(): Promise<boolean>;
}
