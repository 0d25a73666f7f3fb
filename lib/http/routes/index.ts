import type { Route } from "../router";
import { startChatRoute } from "./chat-start";
import {
  createInteractionRoute,
  endInteractionRoute,
  getInteractionRoute,
  listMessagesRoute,
  postMessageRoute,
  routeInteractionRoute,
} from "./interactions-api";
import {
  kwAcceptRoute,
  kwDoneRoute,
  kwEndRoute,
  kwExtendRoute,
  kwInteractionsRoute,
  kwMessageRoute,
  kwMessagesRoute,
  kwOffersRoute,
  kwRejectRoute,
} from "./kw-interactions";
import { getWorkerRoute } from "./get-worker";
import { apiActionRoute, customerCallRoute, customerTypingRoute, kwActionRoute, kwTransferTargetsRoute, kwTypingRoute } from "./interaction-actions";
import { healthRoute, readyRoute } from "./health";
import { kwLanguageRoute } from "./kw-language";
import { kwTextsRoute } from "./kw-texts";
import { kwRecentRoute } from "./kw-recent";
import { kwMeRoute, kwPresenceRoute, kwWindowClosedRoute } from "./kw-me";
import { listEventsRoute } from "./list-events";
import { metricsRoute } from "./metrics";
import { putWorkerPresenceRoute } from "./put-worker-presence";
import { oidcCallbackRoute } from "./oidc-callback";
import { openApiRoute } from "./openapi";
import { devSignInRoute, signInOptionsRoute, signInRoute, signOutRoute } from "./sign-in";
import { teamsSignInRoute } from "./teams-sign-in";
import { teamsConsentRoute } from "./teams-consent";
import { teamsHandoffRoute } from "./teams-handoff";
import { openInvitationRoute, redeemInvitationRoute } from "./open-invitation";
import { teamsBotRoute } from "./teams-bot";
import { companionPairRoute, kwCompanionRoute, kwPairingCodeRoute, kwUnpairRoute } from "./companion";
import { graphNotificationsRoute } from "./graph-notifications";

/**
 * What every node serves itself, whether or not it owns the work: its own health, readiness and
 * metrics, and the goodbye of a window whose Bayeux session it holds.
 */
export const nodeRoutes: readonly Route[] = [healthRoute, readyRoute, metricsRoute, kwWindowClosedRoute];

/** What the node that owns the work serves (the others forward these to it). */
export const ownerRoutes: readonly Route[] = [
  getWorkerRoute,
  putWorkerPresenceRoute,
  listEventsRoute,
  openApiRoute,
  signInRoute,
  devSignInRoute,
  oidcCallbackRoute,
  teamsSignInRoute,
  teamsConsentRoute,
  teamsHandoffRoute,
  signOutRoute,
  signInOptionsRoute,
  kwMeRoute,
  kwPresenceRoute,
  kwLanguageRoute,
  kwTextsRoute,
  createInteractionRoute,
  getInteractionRoute,
  listMessagesRoute,
  postMessageRoute,
  endInteractionRoute,
  routeInteractionRoute,
  startChatRoute,
  kwOffersRoute,
  kwInteractionsRoute,
  kwRecentRoute,
  kwAcceptRoute,
  kwRejectRoute,
  kwExtendRoute,
  kwMessageRoute,
  kwMessagesRoute,
  kwEndRoute,
  kwDoneRoute,
  kwActionRoute,
  apiActionRoute,
  kwTransferTargetsRoute,
  kwTypingRoute,
  customerTypingRoute,
  customerCallRoute,
  openInvitationRoute,
  redeemInvitationRoute,
  teamsBotRoute,
  kwCompanionRoute,
  kwPairingCodeRoute,
  kwUnpairRoute,
  companionPairRoute,
  graphNotificationsRoute,
];

/** Every route (the OpenAPI document's check). */
export const routes: readonly Route[] = [...nodeRoutes, ...ownerRoutes];
