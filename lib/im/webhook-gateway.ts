/**
 * The webhook gateway: POSTs the invitation as JSON (shared/CONTRACT.md) to a configured URL,
 * signed with X-UCC-Signature. A 5xx, a timeout or a refused connection is retried with
 * exponential backoff and jitter until the retries or the invitation's time run out; a 4xx is
 * final (the receiver said no). It runs off the step runner, so routing never waits for it.
 *
 * Every attempt carries X-UCC-Delivery, one id per invitation, the same on each retry: a receiver
 * that got an attempt whose answer was lost sees the retry as the same delivery and drops it.
 */
import { randomUUID } from "node:crypto";
import { GatewayError, msUntil, type ImGateway, type Invitation } from "./gateway";
import { SIGNATURE_HEADER, signatureHeader } from "./webhook-signature";

/** First pause between attempts; each next one doubles, with up to half again of jitter. */
export const WEBHOOK_BACKOFF_MS = 250;
export const WEBHOOK_MAX_BACKOFF_MS = 5_000;
export const DELIVERY_HEADER = "X-UCC-Delivery";

export interface WebhookOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  retries: number;
  /** Tests shorten the pauses. */
  backoffMs?: number;
  now?: () => number;
}

/** The body, exactly as the contract names its fields. */
export function webhookBody(invitation: Invitation): string {
  const { worker, text, link, expiresAt, interaction } = invitation;
  return JSON.stringify({
    worker: worker.id,
    text,
    link,
    expiresAt,
    interaction: { id: interaction.id, media: interaction.media, from: interaction.from, subject: interaction.subject },
  });
}

/** Whether an attempt's outcome is worth another try. */
export function isRetryable(outcome: { status: number } | { error: unknown }): boolean {
  return "status" in outcome ? outcome.status >= 500 : true;
}

export function createWebhookGateway(options: WebhookOptions): ImGateway {
  const now = options.now ?? Date.now;
  const base = options.backoffMs ?? WEBHOOK_BACKOFF_MS;
  const fail = (message: string, cause?: unknown) => new GatewayError("webhook", message, { cause });

  async function attempt(body: string, delivery: string, timeoutMs: number): Promise<{ status: number } | { error: unknown }> {
    try {
      const response = await fetch(options.url, {
        method: "POST",
        // NOTE: the signature stays over "<t>.<body>" as the contract says; the delivery id is
        // outside it (a receiver deduplicates on it; it grants nothing).
        headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signatureHeader(options.secret, body, now()), [DELIVERY_HEADER]: delivery },
        body,
        redirect: "error",
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status };
    } catch (error) {
      return { error };
    }
  }

  return {
    name: "webhook",
    async send(invitation) {
      const body = webhookBody(invitation);
      const delivery = randomUUID();
      let last = "";
      for (let n = 0; n <= options.retries; n++) {
        const left = msUntil(invitation.expiresAt, now());
        if (left <= 0) throw fail(`gave up: the invitation expired${last ? ` (last: ${last})` : ""}`);
        const outcome = await attempt(body, delivery, Math.min(options.timeoutMs, left));
        if ("status" in outcome && outcome.status < 300) return;
        last = "status" in outcome ? `HTTP ${outcome.status}` : describe(outcome.error);
        if (!isRetryable(outcome)) throw fail(`refused: ${last}`);
        if (n === options.retries) break;
        // NOTE: jitter spreads the retries of many invitations after the receiver comes back.
        const pause = Math.min(WEBHOOK_MAX_BACKOFF_MS, base * 2 ** n) * (1 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, Math.min(pause, msUntil(invitation.expiresAt, now()))));
      }
      throw fail(`${options.retries + 1} attempts failed (last: ${last})`);
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "timed out";
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}
