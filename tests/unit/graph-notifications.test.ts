/**
 * Who a Graph change notification is from, as tables: the resource's user, and the clientState
 * check (ours and live, ours but made before a restart, or a forgery) that decides whether a
 * batch is applied, ignored or refused.
 */
import { describe, expect, it } from "vitest";
import { createTeamsPresenceSubscriptions } from "../../lib/connector/teams-presence-subscriptions";
import type { GraphSubscriptionPort } from "../../lib/graph/graph-subscriptions";
import { presenceUserOf } from "../../lib/http/routes/graph-notifications-schema";
import { createLogger } from "../../lib/observability/logger";
import { waitFor } from "../support/wait";

describe("presenceUserOf", () => {
  it.each([
    ["communications/presences('a1e0-1')", "a1e0-1"],
    ["/communications/presences/a1e0-1", "a1e0-1"],
    ["Communications/Presences('X')", "X"],
    ["users/a1e0-1", undefined],
    ["communications/presences", undefined],
  ])("%s -> %s", (resource, user) => expect(presenceUserOf(resource)).toBe(user));
});

describe("a notification's clientState", () => {
  const made: Array<{ clientState: string; userId: string }> = [];
  const graph: GraphSubscriptionPort = {
    async subscribe(_assertion, s) {
      made.push({ clientState: s.clientState, userId: s.userId });
      return { id: `sub-${s.userId}`, expiresAt: Date.now() + 3_600_000 };
    },
    renew: async (_a, id) => ({ id, expiresAt: Date.now() + 3_600_000 }),
    remove: async () => undefined,
  };
  const subscriptions = createTeamsPresenceSubscriptions({
    graph,
    userIdOf: async (worker) => (worker === "kw1" ? "user-1" : "user-2"),
    notificationUrl: () => "https://ucc.contoso.example/api/graph/notifications",
    key: Buffer.alloc(32, 7),
    logger: createLogger("silent"),
    now: () => Date.now(),
  });

  it("is the one made for that user, and names the live subscription's worker", async () => {
    subscriptions.seen("kw1", "teams-token");
    await waitFor(() => subscriptions.live("kw1"), (live) => live, { what: "kw1's subscription" });
    const { clientState } = made[0];
    expect(clientState).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(subscriptions.check("sub-user-1", clientState, undefined)).toEqual({ workerId: "kw1", userId: "user-1" });
  });

  it("of another user, altered, or missing, is a forgery", () => {
    const { clientState } = made[0];
    const altered = `${clientState.slice(0, -1)}${clientState.endsWith("A") ? "B" : "A"}`;
    expect(subscriptions.check("sub-user-1", altered, undefined)).toBe("forged");
    expect(subscriptions.check("sub-user-1", undefined, undefined)).toBe("forged");
    expect(subscriptions.check("sub-unknown", clientState, "user-2")).toBe("forged");
    expect(subscriptions.check("sub-unknown", "whatever", undefined)).toBe("forged");
  });

  it("ours for a subscription no longer known (made before a restart) is stale: ignored, not refused", () => {
    expect(subscriptions.check("sub-before-restart", made[0].clientState, "user-1")).toBe("stale");
  });
});
