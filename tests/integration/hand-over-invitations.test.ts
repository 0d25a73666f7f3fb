/**
 * A hand-over (transfer, consultation, conference) to a worker with no window open goes out as an
 * IM invitation through the same gateways as a routed offer (B7 applies to hand-overs too): the
 * console line names the invited worker, its link is for that hand-over's offer (the Preview a
 * window then shows), and one nobody opens in time counts as a Reject: the interaction stays with
 * the worker who handed it on and the invited worker is not set Away.
 */
import { afterEach, describe, expect, it } from "vitest";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { answer, api, chat, createOk, events, getInteraction, offersOf, setPresence, worker } from "../support/interactions";
import { waitFor } from "../support/wait";

let c: Connector | undefined;
afterEach(async () => {
  await c?.cleanup();
  c = undefined;
});

/** The offer id an invitation link's token is for (its payload is signed, not secret). */
function offerOfLink(link: string): string {
  const token = new URL(link).searchParams.get("invitation")!;
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")).o;
}

/** kw1 (window open) holds an active chat (or call); kw2 is Available with no window. */
async function heldByKw1(previewSeconds: number, media: "chat" | "voice" = "chat") {
  const lines: string[] = [];
  c = await startConnector({ config: { ...demoConfigRaw(), routing: { "preview-timeout": previewSeconds } }, consoleWrite: (line) => lines.push(line) });
  const cookie = await c.signIn("kw1");
  await c.bayeux({ cookie });
  await waitFor(() => worker(c!, "kw1"), (w) => w.windows === 1, { what: "kw1's window" });
  await setPresence(c, "kw1", "available");
  const { id } = await createOk(c, { ...chat("Pat"), media });
  const [offer] = await offersOf(c, cookie);
  expect((await answer(c, cookie, "accept", offer)).status).toBe(200);
  await setPresence(c, "kw2", "available");
  expect(lines).toEqual([]);
  return { conn: c, id, lines };
}

const lineFor = (lines: string[], workerId: string) =>
  waitFor(() => lines.find((l) => l.startsWith(`ucc invitation: ${workerId} `)), (l) => l !== undefined, { what: `the invitation line for ${workerId}` });

describe("a hand-over to a worker with no window open", () => {
  it.each([
    ["transfer", "chat"],
    ["consult", "voice"],
    ["conference", "voice"],
  ] as const)("a %s (%s) goes out as an invitation whose link is for the hand-over's Preview", async (purpose, media) => {
    const { conn, id, lines } = await heldByKw1(30, media);
    expect((await api(conn, "POST", `/api/v1/interactions/${id}/actions/${purpose}`, { worker: "kw1", to: "kw2" })).status).toBe(200);

    const line = await lineFor(lines, "kw2");
    const link = /(http:\/\/\S+)/.exec(line!)![1];
    const offerId = offerOfLink(link);
    // The link is for the hand-over's own offer, open to kw2, and the Preview kw2's window shows.
    expect(await conn.app.deps.interactions.isOfferOpen("kw2", id, offerId)).toBe(true);
    const previews = await offersOf(conn, await conn.signIn("kw2"));
    expect(previews.map((p) => [p.id, p.interaction.id])).toEqual([[offerId, id]]);
    await waitFor(() => events(conn), (list) => list.some((e) => e.type === "InvitationSent" && e.worker === "kw2" && e.interaction === id), { what: "InvitationSent" });
  });

  it("an invitation nobody opens in time counts as a Reject: the chat stays with kw1, kw2 is not set Away", async () => {
    const { conn, id, lines } = await heldByKw1(5);
    expect((await api(conn, "POST", `/api/v1/interactions/${id}/actions/transfer`, { worker: "kw1", to: "kw2" })).status).toBe(200);
    await lineFor(lines, "kw2");

    const ended = await waitFor(
      () => events(conn),
      (list) => list.some((e) => e.interaction === id && e.worker === "kw2" && (e.type === "InteractionRejected" || e.type === "InteractionTimedOut")),
      { what: "the hand-over's end" },
    );
    expect(ended.filter((e) => e.interaction === id && e.worker === "kw2").map((e) => [e.type, e.reasons])).toEqual([
      ["InteractionOffered", { purpose: "transfer" }],
      ["InvitationSent", { gateway: "console" }],
      ["InteractionRejected", { purpose: "transfer", invitation: "not-accepted" }],
    ]);
    expect(await getInteraction(conn, id)).toMatchObject({ state: "active", worker: "kw1" });
    expect((await worker(conn, "kw2")).presence).toBe("available");
  });
});
