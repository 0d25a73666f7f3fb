/**
 * matchPerson over the SQLite store's worker identities: two first sign-ins that race bind one
 * person, a configured identity overrides a binding, and a worker is never found by its id. (The
 * bindings themselves are in the Store contract, tests/contract/store-contract.ts.)
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { matchPerson } from "../../lib/auth/match-person";
import { entraIdentity, oidcIdentity } from "../../lib/auth/person-identity";
import { parseConfig } from "../../lib/config/load";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { Store } from "../../lib/store/store";

const TENANT = "11111111-2222-3333-4444-555555555555";
const open: Array<{ store: Store; dir: string }> = [];
function newStore(dir = mkdtempSync(path.join(os.tmpdir(), "ucc-identity-"))): Store {
  const store = openSqliteStore(path.join(dir, "connector.sqlite"));
  open.push({ store, dir });
  return store;
}
afterEach(async () => {
  for (const { store, dir } of open.splice(0)) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

const workers = parseConfig({
  workers: [
    { id: "kw1", name: "Alex", upn: "alex@contoso.example" },
    { id: "kw2", name: "Sam" },
    { id: "kw3", name: "Jo", upn: "jo@contoso.example", "oidc-subject": { iss: "https://idp.example", sub: "jo-sub" } },
  ],
}).workers;
const at = "2026-12-06T12:00:00.000Z";

describe("matchPerson", () => {
  const deps = (store: Store) => ({ workers, store, now: () => new Date(at) });
  const alex = oidcIdentity({ iss: "https://idp.example", sub: "alex-sub" });

  it("binds on the first sign-in by upn, then knows the person by identity whatever the name", async () => {
    const store = newStore();
    expect(await matchPerson(deps(store), alex, "ALEX@contoso.example")).toMatchObject({ ok: true, by: "first-sign-in", worker: { id: "kw1" } });
    expect(await matchPerson(deps(store), alex, "someone.else@contoso.example")).toMatchObject({ ok: true, by: "bound", worker: { id: "kw1" } });
    const other = oidcIdentity({ iss: "https://idp.example", sub: "other-sub" });
    expect(await matchPerson(deps(store), other, "alex@contoso.example")).toEqual({ ok: false, reason: "worker-bound-to-another-person" });
    expect(await matchPerson(deps(store), other, "alex@contoso.example", { bindNew: false })).toEqual({ ok: false, reason: "worker-bound-to-another-person" });
  });

  it("two first sign-ins that race bind one person; the other is refused", async () => {
    const store = newStore();
    const a = entraIdentity(TENANT, "aaaaaaaa-0000-4000-8000-000000000001");
    const b = entraIdentity(TENANT, "bbbbbbbb-0000-4000-8000-000000000002");
    const results = await Promise.all([matchPerson(deps(store), a, "alex@contoso.example"), matchPerson(deps(store), b, "alex@contoso.example")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "worker-bound-to-another-person" }]);
  });

  it("never by id, and a configured identity is the only one for that worker", async () => {
    const store = newStore();
    expect(await matchPerson(deps(store), alex, "kw2")).toEqual({ ok: false, reason: "no-worker-with-this-upn" });
    expect(await matchPerson(deps(store), oidcIdentity({ iss: "https://idp.example", sub: "jo-sub" }), undefined)).toMatchObject({ ok: true, by: "configured", worker: { id: "kw3" } });
    expect(await matchPerson(deps(store), alex, "jo@contoso.example")).toEqual({ ok: false, reason: "worker-configured-for-another-person" });
  });

  it("looking only (bindNew: false) binds nothing", async () => {
    const store = newStore();
    expect(await matchPerson(deps(store), alex, "alex@contoso.example", { bindNew: false })).toMatchObject({ ok: true, by: "first-sign-in" });
    expect(await store.getIdentityBinding("kw1", "oidc")).toBeUndefined();
  });
});
