/**
 * A webhook receiver on loopback for the browser tests: answers each POST with the next status
 * of its plan, keeps what it got, and checks the X-UCC-Signature as an integrator would.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifySignature } from "../../../lib/im/webhook-signature";

export interface WebhookHit {
  body: string;
  signature: string | undefined;
  signed: boolean;
  json: { worker: string; text: string; link: string; expiresAt: string; interaction: { id: string; media: string; from: string; subject: string } };
}

export class WebhookReceiver {
  readonly hits: WebhookHit[] = [];
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(secret: string, statuses: number[] = [200]): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const signature = req.headers["x-ucc-signature"] as string | undefined;
        receiver!.hits.push({ body, signature, signed: verifySignature(secret, signature, body), json: JSON.parse(body) });
        res.writeHead(statuses[Math.min(receiver!.hits.length - 1, statuses.length - 1)]).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/ucc-invitations`);
    return receiver;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
