/** An OpenID Connect sign-in under way, sealed for the browser's cookie: opened only intact, with its key, within 10 minutes. */
import { describe, expect, it } from "vitest";
import { OIDC_TRANSACTION_TTL_MS, OidcTransactions } from "../../lib/auth/oidc-transactions";

const transaction = { state: "st-1", nonce: "no-1", codeVerifier: "v".repeat(43), next: "/extension" };

describe("sealed OIDC transactions", () => {
  it("open with the key they were sealed with, and not with another", async () => {
    const sealed = await new OidcTransactions(Buffer.alloc(32, 1)).seal(transaction);
    expect(await new OidcTransactions(Buffer.alloc(32, 1)).open(sealed)).toEqual(transaction);
    expect(await new OidcTransactions(Buffer.alloc(32, 2)).open(sealed)).toBeUndefined();
  });

  it("expire 10 minutes after the sign-in started", async () => {
    let now = Date.parse("2026-12-06T12:00:00Z");
    const transactions = new OidcTransactions(Buffer.alloc(32, 1), () => now);
    const sealed = await transactions.seal(transaction);
    now += OIDC_TRANSACTION_TTL_MS - 1_000;
    expect(await transactions.open(sealed)).toEqual(transaction);
    now += 2_000;
    expect(await transactions.open(sealed)).toBeUndefined();
  });

  it.each([["nothing", undefined], ["an empty cookie", ""], ["not a JWE", "a.b.c.d.e"], ["an oversized cookie", "x".repeat(5_000)]])("%s opens nothing", async (_n, value) => {
    expect(await new OidcTransactions(Buffer.alloc(32, 1)).open(value)).toBeUndefined();
  });
});
