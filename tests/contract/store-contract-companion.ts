/** The Store contract's part on the desktop companion's pairing codes and credentials (issue 18). */
import { describe, expect, it } from "vitest";
import type { StoreUnderTest } from "./store-contract";

export function describeCompanionContract(name: string, subject: StoreUnderTest): void {
  describe(`${name}: companion pairing`, () => {
    it("spends a pairing code once, whoever asks, and a new code replaces the worker's old one", async () => {
      const store = subject.store;
      await store.putPairingCode("kw1", "h-old", "2026-12-06T12:10:00.000Z");
      await store.putPairingCode("kw1", "h-new", "2026-12-06T12:20:00.000Z");
      await store.putPairingCode("kw2", "h-kw2", "2026-12-06T12:10:00.000Z");
      expect(await store.spendPairingCode("h-old")).toBeUndefined();
      expect(await store.spendPairingCode("h-new")).toEqual({ worker: "kw1", expiresAt: "2026-12-06T12:20:00.000Z" });
      expect(await store.spendPairingCode("h-new")).toBeUndefined();
      const store2 = await subject.reopen();
      expect(await store2.spendPairingCode("h-kw2")).toEqual({ worker: "kw2", expiresAt: "2026-12-06T12:10:00.000Z" });
    });

    it("keeps credentials across a restart until the worker's companion is revoked", async () => {
      const store = subject.store;
      await store.addCompanionCredential("kw1", "c1", "2026-12-06T12:00:00.000Z");
      await store.addCompanionCredential("kw1", "c2", "2026-12-06T12:01:00.000Z");
      await store.addCompanionCredential("kw2", "c3", "2026-12-06T12:02:00.000Z");
      await store.putPairingCode("kw1", "h1", "2026-12-06T12:10:00.000Z");
      const reopened = await subject.reopen();
      expect(await reopened.companionCredentialWorker("c1")).toBe("kw1");
      expect(await reopened.countCompanionCredentials("kw1")).toBe(2);
      expect(await reopened.countCompanionCredentials("kw3")).toBe(0);
      expect(await reopened.companionCredentialWorker("nope")).toBeUndefined();
      expect(await reopened.revokeCompanion("kw1")).toBe(2);
      expect(await reopened.companionCredentialWorker("c1")).toBeUndefined();
      expect(await reopened.companionCredentialWorker("c2")).toBeUndefined();
      expect(await reopened.spendPairingCode("h1")).toBeUndefined();
      expect(await reopened.companionCredentialWorker("c3")).toBe("kw2");
      expect(await reopened.countCompanionCredentials("kw1")).toBe(0);
    });
  });
}
