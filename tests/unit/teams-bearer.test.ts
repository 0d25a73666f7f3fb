/**
 * The Teams bearer's memory: a verified token is checked once and kept until its `exp`, then
 * refused (401) so the tab fetches a new one; a person whose Teams sign-in ended is refused
 * whatever the cache holds.
 */
import { describe, expect, it } from "vitest";
import type { WorkerPrincipal } from "../../lib/bayeux/authorizer";
import { createTeamsBearer } from "../../lib/auth/teams-bearer";
import { TeamsTokenError, type TeamsIdentity } from "../../lib/auth/teams-token";

const T0 = Date.parse("2026-12-06T10:00:00Z");

function setup() {
  let now = T0;
  const verified: string[] = [];
  const grants = new Map<string, string>();
  const bearer = createTeamsBearer({
    verifier: {
      async verify(token): Promise<TeamsIdentity> {
        verified.push(token);
        if (token.startsWith("bad")) throw new TeamsTokenError("invalid", "bad");
        return { name: "alex.morgan@contoso.example", tenant: "t1", oid: "o1", expiresAt: T0 + 60_000 };
      },
    },
    workers: [{ id: "kw1", name: "Alex", upn: "alex.morgan@contoso.example" }] as never,
    store: { workersBoundTo: async () => ["kw1"], getIdentityBinding: async () => undefined, bindIdentity: async () => { throw new Error("no binding here"); }, durable: async () => undefined } as never,
    sessions: {
      resolve: async (token?: string): Promise<WorkerPrincipal | undefined> => (token && grants.has(token) ? { kind: "worker", workerId: grants.get(token)! } : undefined),
      openDerived: async (token: string, workerId: string) => void grants.set(token, workerId),
    },
    grantKey: Buffer.alloc(32, 7),
    now: () => now,
  });
  return { bearer, verified, grants, advance: (ms: number) => (now += ms) };
}

describe("Teams bearer", () => {
  it("refuses a good token until the person signed in through Teams, then accepts it, verifying it once", async () => {
    const { bearer, verified } = setup();
    expect(await bearer.resolve("good-1")).toBeUndefined();
    await bearer.grant({ kind: "entra", subject: "t1/o1" }, "kw1");
    expect(await bearer.resolve("good-1")).toEqual({ kind: "worker", workerId: "kw1" });
    expect(await bearer.resolve("good-1")).toEqual({ kind: "worker", workerId: "kw1" });
    expect(verified).toEqual(["good-1"]);
  });

  it("refuses a cached token from its exp on", async () => {
    const { bearer, advance } = setup();
    await bearer.grant({ kind: "entra", subject: "t1/o1" }, "kw1");
    expect(await bearer.resolve("good-1")).toBeDefined();
    advance(60_000);
    expect(await bearer.resolve("good-1")).toBeUndefined();
  });

  it("refuses a token that does not check out, and a cached one once the grant is gone (sign-out)", async () => {
    const { bearer, grants } = setup();
    expect(await bearer.resolve("bad-1")).toBeUndefined();
    await bearer.grant({ kind: "entra", subject: "t1/o1" }, "kw1");
    expect(await bearer.resolve("good-1")).toBeDefined();
    grants.clear();
    expect(await bearer.resolve("good-1")).toBeUndefined();
  });

  it("derives a grant per person and worker that is not the person's ids", async () => {
    const { bearer, grants } = setup();
    await bearer.grant({ kind: "entra", subject: "t1/o1" }, "kw1");
    const [token] = [...grants.keys()];
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toContain("o1");
  });
});
