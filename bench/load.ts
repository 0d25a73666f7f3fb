/**
 * Drives one load phase: sends requests paced evenly (rate per second for a duration) or as a
 * burst (as fast as the server answers, a bounded number in flight), and joins each send with
 * the Bayeux message it caused, by key (the interaction id). Times are performance.now() in ms.
 */
import { summarize, type Summary } from "./stats";

/** One thing to send; resolves with the key its Bayeux message will carry. */
export type Send = (index: number) => Promise<string>;

interface Sent {
  /** performance.now() just before the request was handed to the HTTP client. */
  at: number;
  /** When its reply came; undefined if it failed. */
  repliedAt?: number;
  key?: string;
  error?: string;
}

/** Messages received, by key; a key received more than once is a duplicate. */
export class Receipts {
  private readonly byKey = new Map<string, Array<{ at: number; client: string }>>();

  record(key: string, client: string, at: number): void {
    const list = this.byKey.get(key);
    if (list) list.push({ at, client });
    else this.byKey.set(key, [{ at, client }]);
  }

  get(key: string) {
    return this.byKey.get(key);
  }

  /** Resolves once every key has a receipt, or after timeoutMs. */
  async waitFor(keys: () => string[], timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline && !keys().every((key) => this.byKey.has(key))) await sleep(50);
  }
}

export interface PhaseResult {
  sent: number;
  failed: number;
  firstError?: string;
  /** Send -> Bayeux message received (the first one, if several). */
  latency: Summary;
  /** Send -> HTTP reply. */
  reply: Summary;
  /** Keys sent that never got a message. */
  lost: number;
  /** Keys that got more than one message; and of those, how many went to two different clients. */
  duplicates: number;
  duplicatesToOthers: number;
  /** Messages received per second, over first send -> last message received. */
  deliveredPerSecond: number;
  /** Requests sent per second, over first send -> last send. */
  sentPerSecond: number;
  /** How late the pacer sent, against its schedule (paced phases only). */
  paceLag?: Summary;
  elapsedMs: number;
}

/** Sends `rate` per second for `seconds`, each at its scheduled moment (catching up when late). */
export async function runPaced(send: Send, receipts: Receipts, rate: number, seconds: number, drainMs: number): Promise<PhaseResult> {
  const count = Math.round(rate * seconds);
  const sent: Sent[] = [];
  const pending: Promise<void>[] = [];
  const lags: number[] = [];
  const start = performance.now() + 20;
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    lags.push(performance.now() - due);
    pending.push(sendOne(send, i, sent));
  }
  const result = await finish(sent, pending, receipts, drainMs);
  return { ...result, paceLag: summarize(lags) };
}

/** Sends `count` as fast as the server answers, at most `concurrency` in flight. */
export async function runBurst(send: Send, receipts: Receipts, count: number, concurrency: number, drainMs: number): Promise<PhaseResult> {
  const sent: Sent[] = [];
  const pending: Promise<void>[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) await sendOne(send, next++, sent);
  };
  for (let i = 0; i < Math.min(concurrency, count); i++) pending.push(lane());
  return finish(sent, pending, receipts, drainMs);
}

function sendOne(send: Send, index: number, sent: Sent[]): Promise<void> {
  const record: Sent = { at: performance.now() };
  sent.push(record);
  return send(index).then(
    (key) => {
      record.repliedAt = performance.now();
      record.key = key;
    },
    (error: unknown) => {
      record.error = error instanceof Error ? error.message : String(error);
    },
  );
}

async function finish(sent: Sent[], pending: Promise<void>[], receipts: Receipts, drainMs: number): Promise<PhaseResult> {
  await Promise.all(pending);
  const lastSend = Math.max(...sent.map((s) => s.at));
  const keys = () => sent.flatMap((s) => (s.key ? [s.key] : []));
  await receipts.waitFor(keys, drainMs);

  const latencies: number[] = [];
  const replies: number[] = [];
  let lost = 0;
  let duplicates = 0;
  let duplicatesToOthers = 0;
  let lastReceipt = 0;
  for (const s of sent) {
    if (s.repliedAt !== undefined) replies.push(s.repliedAt - s.at);
    if (!s.key) continue;
    const got = receipts.get(s.key);
    if (!got) {
      lost++;
      continue;
    }
    latencies.push(got[0].at - s.at);
    lastReceipt = Math.max(lastReceipt, ...got.map((g) => g.at));
    if (got.length > 1) {
      duplicates++;
      if (new Set(got.map((g) => g.client)).size > 1) duplicatesToOthers++;
    }
  }
  const firstSend = Math.min(...sent.map((s) => s.at));
  const failed = sent.filter((s) => s.error !== undefined);
  return {
    sent: sent.length,
    failed: failed.length,
    firstError: failed[0]?.error,
    latency: summarize(latencies),
    reply: summarize(replies),
    lost,
    duplicates,
    duplicatesToOthers,
    deliveredPerSecond: latencies.length / ((lastReceipt - firstSend) / 1000),
    sentPerSecond: sent.length > 1 ? (sent.length - 1) / ((lastSend - firstSend) / 1000) : Number.NaN,
    elapsedMs: lastReceipt - firstSend,
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
