/**
 * The configured gateways, tried in order (the `im` section): the first that delivers wins;
 * each failure is logged and counted and the next is tried. When all fail, the caller is told
 * every reason; the offer itself runs on and times out as usual, so nothing is lost.
 */
import type { Logger } from "../observability/logger";
import { reasonOf, type ImGateway, type Invitation, type InvitationEnded } from "./gateway";
import type { ImMetrics } from "./im-metrics";

export type ChainOutcome =
  | { delivered: true; gateway: string; failures: GatewayFailure[] }
  | { delivered: false; failures: GatewayFailure[] };

export interface GatewayFailure {
  gateway: string;
  reason: string;
}

export class GatewayChain {
  constructor(
    readonly gateways: readonly ImGateway[],
    private readonly logger: Logger,
    private readonly metrics: ImMetrics,
  ) {}

  /** Never rejects: the outcome says which gateway delivered, or why none did. */
  async deliver(invitation: Invitation): Promise<ChainOutcome> {
    const failures: GatewayFailure[] = [];
    const about = { worker: invitation.worker.id, interaction: invitation.interaction.id };
    for (const gateway of this.gateways) {
      const stop = this.metrics.gatewayDuration.startTimer({ gateway: gateway.name });
      try {
        await gateway.send(invitation);
        stop();
        this.metrics.gatewayAttempts.inc({ gateway: gateway.name, outcome: "ok" });
        return { delivered: true, gateway: gateway.name, failures };
      } catch (error) {
        stop();
        const reason = reasonOf(error);
        failures.push({ gateway: gateway.name, reason });
        this.metrics.gatewayAttempts.inc({ gateway: gateway.name, outcome: "failed" });
        this.logger.warn({ ...about, gateway: gateway.name, reason }, "IM gateway failed; trying the next");
      }
    }
    return { delivered: false, failures };
  }

  /** Tells every gateway that can change what it sent that the offer ended; never rejects. */
  async ended(ended: InvitationEnded): Promise<void> {
    await Promise.all(
      this.gateways.map((gateway) =>
        gateway.ended?.(ended).catch((error: unknown) =>
          this.logger.warn({ worker: ended.worker, offer: ended.offer, gateway: gateway.name, reason: reasonOf(error) }, "IM gateway could not say that the offer ended"),
        ),
      ),
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.gateways.map((g) => g.close?.()));
  }
}
