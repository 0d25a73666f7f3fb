/**
 * Who a Bayeux message comes from when it is a desktop companion's (B11): the handshake's
 * `ext.companion` = {worker, credential} (a credential pairing gave), or, on the MTLS listener, a
 * client certificate the configured CA signed whose subject CN names the worker. With MTLS
 * configured, a companion's connection needs that certificate either way. Any node runs this: it
 * reads the store only.
 */
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { CompanionPrincipal } from "../../bayeux/authorizer";
import { companionHandshakeSchema } from "../../companion/protocol";
import type { Store } from "../../store/store";
import { hasTrustedClientCertificate, viaMtlsListener } from "../../tls/https-server";
import { hashSecret } from "./pairing";

export interface CompanionAuthDeps {
  store: Store;
  /** Whether MTLS is configured (--key-store-file). */
  mtls: boolean;
  isWorker(id: string): boolean;
}

/** "not-companion": the message claims no companion; undefined: it does, and the proof fails. */
export async function authenticateCompanion(deps: CompanionAuthDeps, req: IncomingMessage, ext: unknown): Promise<CompanionPrincipal | undefined | "not-companion"> {
  const claimed = (ext as { companion?: unknown } | undefined)?.companion;
  const certified = deps.mtls && viaMtlsListener(req) && hasTrustedClientCertificate(req) ? certificateWorker(req) : undefined;
  if (claimed === undefined) {
    if (certified && deps.isWorker(certified)) return { kind: "companion", workerId: certified };
    return "not-companion";
  }
  const parsed = companionHandshakeSchema.safeParse(claimed);
  if (!parsed.success) return undefined;
  const { worker, credential } = parsed.data;
  // NOTE: with MTLS on, the certificate is required of companions as of integrators.
  if (deps.mtls && !(viaMtlsListener(req) && hasTrustedClientCertificate(req))) return undefined;
  if (certified === worker && deps.isWorker(worker)) return { kind: "companion", workerId: worker };
  const proven = await deps.store.companionCredentialWorker(hashSecret(credential));
  return proven === worker && deps.isWorker(worker) ? { kind: "companion", workerId: worker } : undefined;
}

function certificateWorker(req: IncomingMessage): string | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  const cn = socket.getPeerCertificate?.()?.subject?.CN;
  // NOTE: a subject with several CNs names no one worker.
  return typeof cn === "string" ? cn : undefined;
}
