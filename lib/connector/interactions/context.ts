/**
 * What every interaction operation works with, built once (lib/connector/interactions/index.ts)
 * and handed to each operation's factory: the store, the one step runner, the clock, the
 * in-memory book and board, the offer timers, the announcer, and the settings.
 */
import { randomUUID } from "node:crypto";
import { checkAction, type Action } from "../../domain/capabilities";
import * as lifecycle from "../../domain/interaction";
import type { Interaction } from "../../domain/interaction";
import type { SelectablePresence } from "../../domain/presence";
import type { RoutingPolicy } from "../../domain/routing";
import { AppError } from "../../errors";
import type { Logger } from "../../observability/logger";
import type { ChatMessage, NewEvent, Store } from "../../store/store";
import type { Clock } from "../ports";
import type { PresenceService } from "../presence-service";
import type { TelephonyPort } from "../../telephony/telephony";
import type { StepRunner } from "../step-runner";
import type { InteractionAnnouncer } from "./announcer";
import type { InteractionBook } from "./book";
import type { OfferInviter } from "./offers/offer-delivery";
import type { OfferTimers } from "./offers/offer-timers";
import type { GraceState } from "./restart-grace";
import type { CustomerIdle } from "./customer-idle";
import type { WorkerBoard } from "./worker-board";

export interface InteractionSettings {
  policy: RoutingPolicy;
  previewTimeoutMs: number;
  presenceAfterTimeout: SelectablePresence | "none";
  /** Seconds of After Call Work once an interaction ends (routing.wrap-up-time); 0 = none. */
  wrapUpSeconds: number;
  /** Disposition codes offered in after-call work (routing.dispositions). */
  dispositions: readonly string[];
  /** Seconds after a start before offers go out or expire (routing.restart-grace); 0 = none. */
  restartGraceSeconds: number;
  /** Seconds a queued or offered chat waits without customer activity (routing.customer-idle-timeout); 0 = never abandoned. */
  customerIdleSeconds: number;
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
  /** Carries call control out on the voice path (the embedded call model by default). */
  telephony: TelephonyPort;
  /** Asks for a routing pass (lib/connector/interactions/routing/dispatcher.ts). */
  kick(): void;
  /** IM invitations for workers with no window open (B7); none in tests that leave them out. */
  inviter?: OfferInviter;
  /** Whether routing holds new offers (the restart grace, ./restart-grace.ts). */
  grace: GraceState;
  /** Waiting chats' customer activity and idle timers (./customer-idle.ts). */
  customerIdle: Pick<CustomerIdle, "watch" | "touched" | "typed">;
}

export function event(type: string, i: Interaction, worker: string | undefined, at: string, reasons?: Record<string, string>): NewEvent {
  return { at, type, ...(worker ? { worker } : {}), interaction: i.id, ...(reasons && Object.keys(reasons).length ? { reasons } : {}) };
}

/** The transition, or the refusal thrown as the error the caller is told. */
export function unwrap(result: lifecycle.Result): lifecycle.Transition {
  if (result.refused) throw new AppError(result.code, result.message, result.allowed ? { allowed: result.allowed } : undefined);
  return result;
}

/**
 * The one check every worker action passes first: someone else's interaction is refused (403,
 * nothing done), and an action the state does not allow is refused naming those it does (409).
 */
export function authorize(i: Interaction, worker: string, action: Action): void {
  const involved = i.worker === worker || i.parties?.some((p) => p.worker === worker);
  if (!involved) throw new AppError("forbidden", "this interaction is someone else's");
  const check = checkAction(i, worker, action);
  if (!check.ok) throw new AppError("conflict", check.message, { allowed: check.allowed });
}

/** The system's line in a chat's transcript ("… joined the chat"); none for a call. */
export function systemLines(ctx: Pick<InteractionContext, "clock">, i: Interaction, text: string): ChatMessage[] {
  return i.media === "chat" ? [{ id: `sys-${randomUUID()}`, from: "system", text, at: ctx.clock.now().toISOString() }] : [];
}
