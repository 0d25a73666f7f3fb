/**
 * A worker's desk for the desktop companion's browser tests: the worker's softphone (baresip
 * playing a tone, driven by the companion), the customer's phone (baresip recording what it
 * hears, driven by the test), and the companion process paired with the worker.
 */
import { startBaresip, type Baresip } from "../../support/baresip";
import { startCompanion, type CompanionProcess } from "../../support/companion-process";
import type { Connector } from "./connector";

export interface CompanionDesk {
  softphone: Baresip;
  customer: Baresip;
  companion: CompanionProcess;
  /** The command line the companion was started with, as a worker would type it. */
  command: string;
  close(): Promise<void>;
}

/** Dev sign-in then POST /api/kw/companion/pairing-code, as the Desktop phone panel does. */
export async function pairingCode(connector: Connector, worker: string): Promise<string> {
  const signIn = await fetch(`${connector.url}/signin`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: connector.url },
    body: new URLSearchParams({ worker }).toString(),
    redirect: "manual",
  });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
  const res = await fetch(`${connector.url}/api/kw/companion/pairing-code`, { method: "POST", headers: { cookie, origin: connector.url } });
  if (res.status !== 201) throw new Error(`pairing code answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { code: string }).code;
}

export async function openDesk(connector: Connector, worker: string, configFile: string): Promise<CompanionDesk> {
  // NOTE: console: the test can type on the softphone's own menu, as the worker at the desk would.
  const softphone = await startBaresip({ role: "tone", user: worker, driver: false, console: true });
  const customer = await startBaresip({ role: "recording", user: "customer" });
  const code = await pairingCode(connector, worker);
  const args = ["--url", connector.url, "--worker", worker, "--softphone", softphone.ctrlUrl, "--pairing-code", code, "--config", configFile];
  const companion = startCompanion(args);
  await companion.line(new RegExp(`^${worker} \\| connector: connected \\| softphone: ready`));
  return {
    softphone,
    customer,
    companion,
    command: `$ npm run companion -- ${args.join(" ")}`,
    async close() {
      await companion.stop();
      await customer.stop();
      await softphone.stop();
    },
  };
}
