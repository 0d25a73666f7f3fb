/**
 * The Teams bot registers a worker's conversation only for an activity of a tenant that
 * teams-sso.tenants names (when configured), and only for the person a sign-in bound to that
 * worker (tid+oid), else by upn; it binds no one itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityTenant, tenantServed, trustedMember } from "../../lib/im/teams/trusted-member";
import { parseConfig } from "../../lib/config/load";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { Store } from "../../lib/store/store";

const TENANT = "11111111-2222-3333-4444-555555555555";
const OTHER = "99999999-8888-7777-6666-555555555555";
const ALEX_OID = "a1e00000-0000-4000-8000-00000000a1e0";
const SAM_OID = "5a400000-0000-4000-8000-0000000005a4";
const workers = parseConfig({
  workers: [
    { id: "kw1", name: "Alex", upn: "alex@contoso.example" },
    { id: "kw2", name: "Sam", upn: "sam@contoso.example" },
    { id: "kw3", name: "Jo" },
  ],
}).workers;

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ucc-teams-member-"));
  store = openSqliteStore(path.join(dir, "connector.sqlite"));
  // Alex signed in by Teams SSO once: kw1 is bound to Alex's object id.
  await store.bindIdentity({ worker: "kw1", kind: "entra", subject: `${TENANT}/${ALEX_OID}`, boundAt: "2026-12-06T12:00:00.000Z" });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const deps = (tenants?: string[]) => ({ workers, store, now: () => new Date(), tenants: tenants ? new Set(tenants) : undefined });

describe("the tenant of an activity", () => {
  it("is conversation.tenantId, else channelData.tenant.id, lower case", () => {
    expect(activityTenant({ conversation: { tenantId: TENANT.toUpperCase() }, channelData: { tenant: { id: OTHER } } })).toBe(TENANT);
    expect(activityTenant({ conversation: {}, channelData: { tenant: { id: OTHER } } })).toBe(OTHER);
    expect(activityTenant({ conversation: {} })).toBeUndefined();
  });
  it("must be served when teams-sso names tenants; anything goes when it does not", () => {
    expect(tenantServed(new Set([TENANT]), TENANT)).toBe(true);
    expect(tenantServed(new Set([TENANT]), OTHER)).toBe(false);
    expect(tenantServed(new Set([TENANT]), undefined)).toBe(false);
    expect(tenantServed(undefined, OTHER)).toBe(true);
  });
});

describe("trustedMember", () => {
  it.each<[string, string[] | undefined, { tenant?: string; aadObjectId?: string; upn: string }, string]>([
    ["Alex by the bound object id", [TENANT], { tenant: TENANT, aadObjectId: ALEX_OID, upn: "alex@contoso.example" }, "kw1"],
    ["Alex by the bound object id under another upn", [TENANT], { tenant: TENANT, aadObjectId: ALEX_OID, upn: "alex.new@contoso.example" }, "kw1"],
    ["Sam (not bound yet) by upn", [TENANT], { tenant: TENANT, aadObjectId: SAM_OID, upn: "SAM@contoso.example" }, "kw2"],
    ["anyone's tenant when teams-sso is not configured", undefined, { tenant: OTHER, aadObjectId: SAM_OID, upn: "sam@contoso.example" }, "kw2"],
  ])("%s", async (_name, tenants, sender, worker) => {
    expect(await trustedMember(deps(tenants), { tenant: undefined, aadObjectId: undefined, ...sender })).toMatchObject({ ok: true, worker: { id: worker } });
  });

  it.each<[string, string[] | undefined, { tenant?: string; aadObjectId?: string; upn: string }, string]>([
    ["another tenant", [TENANT], { tenant: OTHER, aadObjectId: ALEX_OID, upn: "alex@contoso.example" }, "tenant-not-served"],
    ["no tenant at all", [TENANT], { aadObjectId: ALEX_OID, upn: "alex@contoso.example" }, "tenant-not-served"],
    ["another object id with Alex's upn", [TENANT], { tenant: TENANT, aadObjectId: SAM_OID, upn: "alex@contoso.example" }, "worker-bound-to-another-person"],
    ["Alex's upn with no object id, kw1 being bound", [TENANT], { tenant: TENANT, upn: "alex@contoso.example" }, "no-object-id"],
    ["a worker's id as the name", [TENANT], { tenant: TENANT, aadObjectId: SAM_OID, upn: "kw3" }, "no-worker-with-this-upn"],
  ])("refuses %s", async (_name, tenants, sender, reason) => {
    expect(await trustedMember(deps(tenants), { tenant: undefined, aadObjectId: undefined, ...sender })).toEqual({ ok: false, reason });
  });

  it("binds no one", async () => {
    await trustedMember(deps([TENANT]), { tenant: TENANT, aadObjectId: SAM_OID, upn: "sam@contoso.example" });
    expect(await store.getIdentityBinding("kw2", "entra")).toBeUndefined();
  });
});
