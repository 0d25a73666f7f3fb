/**
 * A desktop companion's Bayeux side for the connector's tests (B11): pairs through the HTTP
 * routes, handshakes with `ext.companion`, and speaks lib/companion/protocol.ts on its channels.
 * The companion process itself (npm run companion) is tested on its own.
 */
import { companionChannels, type CompanionUp } from "../../lib/companion/protocol";
import { BayeuxClient, handshake, type BayeuxClientOptions } from "./bayeux";
import type { Connector } from "./harness";

/** Gets a pairing code as the signed-in worker and exchanges it; resolves with the credential. */
export async function pairCompanion(connector: Connector, worker: string): Promise<string> {
  const cookie = await connector.signIn(worker);
  const code = await connector.request("/api/kw/companion/pairing-code", { method: "POST", headers: { cookie } });
  if (code.status !== 201) throw new Error(`pairing code answered ${code.status}: ${code.text}`);
  const paired = await connector.request("/api/companion/pair", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ worker, code: code.json.code }) });
  if (paired.status !== 201) throw new Error(`pair answered ${paired.status}: ${paired.text}`);
  return paired.json.credential;
}

/** A cometd client that handshakes as the worker's companion (ext.companion on the handshake only). */
export function companionCometD(connector: Connector, worker: string, credential: string, options: BayeuxClientOptions = {}) {
  const cometd = connector.cometd(options);
  cometd.registerExtension("ucc-companion", {
    outgoing(message) {
      if (message.channel === "/meta/handshake") message.ext = { ...(message.ext ?? {}), companion: { worker, credential } };
      return message;
    },
  });
  return cometd;
}

export class CompanionClient extends BayeuxClient {
  constructor(
    cometd: BayeuxClient["cometd"],
    readonly worker: string,
  ) {
    super(cometd);
  }

  /** Subscribes to its `down` channel; resolves with the server's reply. */
  listen() {
    return this.subscribe(companionChannels.down(this.worker));
  }

  /** Publishes on its `up` channel; resolves with the server's reply. */
  say(message: CompanionUp | Record<string, unknown>) {
    return this.publish(companionChannels.up(this.worker), message);
  }

  /** The first message on `down` that `matches` accepts. */
  heard(matches: (data: any) => boolean) {
    return this.waitForMessage(companionChannels.down(this.worker), matches);
  }
}

/** Pairs (unless given a credential), handshakes and subscribes to `down`. */
export async function connectCompanion(connector: Connector, worker: string, credential?: string): Promise<CompanionClient> {
  const cometd = companionCometD(connector, worker, credential ?? (await pairCompanion(connector, worker)));
  await handshake(cometd);
  const client = new CompanionClient(cometd, worker);
  const reply = await client.listen();
  if (!reply.successful) throw new Error(`companion subscribe refused: ${reply.error}`);
  return client;
}
