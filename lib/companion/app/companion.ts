/**
 * The desktop companion process (B11), wired: options and config file, pairing, the softphone
 * adapter, the link to the connector, the status line. Softphone events go up as `softphone`,
 * `call` and `dtmf` messages; each `command` from the connector is carried out on the softphone
 * and answered with a `result`. Resolves with the exit code.
 */
import { readFileSync } from "node:fs";
import { BaresipSoftphone } from "../softphone/baresip";
import type { Softphone, SoftphoneEvent } from "../softphone/softphone";
import { SoftphoneError } from "../softphone/softphone";
import { CompanionLink } from "./link";
import { OpenCalls } from "./open-calls";
import { parseOptions, saveConfig, UsageError } from "./options";
import { exchangePairingCode, PairingError } from "./pair";
import { companionAgent } from "./http-transport";
import { StatusLine, type CompanionStatus, type Output } from "./status-line";

export const COMPANION_VERSION = "ucc-companion/1";

export interface CompanionIo {
  out: Output;
  err: Output;
  /** Resolves when the user asks the companion to stop (SIGINT, SIGTERM). */
  stopRequested: Promise<void>;
}

export async function runCompanion(argv: string[], io: CompanionIo): Promise<number> {
  const fail = (message: string) => {
    io.err.write(`companion: ${message}\n`);
    return 1;
  };
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    throw error;
  }
  let tls;
  try {
    tls = { cert: options.cert ? readFileSync(options.cert) : undefined, key: options.key ? readFileSync(options.key) : undefined };
  } catch (error) {
    return fail(`cannot read the client certificate: ${(error as Error).message}`);
  }
  const agent = companionAgent(options.url, tls);

  let credential = options.credential;
  if (options.pairingCode) {
    try {
      credential = await exchangePairingCode(options.url, options.worker, options.pairingCode, agent);
    } catch (error) {
      if (error instanceof PairingError) return fail(error.message);
      throw error;
    }
    saveConfig(options.configFile, { url: options.url, worker: options.worker, credential, softphone: options.softphone, cert: options.cert, key: options.key });
    io.out.write(`paired: worker ${options.worker}'s companion credential saved in ${options.configFile}\n`);
  }

  const line = new StatusLine(io.out);
  const status: CompanionStatus = { worker: options.worker, link: "connecting", softphone: "absent" };
  const softphone: Softphone = new BaresipSoftphone(options.softphone);
  const openCalls = new OpenCalls();
  let fatal: ((message: string) => void) | undefined;
  const fatalMessage = new Promise<string>((resolve) => (fatal = resolve));
  const link = new CompanionLink({
    url: options.url,
    worker: options.worker,
    credential,
    version: COMPANION_VERSION,
    agent,
    events: {
      status(state, badSince) {
        status.link = state;
        status.linkBadSince = badSince;
        line.update(status);
      },
      tested({ roundTripMs, intervalSeconds, responseSeconds }) {
        line.say(`test: the connector answered in ${roundTripMs} ms (heartbeat every ${intervalSeconds} s, to be answered within ${responseSeconds} s)`);
        // NOTE: after each handshake the connector learns the softphone's state and every open call
        // afresh (what happened while the link was down was not delivered).
        link.send({ type: "softphone", state: softphone.state });
        for (const call of openCalls.list()) link.send({ type: "call", ...call, at: new Date().toISOString() });
      },
      command({ commandId, callId, command }) {
        softphone.execute(callId, command).then(
          () => link.send({ type: "result", commandId, ok: true }),
          (error: unknown) => link.send({ type: "result", commandId, ok: false, error: error instanceof SoftphoneError ? error.message.slice(0, 500) : "failed" }),
        );
      },
      fatal: (message) => fatal!(message),
    },
  });
  softphone.subscribe((event: SoftphoneEvent) => {
    if (event.type === "softphone") {
      status.softphone = event.state;
      link.send({ type: "softphone", state: event.state });
    } else if (event.type === "call") {
      const { peer } = openCalls.note(event.callId, event.state, event.peer);
      status.call = { state: event.state, peer };
      link.send({ type: "call", callId: event.callId, state: event.state, ...(event.peer ? { peer: event.peer } : {}), at: new Date().toISOString() });
    } else {
      link.send({ type: "dtmf", callId: event.callId, digit: event.digit });
    }
    line.update(status);
  });
  line.update(status);
  link.start();

  const outcome = await Promise.race([fatalMessage, io.stopRequested.then(() => undefined)]);
  await link.stop();
  await softphone.close();
  line.end();
  return outcome === undefined ? 0 : fail(outcome);
}
