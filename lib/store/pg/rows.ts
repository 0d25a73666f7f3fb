/** Rows of the PostgreSQL store's tables and their domain shapes (timestamptz comes back as Date, json parsed). */
import type { Interaction, InteractionState, Media, OpenOffer } from "../../domain/interaction";
import type { Presence } from "../../domain/presence";
import type { ChatMessage, MessageSender, ReportingEvent, WorkerRecord } from "../store";

export const iso = (value: Date): string => value.toISOString();
/** A JSON value as a `json` parameter (pg would turn a JS array into a PostgreSQL array). */
export const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

export interface WorkerRow {
  id: string;
  name: string;
  presence: string;
  presence_since: Date;
  idle_since: Date | null;
  language: string | null;
}

export const toWorker = (row: WorkerRow): WorkerRecord => ({
  id: row.id,
  name: row.name,
  presence: row.presence as Presence,
  presenceSince: iso(row.presence_since),
  idleSince: iso(row.idle_since ?? row.presence_since),
  ...(row.language ? { language: row.language } : {}),
});

export interface InteractionRow {
  id: string;
  version: string;
  media: string;
  from_name: string;
  subject: string;
  data: Record<string, string>;
  state: string;
  worker: string | null;
  target: string | null;
  refused_by: string[];
  offer: OpenOffer | null;
  call: Interaction["call"] | null;
  invite: Interaction["invite"] | null;
  parties: Interaction["parties"] | null;
  wrap_up: Interaction["wrapUp"] | null;
  customer_active_at: Date | null;
  abandoned_for: string | null;
  created_at: Date;
  updated_at: Date;
}

export const toInteraction = (row: InteractionRow): Interaction => ({
  id: row.id,
  media: row.media as Media,
  from: row.from_name,
  subject: row.subject,
  data: row.data,
  state: row.state as InteractionState,
  ...(row.worker ? { worker: row.worker } : {}),
  ...(row.target ? { target: row.target } : {}),
  refusedBy: row.refused_by,
  ...(row.offer ? { offer: row.offer } : {}),
  ...(row.call ? { call: row.call } : {}),
  ...(row.invite ? { invite: row.invite } : {}),
  ...(row.parties ? { parties: row.parties } : {}),
  ...(row.wrap_up ? { wrapUp: row.wrap_up } : {}),
  ...(row.customer_active_at ? { customerActiveAt: iso(row.customer_active_at) } : {}),
  ...(row.abandoned_for === "customer-idle" ? { abandonedFor: row.abandoned_for } : {}),
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

export interface MessageRow {
  id: string;
  sender: string;
  text: string;
  at: Date;
}

export const MESSAGE_COLUMNS = "id, sender, text, at";
export const toMessage = (row: MessageRow): ChatMessage => ({ id: row.id, from: row.sender as MessageSender, text: row.text, at: iso(row.at) });

export interface EventRow {
  seq: string;
  at: Date;
  type: string;
  worker: string;
  interaction: string | null;
  reasons: Record<string, string> | null;
}

export const toEvent = (row: EventRow): ReportingEvent => ({
  seq: Number(row.seq),
  at: iso(row.at),
  type: row.type,
  ...(row.worker ? { worker: row.worker } : {}),
  ...(row.interaction ? { interaction: row.interaction } : {}),
  ...(row.reasons ? { reasons: row.reasons } : {}),
});
