/**
 * The Store port's contract (lib/store/store.ts): one suite, run against every adapter (SQLite in
 * tests/unit/sqlite-store.test.ts, PostgreSQL in tests/integration/pg-store.test.ts). `open` gives
 * a store on the adapter's current data (a second open after close sees what the first kept);
 * `cleanup` closes the open store and forgets its data before the next test.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../lib/store/store";
import { describeInteractionContract } from "./store-contract-interactions";
import { describeRecentContract } from "./store-contract-recent";
import { describeCompanionContract } from "./store-contract-companion";

export interface StoreUnderTest {
  readonly store: Store;
  /** Closes the store and opens it again on the same data. */
  reopen(): Promise<Store>;
}

const event = (worker: string, type = "RequestAgentNotReady", reasons?: Record<string, string>) => ({
  at: "2024-01-01T00:00:00.000Z",
  type,
  worker,
  ...(reasons ? { reasons } : {}),
});
const FOREVER = "2999-01-01T00:00:00.000Z";

export function describeStoreContract(name: string, open: () => Promise<Store>, cleanup: (store: Store) => Promise<void>): void {
  let store: Store;
  const subject: StoreUnderTest = {
    get store() {
      return store;
    },
    async reopen() {
      await store.close();
      store = await open();
      return store;
    },
  };
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await cleanup(store);
  });

  describe(`${name}: workers, presence and events`, () => {
    it("adds configured workers as offline and renames known ones without touching their presence", async () => {
      await store.syncWorkers([{ id: "kw1", name: "Alex" }, { id: "kw2", name: "Sam" }], "2024-01-01T00:00:00.000Z");
      expect(await store.getWorker("kw1")).toEqual({ id: "kw1", name: "Alex", presence: "offline", presenceSince: "2024-01-01T00:00:00.000Z", idleSince: "2024-01-01T00:00:00.000Z" });
      await store.setPresence("kw1", "busy", event("kw1"));
      await store.syncWorkers([{ id: "kw1", name: "Alex Morgan" }], "2024-02-01T00:00:00.000Z");
      expect(await store.getWorker("kw1")).toMatchObject({ name: "Alex Morgan", presence: "busy" });
      expect(await store.getWorker("nobody")).toBeUndefined();
    });

    it("forgets workers dropped from the configuration, and their sessions, until they come back", async () => {
      await store.syncWorkers([{ id: "kw1", name: "Alex" }, { id: "kw2", name: "Sam" }], "2024-01-01T00:00:00.000Z");
      await store.setPresence("kw2", "busy", event("kw2"));
      await store.createSession("h2", { worker: "kw2", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: FOREVER });
      await store.syncWorkers([{ id: "kw1", name: "Alex" }], "2024-02-01T00:00:00.000Z");
      expect((await store.listWorkers()).map((w) => w.id)).toEqual(["kw1"]);
      expect(await store.getWorker("kw2")).toBeUndefined();
      expect(await store.setPresence("kw2", "away", event("kw2"))).toBeUndefined();
      expect(await store.setLanguage("kw2", "fr")).toBeUndefined();
      expect(await store.getSession("h2", "2024-02-01T00:00:00.000Z")).toBeUndefined();
      await store.syncWorkers([{ id: "kw1", name: "Alex" }, { id: "kw2", name: "Sam" }], "2024-03-01T00:00:00.000Z");
      expect(await store.getWorker("kw2")).toMatchObject({ presence: "busy" });
    });

    it("sets presence and appends its event in one step; idle time when given; an unknown worker changes nothing", async () => {
      await store.syncWorkers([{ id: "kw1", name: "Alex" }], "2024-01-01T00:00:00.000Z");
      const result = await store.setPresence("kw1", "busy", { ...event("kw1", "RequestAgentNotReady", { KW_UC_STATUS: "busy" }), at: "2024-03-01T00:00:00.000Z" });
      expect(result?.worker).toEqual({ id: "kw1", name: "Alex", presence: "busy", presenceSince: "2024-03-01T00:00:00.000Z", idleSince: "2024-01-01T00:00:00.000Z" });
      expect(result?.event).toMatchObject({ seq: 1, type: "RequestAgentNotReady", worker: "kw1", reasons: { KW_UC_STATUS: "busy" } });
      const ready = await store.setPresence("kw1", "available", { ...event("kw1", "RequestAgentReady"), at: "2024-03-02T00:00:00.000Z" }, "2024-03-02T00:00:00.000Z");
      expect(ready?.worker).toMatchObject({ presence: "available", idleSince: "2024-03-02T00:00:00.000Z" });
      expect(await store.setPresence("ghost", "busy", event("ghost"))).toBeUndefined();
      expect((await store.listEvents(0, 100)).map((e) => e.type)).toEqual(["RequestAgentNotReady", "RequestAgentReady"]);
    });

    it("keeps a worker's language until it is cleared", async () => {
      await store.syncWorkers([{ id: "kw1", name: "Alex" }], "2024-01-01T00:00:00.000Z");
      expect(await store.setLanguage("kw1", "de")).toMatchObject({ id: "kw1", language: "de" });
      expect((await store.listWorkers())[0].language).toBe("de");
      expect(await store.setLanguage("kw1", null)).not.toHaveProperty("language");
      expect(await store.setLanguage("ghost", "de")).toBeUndefined();
    });

    it("lists events after a seq, oldest first, at most limit; optional fields only when set", async () => {
      expect(await store.appendEvent(event("kw1", "A"))).toEqual({ ...event("kw1", "A"), seq: 1 });
      await store.appendEvent({ ...event("kw1", "B", { KW_UC_STATUS: "busy" }), interaction: "i-1" });
      await store.appendEvent({ at: "2024-01-01T00:00:01.000Z", type: "C" });
      const all = await store.listEvents(0, 100);
      expect(all.map((e) => [e.seq, e.type])).toEqual([[1, "A"], [2, "B"], [3, "C"]]);
      expect(all[0]).toEqual({ seq: 1, at: "2024-01-01T00:00:00.000Z", type: "A", worker: "kw1" });
      expect(all[1]).toEqual({ seq: 2, at: "2024-01-01T00:00:00.000Z", type: "B", worker: "kw1", interaction: "i-1", reasons: { KW_UC_STATUS: "busy" } });
      expect(all[2]).toEqual({ seq: 3, at: "2024-01-01T00:00:01.000Z", type: "C" });
      expect((await store.listEvents(1, 1)).map((e) => e.type)).toEqual(["B"]);
      expect(await store.listEvents(3, 100)).toEqual([]);
    });

    it("keeps everything across close and reopen", async () => {
      await store.syncWorkers([{ id: "kw1", name: "Alex" }], "2024-01-01T00:00:00.000Z");
      await store.setPresence("kw1", "dnd", event("kw1"));
      await store.createSession("h", { worker: "kw1", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: FOREVER });
      await store.durable();
      const reopened = await subject.reopen();
      expect((await reopened.getWorker("kw1"))?.presence).toBe("dnd");
      expect(await reopened.listEvents(0, 10)).toHaveLength(1);
      expect(await reopened.getSession("h", "2024-06-01T00:00:00.000Z")).toMatchObject({ worker: "kw1" });
    });
  });

  describe(`${name}: sessions`, () => {
    it("keeps sessions until they expire and purges expired ones when creating", async () => {
      await store.createSession("h1", { worker: "kw1", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: "2024-01-08T00:00:00.000Z" });
      expect(await store.getSession("h1", "2024-01-07T23:59:59.999Z")).toEqual({ worker: "kw1", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: "2024-01-08T00:00:00.000Z" });
      expect(await store.getSession("h1", "2024-01-08T00:00:00.000Z")).toBeUndefined();
      await store.createSession("h2", { worker: "kw2", createdAt: "2024-01-09T00:00:00.000Z", expiresAt: "2024-01-16T00:00:00.000Z" });
      // Purged: even asked as of a time it was valid, it is gone.
      expect(await store.getSession("h1", "2024-01-02T00:00:00.000Z")).toBeUndefined();
      await store.deleteSession("h2");
      expect(await store.getSession("h2", "2024-01-10T00:00:00.000Z")).toBeUndefined();
    });

    it("keeps a scoped session's scopes, replaces them, and ends every session of a worker", async () => {
      const scopes = [{ offer: "o1", interaction: "i1" }];
      await store.createSession("s1", { worker: "kw1", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: FOREVER, scopes });
      await store.createSession("s2", { worker: "kw1", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: FOREVER });
      await store.createSession("s3", { worker: "kw2", createdAt: "2024-01-01T00:00:00.000Z", expiresAt: FOREVER });
      expect((await store.getSession("s1", "2024-01-02T00:00:00.000Z"))?.scopes).toEqual(scopes);
      const more = [...scopes, { offer: "o2", interaction: "i2" }];
      await store.setSessionScopes("s1", more);
      expect((await store.getSession("s1", "2024-01-02T00:00:00.000Z"))?.scopes).toEqual(more);
      expect(await store.deleteWorkerSessions("kw1")).toBe(2);
      expect(await store.getSession("s2", "2024-01-02T00:00:00.000Z")).toBeUndefined();
      expect(await store.getSession("s3", "2024-01-02T00:00:00.000Z")).toMatchObject({ worker: "kw2" });
      expect(await store.deleteWorkerSessions("kw1")).toBe(0);
    });
  });

  describeInteractionContract(name, subject);
  describeRecentContract(name, subject);
  describeInvitationAndIdentityContract(name, subject);
  describeCompanionContract(name, subject);
}

function describeInvitationAndIdentityContract(name: string, subject: StoreUnderTest): void {
  const use = (id: string, expiresAt: string) => subject.store.useInvitation(id, { worker: "kw1", offer: `o-${id}`, at: "2026-12-06T11:59:00.000Z", expiresAt });

  describe(`${name}: invitations`, () => {
    it("uses a token once, and forgets used tokens once they expired", async () => {
      const store = subject.store;
      expect(await use("t1", "2026-12-06T12:00:00.000Z")).toBe(true);
      expect(await use("t1", "2026-12-06T12:00:00.000Z")).toBe(false);
      await use("t2", "2026-12-06T12:00:00.001Z");
      expect(await store.isInvitationUsed("t1")).toBe(true);
      expect(await store.isInvitationUsed("nope")).toBe(false);
      expect(await store.purgeInvitationsUsed("2026-12-06T12:00:00.000Z")).toBe(1);
      expect(await store.isInvitationUsed("t1")).toBe(false);
      expect(await store.isInvitationUsed("t2")).toBe(true);
    });

    it("keeps invitations out with their answer, and forgets them by offer, by worker and by deadline", async () => {
      const store = subject.store;
      await store.keepInvitationOut({ offer: "o2", worker: "kw1", deadline: "2024-01-01T00:00:20.000Z", interaction: "i2" });
      await store.keepInvitationOut({ offer: "o1", worker: "kw1", deadline: "2024-01-01T00:00:10.000Z" });
      await store.keepInvitationOut({ offer: "o3", worker: "kw2", deadline: "2024-01-01T00:00:30.000Z", interaction: "i3" });
      await store.settleInvitationOut("o2", "sent");
      await store.settleInvitationOut("o3", "failed");
      expect(await store.listInvitationsOut()).toEqual([
        { offer: "o1", worker: "kw1", deadline: "2024-01-01T00:00:10.000Z" },
        { offer: "o2", worker: "kw1", deadline: "2024-01-01T00:00:20.000Z", interaction: "i2", result: "sent" },
        { offer: "o3", worker: "kw2", deadline: "2024-01-01T00:00:30.000Z", interaction: "i3", result: "failed" },
      ]);
      // Kept again (sent anew after a restart): the answer is cleared.
      await store.keepInvitationOut({ offer: "o2", worker: "kw1", deadline: "2024-01-01T00:00:25.000Z", interaction: "i2" });
      expect((await store.listInvitationsOut())[1]).toEqual({ offer: "o2", worker: "kw1", deadline: "2024-01-01T00:00:25.000Z", interaction: "i2" });
      await store.forgetInvitationsOutBefore("2024-01-01T00:00:20.000Z");
      expect((await store.listInvitationsOut()).map((o) => o.offer)).toEqual(["o2", "o3"]);
      await store.forgetInvitationOut("o3");
      expect((await store.listInvitationsOut()).map((o) => o.offer)).toEqual(["o2"]);
      await store.forgetInvitationsOut("kw1");
      expect(await store.listInvitationsOut()).toEqual([]);
    });

    it("keeps each worker's Teams conversation, the latest one", async () => {
      const store = subject.store;
      const record = { worker: "kw1", serviceUrl: "https://smba.example/", conversationId: "c1", botId: "b", userId: "u", upn: "alex@contoso.example", updatedAt: "2024-01-01T00:00:00.000Z" };
      await store.saveTeamsConversation(record);
      expect(await store.getTeamsConversation("kw1")).toEqual(record);
      const moved = { ...record, conversationId: "c2", tenantId: "t", updatedAt: "2024-01-02T00:00:00.000Z" };
      await store.saveTeamsConversation(moved);
      expect(await store.getTeamsConversation("kw1")).toEqual(moved);
      expect(await store.getTeamsConversation("kw2")).toBeUndefined();
    });
  });

  describe(`${name}: identities`, () => {
    const at = "2026-12-06T12:00:00.000Z";
    it("the first binding of a worker wins and is kept", async () => {
      const store = subject.store;
      const first = { worker: "kw1", kind: "oidc" as const, subject: "a", boundAt: at };
      expect(await store.bindIdentity(first)).toEqual(first);
      expect(await store.bindIdentity({ ...first, subject: "b" })).toEqual(first);
      expect(await store.workersBoundTo("oidc", "a")).toEqual(["kw1"]);
      expect(await store.workersBoundTo("oidc", "b")).toEqual([]);
      expect(await store.workersBoundTo("entra", "a")).toEqual([]);
      expect(await store.getIdentityBinding("kw1", "oidc")).toEqual(first);
      expect(await store.getIdentityBinding("kw1", "entra")).toBeUndefined();
    });

    it("two first bindings that race keep one, and both are told which", async () => {
      const store = subject.store;
      const a = { worker: "kw2", kind: "entra" as const, subject: "t/a", boundAt: at };
      const [one, two] = await Promise.all([store.bindIdentity(a), store.bindIdentity({ ...a, subject: "t/b" })]);
      expect(one).toEqual(two);
      expect(await store.getIdentityBinding("kw2", "entra")).toEqual(one);
    });
  });
}
