/**
 * Per-chat limits (issue 15): a customer's messages and typing signals are rate-limited per chat
 * (429 with Retry-After), a waiting chat keeps at most WAITING_MESSAGES_MAX customer messages in a
 * row, and typing in a waiting chat costs no step.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { WAITING_MESSAGES_MAX } from "../../lib/connector/interactions/chat-messages";
import { CUSTOMER_MESSAGE_LIMIT, TYPING_LIMIT } from "../../lib/http/chat-limits";
import { startCore, type RunningCore } from "../support/core";
import { startConnector, type Connector } from "../support/harness";

let c: Connector | undefined;
let core: RunningCore | undefined;
afterEach(async () => {
  await c?.cleanup();
  await core?.dispose();
  c = core = undefined;
});

async function newChat(k: Connector, from = "Ann"): Promise<{ id: string; customerToken: string }> {
  const res = await k.api("POST", "/api/v1/interactions", { media: "chat", from });
  expect(res.status, res.text).toBe(201);
  return res.json;
}
const asCustomer = (k: Connector, chat: { id: string; customerToken: string }, suffix: string, body: object = {}) =>
  k.request(`/api/v1/interactions/${chat.id}${suffix}`, { method: "POST", body, headers: { authorization: `Bearer ${chat.customerToken}` } });

describe("per-chat rate limits over HTTP", () => {
  it("a burst of customer messages, then 429 with Retry-After; another chat is not affected", async () => {
    c = await startConnector();
    const chat = await newChat(c);
    for (let n = 0; n < CUSTOMER_MESSAGE_LIMIT.burst; n++) expect((await asCustomer(c, chat, "/messages", { text: `m${n}` })).status).toBe(201);
    const refused = await asCustomer(c, chat, "/messages", { text: "one too many" });
    expect(refused.status, refused.text).toBe(429);
    expect(refused.json.error).toEqual({ code: "too_many_requests", message: expect.stringMatching(/too many messages in this chat; try again in \d+ s/) });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // The refused one was not kept; the API key is limited the same way in this chat.
    const texts = (await c.api("GET", `/api/v1/interactions/${chat.id}/messages`)).json.map((m: { text: string }) => m.text);
    expect(texts).toHaveLength(CUSTOMER_MESSAGE_LIMIT.burst);
    expect((await c.api("POST", `/api/v1/interactions/${chat.id}/messages`, { text: "bridge" })).status).toBe(429);
    const other = await newChat(c, "Bob");
    expect((await asCustomer(c, other, "/messages", { text: "hello" })).status).toBe(201);
  });

  it("a burst of typing signals, then 429 with Retry-After", async () => {
    c = await startConnector();
    const chat = await newChat(c);
    for (let n = 0; n < TYPING_LIMIT.burst; n++) expect((await asCustomer(c, chat, "/typing")).status).toBe(202);
    const refused = await asCustomer(c, chat, "/typing");
    expect(refused.status, refused.text).toBe(429);
    expect(refused.json.error.code).toBe("too_many_requests");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  });
});

describe("a chat that waits for a worker", () => {
  it(`keeps at most ${WAITING_MESSAGES_MAX} customer messages in a row, then 409 saying why`, async () => {
    core = await startCore([{ id: "kw1", name: "Alex" }], { previewTimeoutMs: 30_000 });
    const { interaction } = await core.interactions.create({ media: "chat", from: "Ann" });
    expect(interaction.state).toBe("queued");
    for (let n = 0; n < WAITING_MESSAGES_MAX; n++) await core.interactions.addMessage(interaction.id, { customer: true }, { text: `m${n}` });
    await expect(core.interactions.addMessage(interaction.id, { customer: true }, { text: "more" })).rejects.toMatchObject({
      code: "conflict",
      message: `the chat is waiting for an expert: at most ${WAITING_MESSAGES_MAX} messages are kept until one joins`,
    });
    expect(await core.store.listMessages(interaction.id)).toHaveLength(WAITING_MESSAGES_MAX);
    // Offered to a worker it still waits; once accepted, the customer writes on.
    await core.presence.setPresence("kw1", "available", "web-client");
    await core.interactions.settled();
    const [offer] = await core.interactions.offersFor("kw1");
    await expect(core.interactions.addMessage(interaction.id, { customer: true }, { text: "more" })).rejects.toMatchObject({ code: "conflict" });
    await core.interactions.accept("kw1", interaction.id, offer.id);
    await core.interactions.addMessage(interaction.id, { customer: true }, { text: "at last" });
    expect((await core.store.listMessages(interaction.id)).at(-1)?.text).toBe("at last");
  });

  it("takes typing signals without a step (no write, no disk sync); an active chat passes them on", async () => {
    core = await startCore([{ id: "kw1", name: "Alex" }], { previewTimeoutMs: 30_000 });
    const { interaction } = await core.interactions.create({ media: "chat", from: "Ann" });
    await core.interactions.settled();
    const run = vi.spyOn(core.steps, "run");
    await core.interactions.typing(interaction.id, { customer: true });
    expect(run).not.toHaveBeenCalled();
    expect(core.published.filter(([, m]) => m.type === "typing")).toEqual([]);
    await core.presence.setPresence("kw1", "available", "web-client");
    await core.interactions.settled();
    const [offer] = await core.interactions.offersFor("kw1");
    await core.interactions.accept("kw1", interaction.id, offer.id);
    run.mockClear();
    await core.interactions.typing(interaction.id, { customer: true });
    expect(run).toHaveBeenCalledWith("typing", expect.any(Function));
    expect(core.published.filter(([, m]) => m.type === "typing")).toHaveLength(1);
  });
});
