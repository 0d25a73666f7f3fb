/**
 * A real OpenID Connect provider for the tests: npm `oidc-provider` on loopback, with its own
 * login form (devInteractions off): a username, a password, "Sign in" and "Cancel". Consent is
 * granted without asking (a first-party app). Stop it with close().
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider from "oidc-provider";

export interface TestAccount {
  /** What the person types in the login form. */
  username: string;
  password: string;
  name: string;
  /** The ID token's `sub`; default the username. */
  sub?: string;
  /** The `preferred_username` claim; default the username. */
  preferredUsername?: string;
  /** Entra ID's tenant and object ids, in the ID token when given. */
  tid?: string;
  oid?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function loginPage(uid: string, error?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body>
<main><h1>Test identity provider</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${escape(uid)}/abort"><button type="submit">Cancel</button></form>
</main></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startOidcProvider(options: { redirectUris: string[]; accounts: TestAccount[] }): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "ucc-test";
  const clientSecret = "ucc-test-secret-0123456789abcdef";
  const accounts = new Map(options.accounts.map((a) => [a.username, a]));
  const bySub = new Map(options.accounts.map((a) => [a.sub ?? a.username, a]));
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: "RS256", use: "sig", kid: "test-key" };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ["test-cookie-key-0123456789"] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: false } },
    claims: { openid: ["sub", "tid", "oid"], profile: ["preferred_username", "name"] },
    // NOTE: the ID token carries the granted scopes' claims (tid, oid), as Entra ID's does.
    conformIdTokenClaims: false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = bySub.get(sub);
      if (!account) return undefined;
      const entra = account.tid && account.oid ? { tid: account.tid, oid: account.oid } : {};
      return { accountId: sub, claims: async () => ({ sub, preferred_username: account.preferredUsername ?? account.username, name: account.name, ...entra }) };
    },
    // NOTE: a first-party app: the grant is made without a consent screen.
    async loadExistingGrant(ctx) {
      const { Grant } = ctx.oidc.provider;
      const existing = ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (existing) return Grant.find(existing);
      const grant = new Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope("openid profile email");
      await grant.save();
      return grant;
    },
  });
  provider.on("server_error", (_ctx, error) => process.stderr.write(`test provider error: ${error.stack ?? error}\n`));
  const handleOidc = provider.callback();

  server.on("request", (req, res) => {
    void (async () => {
      const match = /^\/interaction\/([^/]+)(\/login|\/abort)?$/.exec(new URL(req.url ?? "/", issuer).pathname);
      if (!match) return handleOidc(req, res);
      const [, uid, action] = match;
      if (!action && req.method === "GET") {
        await provider.interactionDetails(req, res);
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(uid));
        return;
      }
      if (action === "/abort" && req.method === "POST") {
        await provider.interactionFinished(req, res, { error: "access_denied", error_description: "the person cancelled" }, { mergeWithLastSubmission: false });
        return;
      }
      if (action === "/login" && req.method === "POST") {
        const form = await readForm(req);
        const account = accounts.get(form.get("username") ?? "");
        if (!account || account.password !== form.get("password")) {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(loginPage(uid, "Wrong username or password"));
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: account.sub ?? account.username } }, { mergeWithLastSubmission: false });
        return;
      }
      res.writeHead(405).end();
    })().catch((error) => {
      if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" }).end(String(error?.message ?? error));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
