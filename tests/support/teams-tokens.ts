/**
 * Entra ID for the Teams SSO tests: a key set the test makes and serves on loopback (as
 * login.microsoftonline.com publishes its keys), and tokens minted with it, shaped as teams-js
 * hands them out (`aud`, `iss` v1 or v2, `tid`, `oid`, `scp`, `upn` / `preferred_username`).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";

export const TENANT = "11111111-2222-3333-4444-555555555555";
export const OTHER_TENANT = "99999999-8888-7777-6666-555555555555";
export const CLIENT_ID = "00000000-aaaa-bbbb-cccc-000000000001";
/** The object id (`oid`) of the person every minted token is by default (Alex). */
export const ALEX_OID = "a1e00000-0000-4000-8000-00000000a1e0";

export interface TestKeySet {
  jwksUri: string;
  /** Signs a token with the served key (or with `key`); claims merge over a valid v2 token's. */
  mint(claims?: JWTPayload & Record<string, unknown>, options?: { key?: CryptoKey; kid?: string; expiresIn?: string | number }): Promise<string>;
  /** A key the key set does not hold. */
  foreignKey: CryptoKey;
  /** Makes the key set answer 500 from now on. */
  breakIt(): void;
  close(): Promise<void>;
}

export async function startTestKeySet(audience: string): Promise<TestKeySet> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const foreign = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "test-kid", use: "sig", alg: "RS256" };
  let broken = false;
  const server = http.createServer((_req, res) => {
    if (broken) return void res.writeHead(500).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    jwksUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/discovery/v2.0/keys`,
    foreignKey: foreign.privateKey,
    async mint(claims = {}, options = {}) {
      const { exp, ...rest } = claims;
      const jwt = new SignJWT({
        tid: TENANT,
        oid: ALEX_OID,
        scp: "access_as_user",
        preferred_username: "alex.morgan@contoso.example",
        iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        aud: audience,
        ...rest,
      })
        .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: options.kid ?? "test-kid" })
        .setIssuedAt()
        .setNotBefore("-1m");
      jwt.setExpirationTime(exp ?? options.expiresIn ?? "1h");
      return jwt.sign(options.key ?? privateKey);
    },
    breakIt: () => {
      broken = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
