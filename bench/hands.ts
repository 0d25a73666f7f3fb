/**
 * The simulated workers' hands, in a process of their own: for each offer the driver forwards,
 * accept it (the worker's cookie, on the worker's own connections), hold the chat, let the
 * customer end it (integration API) and finish it (done). The driver keeps only what bare faye's
 * run also does (send, receive), so its event loop is as free to timestamp an offer as it is to
 * timestamp faye's message: the difference measured is the connector's, not the driver's.
 *
 * `node --import tsx bench/hands.ts <connector url> <hold ms>` with UCC_API_KEY set; prints
 * `{"url": ""}` when ready; exits with its parent.
 */
import type { Agent } from "node:http";
import { ConnectorApi, type WorkerSession } from "./connector-api";
import { exitWithParent } from "./children";
import { closeHttp, newAgent } from "./http";
import { sleep } from "./load";

/** An offer to act on, from the driver. */
export interface OfferToHandle {
  interactionId: string;
  offerId: string;
  worker: string;
  cookie: string;
}

/** What became of it, back to the driver. */
export interface HandledOffer {
  offerId: string;
  /** Accept sent -> HTTP 200, ms; absent if the accept failed. */
  acceptMs?: number;
  failed?: "accept" | "end" | "done";
  error?: string;
}

function main(): void {
  const [url, hold] = process.argv.slice(2);
  const apiKey = process.env.UCC_API_KEY;
  const holdMs = Number(hold);
  if (!url || !apiKey || !Number.isFinite(holdMs)) throw new Error("usage: hands.ts <connector url> <hold ms>, with UCC_API_KEY set");
  const api = new ConnectorApi(url, apiKey);
  // One pool per worker, as each worker's browser keeps its own connections.
  const agents = new Map<string, Agent>();
  const sessionOf = (offer: OfferToHandle): WorkerSession => {
    let agent = agents.get(offer.worker);
    if (!agent) agents.set(offer.worker, (agent = newAgent(6)));
    return { cookie: offer.cookie, agent };
  };

  const handle = async (offer: OfferToHandle): Promise<HandledOffer> => {
    const worker = sessionOf(offer);
    const out: HandledOffer = { offerId: offer.offerId };
    const fail = (step: NonNullable<HandledOffer["failed"]>, error: unknown) => {
      out.failed = step;
      out.error = error instanceof Error ? error.message : String(error);
      return out;
    };
    const sentAt = performance.now();
    try {
      await api.accept(worker, offer.interactionId, offer.offerId);
      out.acceptMs = performance.now() - sentAt;
    } catch (error) {
      return fail("accept", error);
    }
    await sleep(holdMs);
    try {
      await api.end(offer.interactionId);
    } catch (error) {
      return fail("end", error);
    }
    try {
      await api.done(worker, offer.interactionId);
    } catch (error) {
      return fail("done", error);
    }
    return out;
  };

  process.on("message", (offer: OfferToHandle) => {
    void handle(offer).then((result) => process.send?.(result));
  });
  exitWithParent(closeHttp);
  process.stdout.write(`${JSON.stringify({ url: "" })}\n`);
}

main();
