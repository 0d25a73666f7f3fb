import type { Route } from "../router";
import { getWorkerRoute } from "./get-worker";
import { healthRoute } from "./health";
import { kwMeRoute, kwPresenceRoute, kwWindowClosedRoute } from "./kw-me";
import { listEventsRoute } from "./list-events";
import { metricsRoute } from "./metrics";
import { putWorkerPresenceRoute } from "./put-worker-presence";
import { signInOptionsRoute, signInRoute, signOutRoute } from "./sign-in";

export const routes: readonly Route[] = [
  healthRoute,
  metricsRoute,
  getWorkerRoute,
  putWorkerPresenceRoute,
  listEventsRoute,
  signInRoute,
  signOutRoute,
  signInOptionsRoute,
  kwMeRoute,
  kwPresenceRoute,
  kwWindowClosedRoute,
];
