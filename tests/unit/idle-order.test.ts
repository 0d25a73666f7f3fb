/**
 * The board keeps its Ready workers in routing's order (longest idle first, then by id), so an
 * offer takes the first one in line who can take it. That must be the worker the routing policy
 * picks from all of them (chooseWorker), whatever happened to the board before: checked on seeded
 * random histories, idle times going back included (a clock set back).
 */
import { describe, expect, it } from "vitest";
import { WorkerBoard } from "../../lib/connector/interactions/worker-board";
import type { Media } from "../../lib/domain/interaction";
import { chooseWorker, firstAvailable, type RoutingPolicy, type WorkerLoad } from "../../lib/domain/routing";
import { prng } from "../support/prng";

const POLICY: RoutingPolicy = { maxChats: 2 };
const IDS = ["kw1", "kw2", "kw3", "kw4", "kw5", "kw6"];
const at = (minute: number) => new Date(Date.UTC(2024, 4, 6, 9, minute)).toISOString();

function loadsOf(board: WorkerBoard): WorkerLoad[] {
  return IDS.map((id) => board.get(id)!);
}

describe("the board's idle order", () => {
  it("names the longest-idle Ready worker first, ties to the smaller id", () => {
    const board = new WorkerBoard(POLICY);
    board.reset(
      [
        { id: "kw2", ready: true, idleSince: at(5) },
        { id: "kw1", ready: true, idleSince: at(5) },
        { id: "kw3", ready: false, idleSince: at(1) },
        { id: "kw4", ready: true, idleSince: at(3) },
      ],
      [],
    );
    expect([...board.inIdleOrder()].map((l) => l.id)).toEqual(["kw4", "kw1", "kw2"]);
    board.setIdleSince("kw4", at(9));
    board.setReady("kw3", true, at(7));
    expect([...board.inIdleOrder()].map((l) => l.id)).toEqual(["kw1", "kw2", "kw3", "kw4"]);
    board.setReady("kw1", false);
    expect([...board.inIdleOrder()].map((l) => l.id)).toEqual(["kw2", "kw3", "kw4"]);
  });

  it("picks the worker chooseWorker picks, on 300 seeded histories", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = prng(seed);
      const board = new WorkerBoard(POLICY);
      board.reset(
        IDS.map((id) => ({ id, ready: rand.next() < 0.6, idleSince: at(rand.int(10)) })),
        [],
      );
      for (let step = 0; step < 60; step++) {
        const id = rand.pick(IDS);
        const media: Media = rand.next() < 0.8 ? "chat" : "voice";
        const roll = rand.int(5);
        if (roll === 0) board.setReady(id, rand.next() < 0.7, rand.next() < 0.5 ? at(rand.int(60)) : undefined);
        else if (roll === 1) board.setIdleSince(id, at(rand.int(60)));
        else if (roll === 2) board.take(id, media);
        else if (roll === 3) board.release(id, media);
        const interaction = {
          media,
          refusedBy: IDS.filter(() => rand.next() < 0.15),
          ...(rand.next() < 0.1 ? { target: rand.pick(IDS) } : {}),
        };
        const expected = chooseWorker(interaction, loadsOf(board), POLICY);
        expect(firstAvailable(interaction, board.inIdleOrder(), POLICY), `seed ${seed}, step ${step}`).toBe(expected);
        expect(board.hasCandidate(), `seed ${seed}, step ${step}`).toBe(board.candidates().length > 0);
      }
    }
  });
});
