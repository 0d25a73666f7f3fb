/** The embedded routing policy (lib/domain/routing.ts, B4): who is offered what, as tables. */
import { describe, expect, it } from "vitest";
import type { Media } from "../../lib/domain/interaction";
import { chooseWorker, DEFAULT_ROUTING_POLICY, hasCapacity, type RoutingPolicy, type WorkerLoad } from "../../lib/domain/routing";

const T = (s: number) => new Date(Date.parse("2024-05-06T09:00:00.000Z") + s * 1000).toISOString();

const w = (id: string, idleSinceS: number, extra: Partial<WorkerLoad> = {}): WorkerLoad => ({
  id,
  ready: true,
  idleSince: T(idleSinceS),
  chats: 0,
  calls: 0,
  ...extra,
});

const chat = (extra: { target?: string; refusedBy?: string[] } = {}) => ({ media: "chat" as Media, refusedBy: [], ...extra });
const voice = (extra: { target?: string; refusedBy?: string[] } = {}) => ({ media: "voice" as Media, refusedBy: [], ...extra });

const policy3: RoutingPolicy = { maxChats: 3 };

describe("hasCapacity", () => {
  it("the default policy allows three chats", () => {
    expect(DEFAULT_ROUTING_POLICY).toEqual({ maxChats: 3 });
  });

  it.each<[string, Partial<WorkerLoad>, RoutingPolicy, Media, boolean]>([
    ["idle worker, chat", {}, policy3, "chat", true],
    ["idle worker, call", {}, policy3, "voice", true],
    ["2 of 3 chats, one more chat", { chats: 2 }, policy3, "chat", true],
    ["3 of 3 chats, one more chat", { chats: 3 }, policy3, "chat", false],
    ["over the limit (config lowered)", { chats: 5 }, policy3, "chat", false],
    ["1 chat, a call needs zero load", { chats: 1 }, policy3, "voice", false],
    ["on a call, a chat", { calls: 1 }, policy3, "chat", false],
    ["on a call, another call", { calls: 1 }, policy3, "voice", false],
    ["max-chats 1, idle, chat", {}, { maxChats: 1 }, "chat", true],
    ["max-chats 1, one chat, chat", { chats: 1 }, { maxChats: 1 }, "chat", false],
  ])("%s -> %s", (_name, load, policy, media, expected) => {
    expect(hasCapacity(w("kw1", 0, load), media, policy)).toBe(expected);
  });
});

describe("chooseWorker", () => {
  it.each<[string, ReturnType<typeof chat>, WorkerLoad[], string | undefined]>([
    ["longest idle wins", chat(), [w("kw1", 30), w("kw2", 10), w("kw3", 20)], "kw2"],
    ["longest idle wins whatever the list order", chat(), [w("kw3", 20), w("kw2", 10), w("kw1", 30)], "kw2"],
    ["a tie is broken by id", chat(), [w("kw3", 10), w("kw2", 10), w("kw1", 20)], "kw2"],
    ["a tie of all by id", chat(), [w("b", 5), w("c", 5), w("a", 5)], "a"],
    ["not Ready is skipped even when idlest", chat(), [w("kw1", 0, { ready: false }), w("kw2", 10)], "kw2"],
    ["nobody Ready -> nobody", chat(), [w("kw1", 0, { ready: false }), w("kw2", 1, { ready: false })], undefined],
    ["no workers -> nobody", chat(), [], undefined],
    ["a worker who refused is skipped", chat({ refusedBy: ["kw1"] }), [w("kw1", 0), w("kw2", 10)], "kw2"],
    ["everybody refused -> nobody", chat({ refusedBy: ["kw1", "kw2"] }), [w("kw1", 0), w("kw2", 10)], undefined],
    ["target restricts to that worker even when another is idler", chat({ target: "kw2" }), [w("kw1", 0), w("kw2", 50)], "kw2"],
    ["target not Ready -> nobody (never someone else)", chat({ target: "kw2" }), [w("kw1", 0), w("kw2", 5, { ready: false })], undefined],
    ["target who refused -> nobody", chat({ target: "kw2", refusedBy: ["kw2"] }), [w("kw1", 0), w("kw2", 5)], undefined],
    ["target unknown -> nobody", chat({ target: "kw9" }), [w("kw1", 0)], undefined],
    ["target without capacity -> nobody", chat({ target: "kw2" }), [w("kw1", 0), w("kw2", 5, { chats: 3 })], undefined],
    ["full worker skipped for a chat", chat(), [w("kw1", 0, { chats: 3 }), w("kw2", 10, { chats: 2 })], "kw2"],
    ["a worker on a call gets no chat", chat(), [w("kw1", 0, { calls: 1 }), w("kw2", 10, { chats: 2 })], "kw2"],
    ["a call goes only to a worker with zero load", voice(), [w("kw1", 0, { chats: 1 }), w("kw2", 10), w("kw3", 5, { calls: 1 })], "kw2"],
    ["a call with everyone loaded -> nobody", voice(), [w("kw1", 0, { chats: 1 }), w("kw3", 5, { calls: 1 })], undefined],
  ])("%s", (_name, interaction, workers, expected) => {
    expect(chooseWorker(interaction, workers, policy3)).toBe(expected);
  });

  it("respects the configured max-chats", () => {
    const workers = [w("kw1", 0, { chats: 1 }), w("kw2", 10, { chats: 1 })];
    expect(chooseWorker(chat(), workers, { maxChats: 1 })).toBeUndefined();
    expect(chooseWorker(chat(), workers, { maxChats: 2 })).toBe("kw1");
  });

  it("accepts any iterable and does not change the loads", () => {
    const loads = [w("kw1", 10), w("kw2", 0)];
    const copy = JSON.parse(JSON.stringify(loads));
    expect(chooseWorker(chat(), new Set(loads), policy3)).toBe("kw2");
    expect(loads).toEqual(copy);
  });
});
