/**
 * What every interaction operation works with, built once (lib/connector/interactions/index.ts)
 * and handed to each operation's factory: the store, the one step runner, the clock, the
 * in-memory book and board, the offer timers, the announcer, and the settings.
 */
import { randomUUID } from "node:crypto";
import * as lifecycle from "../../domain/interaction";
import type { Interaction } from "../../domain/interaction";
import type { SelectablePresence } from "../../domain/presence";
import type { RoutingPolicy } from "../../domain/routing";
import { AppError } from "../../errors";
import type { Logger } from "../../observability/logger";
import type { ChatMessage, NewEvent, Store } from "../../store/store";
import type { Clock } from "../ports";
import type { PresenceService } from "../presence-service";
import type { StepRunner } from "../step-runner";
import type { InteractionAnnouncer } from "./announcer";
import type { InteractionBook } from "./book";
import type { OfferInviter } from "./offers/offer-delivery";
import type { OfferTimers } from "./offers/offer-timers";
import type { WorkerBoard } from "./worker-board";

export interface InteractionSettings {
  policy: RoutingPolicy;
  previewTimeoutMs: number;
  presenceAfterTimeout: SelectablePresence | "none";
}

export interface InteractionContext {
  store: Store;
  steps: StepRunner;
  clock: Clock;
  logger: Logger;
  presence: PresenceService;
  settings: InteractionSettings;
  book: InteractionBook;
  board: WorkerBoard;
  timers: OfferTimers;
  announce: InteractionAnnouncer;
  /** Asks for a routing pass (lib/connector/interactions/routing/dispatcher.ts). */
  kick(): void;
  /** IM invitations for workers with no window open (B7); none in tests that leave them out. */
  inviter?: OfferInviter;
}

export function event(type: string, i: Interaction, worker: string | undefined, at: string): NewEvent {
  return { at, type, ...(worker ? { worker } : {}), interaction: i.id };
}

/** The transition, or the refusal thrown as the error the caller is told. */
export function unwrap(result: lifecycle.Result): lifecycle.Transition {
  if (result.refused) throw new AppError(result.code, result.message);
  return result;
}

/** The system's line in a chat's transcript ("… joined the chat"); none for a call. */
export function systemLines(ctx: Pick<InteractionContext, "clock">, i: Interaction, text: string): ChatMessage[] {
  return i.media === "chat" ? [{ id: `sys-${randomUUID()}`, from: "system", text, at: ctx.clock.now().toISOString() }] : [];
}
