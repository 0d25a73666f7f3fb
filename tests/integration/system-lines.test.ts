/**
 * The system lines a real connector writes into a chat's transcript (an offer accepted, a transfer
 * accepted, the worker ending, the customer leaving) are each one the pages say in the reader's
 * language (lib/i18n/system-lines.ts): a new or reworded line fails here, not silently in English.
 */
import { afterEach, describe, expect, it } from "vitest";
import { systemLine } from "../../lib/i18n/system-lines";
import { createTranslator } from "../../lib/i18n/translator";
import { startConnector, type Connector } from "../support/harness";
import { rawRequest } from "../support/http";
import { api, chat, createOk, kw, offersOf, setPresenceAsWorker, signIn } from "../support/interactions";
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

async function accept(cookie: string, id: string): Promise<void> {
  const offers = await waitFor(() => offersOf(c, cookie), (list) => list.some((o) => o.interaction.id === id), { what: `an offer of ${id}` });
  const res = await kw(c, cookie, "accept", id, { offerId: offers.find((o) => o.interaction.id === id)!.id });
  expect(res.status, res.text).toBe(200);
}

const act = (cookie: string, id: string, action: string, body: object = {}) =>
  rawRequest(`${c.url}/api/kw/interactions/${id}/actions/${action}`, { method: "POST", headers: { cookie }, body });

async function systemTexts(id: string): Promise<string[]> {
  const transcript = (await api(c, "GET", `/api/v1/interactions/${id}/messages`)).json as Array<{ from: string; text: string }>;
  return transcript.filter((m) => m.from === "system").map((m) => m.text);
}

describe("the connector's system lines", () => {
  it("are all recognised, and read in each language with the worker's name", async () => {
    c = await startConnector();
    const kw1 = await available("kw1");
    const kw2 = await available("kw2");
    // Accepted, transferred to kw2 and accepted there, ended by kw2.
    const { id: handedOn } = await createOk(c, chat("Pat", { worker: "kw1" }));
    await accept(kw1, handedOn);
    expect((await act(kw1, handedOn, "transfer", { to: "kw2" })).status).toBe(200);
    await accept(kw2, handedOn);
    expect((await act(kw2, handedOn, "end")).status).toBe(200);
    // Accepted, then the customer leaves.
    const { id: left } = await createOk(c, chat("Kim", { worker: "kw1" }));
    await accept(kw1, left);
    expect((await api(c, "POST", `/api/v1/interactions/${left}/end`)).status).toBe(200);

    const lines = [...(await systemTexts(handedOn)), ...(await systemTexts(left))];
    expect(lines).toHaveLength(5);
    expect(lines.filter((text) => !systemLine(text)), "lines lib/i18n/system-lines.ts does not know").toEqual([]);
    const de = createTranslator("de").t;
    const german = lines.map((text) => {
      const line = systemLine(text)!;
      return de(line.key, line.vars);
    });
    expect(german).toEqual([
      "Alex Morgan ist dem Chat beigetreten",
      "Sam Rivera ist dem Chat beigetreten",
      "Sam Rivera hat den Chat beendet",
      "Alex Morgan ist dem Chat beigetreten",
      "Der Kunde hat den Chat verlassen",
    ]);
  });
});
