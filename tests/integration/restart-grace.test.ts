/**
 * The restart grace on a real connector process killed with SIGKILL: an offer whose deadline
 * passed while the connector was down stays open after the restart until the grace is over (its
 * worker is not set Away for the outage, no InteractionTimedOut), and a window that connects in
 * the grace is shown its Preview; with grace 0, the offer times out at start as before.
 *
 * NOTE: the outage is made by moving the kept deadline into the past while the process is dead,
 * so no test waits for a Preview's countdown.
 */
import Database from "better-sqlite3";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CometD } from "cometd";
import { BayeuxClient, handshake, newCometD } from "../support/bayeux";
import { startConnectorProcess, type ConnectorProcess } from "../support/connector-process";
import { demoConfigRaw } from "../support/harness";
import { chat, createOk, events, getInteraction, offersOf, setPresence, signIn, worker } from "../support/interactions";
import { waitFor } from "../support/wait";

const GRACE_SECONDS = 8;

let proc: ConnectorProcess | undefined;
let window: CometD | undefined;
afterEach(async () => {
  if (window) await new BayeuxClient(window).disconnect(2_000);
  window = undefined;
  await proc?.cleanup();
  proc = undefined;
});

/** The offer's kept deadline, a minute in the past: as if the connector had been down that long. */
function deadlinePassed(dataDir: string, interactionId: string): void {
  const db = new Database(path.join(dataDir, "connector.sqlite"));
  try {
    const past = new Date(Date.now() - 60_000).toISOString();
    db.prepare("UPDATE interactions SET offer = json_set(offer, '$.deadline', ?) WHERE id = ?").run(past, interactionId);
  } finally {
    db.close();
  }
}

async function offerThenCrash(grace: number): Promise<{ id: string; restartedAt: number }> {
  const raw = demoConfigRaw();
  raw.routing = { "preview-timeout": 30, "restart-grace": grace };
  // NOTE: no IM gateway: an offer nobody saw would count as a Reject; here it times out as a Preview.
  raw.im = { gateways: [] };
  proc = await startConnectorProcess({ config: raw });
  await setPresence(proc, "kw1", "available");
  const { id } = await createOk(proc, chat("Pat"));
  expect(await getInteraction(proc, id)).toMatchObject({ state: "offered", worker: "kw1" });
  await proc.kill9();
  deadlinePassed(proc.dataDir, id);
  const restartedAt = Date.now();
  proc = await proc.restart();
  return { id, restartedAt };
}

const timedOut = async (e: ConnectorProcess, id: string) => (await events(e)).filter((ev) => ev.interaction === id && ev.type === "InteractionTimedOut");

describe("restart grace", () => {
  it("an offer past its deadline stays open after a crash until the grace is over; a window in the grace gets its Preview", { timeout: 60_000 }, async () => {
    const { id, restartedAt } = await offerThenCrash(GRACE_SECONDS);
    const e = proc!;
    expect(await getInteraction(e, id)).toMatchObject({ state: "offered", worker: "kw1" });
    expect((await worker(e, "kw1")).presence).toBe("available");
    expect(await timedOut(e, id)).toEqual([]);

    // The worker's window reconnects in the grace and shows the Preview.
    const cookie = await signIn(e, "kw1");
    window = newCometD(e.url, { cookie });
    await handshake(window);
    await waitFor(() => worker(e, "kw1"), (w) => w.windows === 1, { what: "the window" });
    const [preview, ...more] = await offersOf(e, cookie);
    expect(more).toEqual([]);
    expect(preview.interaction.id).toBe(id);
    expect(Date.parse(preview.deadline)).toBeGreaterThanOrEqual(restartedAt + GRACE_SECONDS * 1000);

    // Once the grace is over, the Preview runs out as any other would.
    const [ev] = await waitFor(() => timedOut(e, id), (list) => list.length === 1, { timeoutMs: 40_000, what: "the offer's timeout after the grace" });
    expect(Date.parse(ev.at)).toBeGreaterThanOrEqual(restartedAt + GRACE_SECONDS * 1000);
    expect((await worker(e, "kw1")).presence).toBe("away");
  });

  it("with grace 0, the offer past its deadline times out at start and its worker goes Away", { timeout: 60_000 }, async () => {
    const { id } = await offerThenCrash(0);
    const e = proc!;
    await waitFor(() => timedOut(e, id), (list) => list.length === 1, { what: "the offer's timeout at start" });
    expect((await worker(e, "kw1")).presence).toBe("away");
  });
});
