/**
 * The webhook gateway against a real HTTP server on loopback: the body and signature exactly as
 * the contract says, retries with backoff on 5xx and timeouts, none on 4xx, and no retry past
 * the invitation's expiry.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Invitation } from "../../lib/im/gateway";
import { createWebhookGateway, isRetryable } from "../../lib/im/webhook-gateway";
import { signatureHeader, signatureOf, verifySignature } from "../../lib/im/webhook-signature";

const SECRET = "a-webhook-secret-0123456789";
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

interface Hit {
  body: string;
  delivery: string | undefined;
  signature: string | undefined;
  contentType: string | undefined;
  at: number;
}

/** A receiver answering each request with the next status of `plan` ("hang" never answers). */
async function receiver(plan: Array<number | "hang">): Promise<{ url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hits.push({ body, delivery: req.headers["x-ucc-delivery"] as string | undefined, signature: req.headers["x-ucc-signature"] as string | undefined, contentType: req.headers["content-type"], at: Date.now() });
      const next = plan[Math.min(hits.length - 1, plan.length - 1)];
      if (next !== "hang") res.writeHead(next).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, hits };
}

const invitation = (expiresInMs = 20_000): Invitation => ({
  worker: { id: "kw1", name: "Alex Morgan" },
  text: "Please use the window on the right",
  locale: "en",
  link: "http://127.0.0.1:3000/extension?invitation=v1.x.y",
  publicUrl: "http://127.0.0.1:3000",
  offer: "o1",
  expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
  interaction: { id: "i-1", media: "chat", from: "Pat", subject: "Billing" },
});

describe("the webhook signature", () => {
  it("is t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'> and verifies", () => {
    const at = Date.parse("2026-11-30T12:00:00Z");
    const header = signatureHeader(SECRET, '{"a":1}', at);
    expect(header).toBe(`t=${at / 1000},v1=${signatureOf(SECRET, at / 1000, '{"a":1}')}`);
    expect(signatureOf(SECRET, 1, "x")).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, header, '{"a":1}', { now: at })).toBe(true);
  });

  it.each([
    ["another body", (h: string) => verifySignature(SECRET, h, '{"a":2}', { now: 1e12 })],
    ["another secret", (h: string) => verifySignature("another-secret-0123456789", h, '{"a":1}', { now: 1e12 })],
    ["a stale timestamp", (h: string) => verifySignature(SECRET, h, '{"a":1}', { now: 1e12 + 301_000 })],
    ["no header", () => verifySignature(SECRET, undefined, '{"a":1}', { now: 1e12 })],
    ["a mangled header", () => verifySignature(SECRET, "t=abc,v1=zz", '{"a":1}', { now: 1e12 })],
  ])("fails with %s", (_, check) => {
    expect(check(signatureHeader(SECRET, '{"a":1}', 1e12))).toBe(false);
  });

  it("only 5xx and transport failures are worth a retry", () => {
    expect([200, 400, 404, 429, 500, 503].map((status) => isRetryable({ status }))).toEqual([false, false, false, false, true, true]);
    expect(isRetryable({ error: new Error("ECONNREFUSED") })).toBe(true);
  });
});

describe("the webhook gateway", () => {
  it("POSTs the contract's JSON, signed, once when the receiver says 2xx", async () => {
    const r = await receiver([204]);
    await createWebhookGateway({ url: r.url, secret: SECRET, timeoutMs: 2_000, retries: 3 }).send(invitation());
    expect(r.hits).toHaveLength(1);
    const [hit] = r.hits;
    expect(hit.contentType).toBe("application/json");
    expect(verifySignature(SECRET, hit.signature, hit.body)).toBe(true);
    const body = JSON.parse(hit.body);
    expect(Object.keys(body)).toEqual(["worker", "text", "link", "expiresAt", "interaction"]);
    expect(body).toMatchObject({ worker: "kw1", link: "http://127.0.0.1:3000/extension?invitation=v1.x.y", interaction: { id: "i-1", media: "chat", from: "Pat", subject: "Billing" } });
  });

  it("retries 5xx with growing pauses, then succeeds", async () => {
    const r = await receiver([500, 503, 200]);
    await createWebhookGateway({ url: r.url, secret: SECRET, timeoutMs: 2_000, retries: 3, backoffMs: 40 }).send(invitation());
    expect(r.hits).toHaveLength(3);
    const gaps = [r.hits[1].at - r.hits[0].at, r.hits[2].at - r.hits[1].at];
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    // Each attempt is signed afresh, over the same body.
    for (const hit of r.hits) expect(verifySignature(SECRET, hit.signature, hit.body)).toBe(true);
  });

  it("every attempt of one invitation carries the same X-UCC-Delivery; another invitation another", async () => {
    const r = await receiver([500, 200, 200]);
    const gateway = createWebhookGateway({ url: r.url, secret: SECRET, timeoutMs: 2_000, retries: 3, backoffMs: 10 });
    await gateway.send(invitation());
    expect(r.hits).toHaveLength(2);
    const [first, retry] = r.hits;
    expect(first.delivery).toMatch(/^[0-9a-f-]{36}$/);
    expect(retry.delivery).toBe(first.delivery);
    // The signature is still over "<t>.<body>" only.
    expect(verifySignature(SECRET, retry.signature, retry.body)).toBe(true);
    await gateway.send(invitation());
    expect(r.hits).toHaveLength(3);
    expect(r.hits[2].delivery).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.hits[2].delivery).not.toBe(first.delivery);
  });

  it("gives up after the retries and says why", async () => {
    const r = await receiver([502]);
    await expect(createWebhookGateway({ url: r.url, secret: SECRET, timeoutMs: 2_000, retries: 2, backoffMs: 10 }).send(invitation())).rejects.toThrow(
      "3 attempts failed (last: HTTP 502)",
    );
    expect(r.hits).toHaveLength(3);
  });

  it("does not retry a 4xx: the receiver refused", async () => {
    const r = await receiver([400]);
    await expect(createWebhookGateway({ url: r.url, secret: SECRET, timeoutMs: 2_000, retries: 3, backoffMs: 10 }).send(invitation())).rejects.toThrow("refused: HTTP 400");
    expect(r.hits).toHaveLength(1);
  });

  it("a receiver that does not answer times out and is retried", async () => {
    const r = await receiver(["hang", 200]);
    await createWebhookGateway({ url: r.url, secret: SECRET, timeoutMs: 300, retries: 1, backoffMs: 10 }).send(invitation());
    expect(r.hits).toHaveLength(2);
  });

  it("stops retrying when the invitation expires", async () => {
    const r = await receiver(["hang"]);
    const sent = createWebhookGateway({ url: r.url, secret: SECRET, timeoutMs: 5_000, retries: 10, backoffMs: 10 }).send(invitation(600));
    await expect(sent).rejects.toThrow(/expired/);
    // The one attempt ran into the expiry and timed out; of the 10 retries allowed none was made.
    await expect(sent).rejects.toMatchObject({ name: "GatewayError", gateway: "webhook", message: "gave up: the invitation expired (last: timed out)" });
    expect(r.hits).toHaveLength(1);
  });
});
