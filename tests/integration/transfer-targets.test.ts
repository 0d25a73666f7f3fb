/**
 * The Transfer dialog's list (issue 20): each worker who could take the interaction now, by name,
 * with their presence and how many more of its media they could take.
 */
import { afterEach, describe, expect, it } from "vitest";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { rawRequest } from "../support/http";
import { chat, createOk, kw, offersOf, setPresenceAsWorker, signIn } from "../support/interactions";
import { waitFor } from "../support/wait";

let c: Connector;
afterEach(async () => {
  await c?.cleanup();
});

async function available(workerId: string): Promise<string> {
  const cookie = await signIn(c, workerId);
  await setPresenceAsWorker(c, cookie, "available");
  return cookie;
}

async function accepted(cookie: string, body: Parameters<typeof createOk>[1]): Promise<string> {
  const { id } = await createOk(c, body);
  const offers = await waitFor(() => offersOf(c, cookie), (list) => list.some((o) => o.interaction.id === id), { what: `an offer of ${id}` });
  const res = await kw(c, cookie, "accept", id, { offerId: offers.find((o) => o.interaction.id === id)!.id });
  expect(res.status, res.text).toBe(200);
  return id;
}

const targetsOf = async (cookie: string, id: string) => (await rawRequest(`${c.url}/api/kw/interactions/${id}/transfer-targets`, { headers: { cookie } })).json;

describe("transfer targets", () => {
  it("name each worker with presence and free capacity for this media; the full and the not Ready are left out", async () => {
    const config = demoConfigRaw();
    config.routing = { ...(config.routing ?? {}), "max-chats": 3 };
    config.im = { gateways: [] };
    c = await startConnector({ config });
    const kw1 = await available("kw1");
    const kw2 = await available("kw2");
    const kw3 = await available("kw3");

    const robin = await accepted(kw1, { media: "voice", from: "Robin", worker: "kw1" });
    expect(await targetsOf(kw1, robin)).toEqual([
      { id: "kw3", name: "Jordan Lee", presence: "available", free: 1 },
      { id: "kw2", name: "Sam Rivera", presence: "available", free: 1 },
    ]);

    // A chat in hand leaves room for two more chats, and none for a call.
    const kim = await accepted(kw2, chat("Kim", { worker: "kw2" }));
    expect(await targetsOf(kw1, robin)).toEqual([{ id: "kw3", name: "Jordan Lee", presence: "available", free: 1 }]);
    expect(await targetsOf(kw2, kim)).toEqual([{ id: "kw3", name: "Jordan Lee", presence: "available", free: 3 }]);

    await setPresenceAsWorker(c, kw3, "busy");
    expect(await targetsOf(kw2, kim)).toEqual([]);
  });
});
