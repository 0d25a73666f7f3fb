/**
 * The desktop companion process (npm run companion) against a real connector process and a real
 * baresip: pairing with a one-time code, the test's ack printed, the status line; a connector
 * paused with SIGSTOP makes it say "link bad since…", and after SIGCONT it is connected again
 * without flooding the connector with handshakes, and tells it again of every call still open;
 * one-line errors for a spent code and an unreachable connector.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBaresip, type Baresip } from "../support/baresip";
import { startCompanion, type CompanionProcess } from "../support/companion-process";
import { startConnectorProcess, type ConnectorProcess } from "../support/connector-process";
import { startCountingProxy, type CountingProxy } from "../support/counting-proxy";
import { demoConfigRaw, tempDir } from "../support/harness";
import { rawRequest } from "../support/http";
import { api, events, setPresence, signIn } from "../support/interactions";
import { waitFor } from "../support/wait";

/** The companion spaces what it sends; arrivals at the proxy jitter by some ms on a busy machine. */
const JITTER_MS = 50;
const KEEP_ALIVE = { "gla-kpl-time": 4, "gla-kpl-response-time": 3, "gla-call-match-window": 2000 };

describe("the desktop companion process", () => {
  let connector: ConnectorProcess;
  let proxy: CountingProxy;
  let phone: Baresip;
  let customer: Baresip;
  let customer2: Baresip;
  let companion: CompanionProcess | undefined;
  const dir = tempDir("ucc-companion-");
  const configFile = path.join(dir, "companion.json");

  const pairingCode = async (worker: string) => {
    const cookie = await signIn(connector, worker);
    const res = await rawRequest(`${connector.url}/api/kw/companion/pairing-code`, { method: "POST", headers: { cookie } });
    expect(res.status).toBe(201);
    return (res.json as { code: string }).code;
  };

  beforeAll(async () => {
    const raw = demoConfigRaw();
    connector = await startConnectorProcess({ config: { ...raw, "uc-connector": { ...raw["uc-connector"], ...KEEP_ALIVE } } });
    proxy = await startCountingProxy(connector.url);
    phone = await startBaresip({ role: "tone", user: "kw1", driver: false });
    customer = await startBaresip({ role: "recording", user: "customer" });
    customer2 = await startBaresip({ role: "recording", user: "customer2" });
  }, 60_000);

  afterAll(async () => {
    await companion?.stop();
    if (connector?.child.exitCode === null) connector.child.kill("SIGCONT");
    await proxy?.close();
    await connector?.cleanup();
    await phone?.stop();
    await customer?.stop();
    await customer2?.stop();
  });

  it("pairs, prints the test's result and keeps its status line; says the link is bad while the connector is paused and reconnects without flooding", async () => {
    const code = await pairingCode("kw1");
    companion = startCompanion(["--url", proxy.url, "--worker", "kw1", "--softphone", phone.ctrlUrl, "--pairing-code", code, "--config", configFile]);
    await companion.line(/^paired: worker kw1's companion credential saved in /);
    await companion.line(/^test: the connector answered in \d+ ms \(heartbeat every 4 s, to be answered within 3 s\)$/);
    const ready = await companion.line(/^kw1 \| connector: connected \| softphone: ready \| call: none$/);

    // The credential is saved for the owner only and never printed.
    const saved = JSON.parse(readFileSync(configFile, "utf8")) as { credential: string };
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(companion.lines().join("\n")).not.toContain(saved.credential);
    expect(companion.stderr()).not.toContain(saved.credential);
    // The connector knows the worker's desktop phone is there.
    await waitFor(
      async () => (await api(connector, "GET", "/api/v1/workers/kw1")).json as { companion?: unknown },
      (w) => JSON.stringify(w.companion) === JSON.stringify({ connected: true, softphone: "ready" }),
      { what: "the worker's companion to show as connected with its softphone ready" },
    );

    const before = proxy.handshakes.length;
    connector.child.kill("SIGSTOP");
    const pausedAt = Date.now();
    const bad = await companion.line(/^kw1 \| connector: link bad since \d\d:\d\d:\d\d \| softphone: ready/, { after: ready.index });
    connector.child.kill("SIGCONT");
    await companion.line(/^kw1 \| connector: connected \| softphone: ready/, { after: bad.index, timeoutMs: 60_000 });
    const elapsedSeconds = (Date.now() - pausedAt) / 1000;
    const handshakes = proxy.handshakes.slice(before);
    // No faster than once a second: never two handshakes within a second of each other.
    for (let i = 1; i < handshakes.length; i++) expect(handshakes[i] - handshakes[i - 1]).toBeGreaterThanOrEqual(1000 - JITTER_MS);
    expect(handshakes.length).toBeLessThanOrEqual(Math.ceil(elapsedSeconds));
  }, 90_000);

  it("starts again from its config file alone, and refuses a spent pairing code in one line", async () => {
    await companion!.stop();
    companion = startCompanion(["--config", configFile, "--worker", "kw1"]);
    await companion.line(/^test: the connector answered/);
    await companion.stop();

    const code = await pairingCode("kw2");
    const first = startCompanion(["--url", connector.url, "--worker", "kw2", "--softphone", phone.ctrlUrl, "--pairing-code", code, "--config", path.join(dir, "kw2.json")]);
    await first.line(/^paired: /);
    await first.stop();
    const again = startCompanion(["--url", connector.url, "--worker", "kw2", "--softphone", phone.ctrlUrl, "--pairing-code", code, "--config", path.join(dir, "kw2b.json")]);
    expect(await again.exited).toBe(1);
    expect(again.stderr().trim().split("\n")).toEqual([expect.stringMatching(/^companion: pairing refused: this pairing code is wrong, used or expired/)]);
  }, 60_000);

  it("says in one line that the connector cannot be reached", async () => {
    const gone = startCompanion(["--url", "http://127.0.0.1:9", "--worker", "kw1", "--softphone", phone.ctrlUrl, "--pairing-code", "12345678", "--config", path.join(dir, "gone.json")]);
    expect(await gone.exited).toBe(1);
    expect(gone.stderr().trim()).toMatch(/^companion: cannot reach the connector at http:\/\/127\.0\.0\.1:9 \(connect ECONNREFUSED/);
  }, 30_000);

  it("reports a call outside the match window as not matched, and the interaction created after it too", async () => {
    await companion?.stop();
    const code = await pairingCode("kw3");
    companion = startCompanion(["--url", connector.url, "--worker", "kw3", "--softphone", phone.ctrlUrl, "--pairing-code", code, "--config", path.join(dir, "kw3.json")]);
    await companion.line(/^kw3 \| connector: connected \| softphone: ready \| call: none$/);
    await customer.driver!.dial(phone.sipUri);
    await companion.line(/^kw3 \| connector: connected \| softphone: ready \| call: ringing sip:customer@/);
    const eventOf = (type: string, matches: (e: Awaited<ReturnType<typeof events>>[number]) => boolean) =>
      waitFor(async () => (await events(connector)).find((e) => e.type === type && matches(e)), Boolean, { what: `a ${type} event` });
    // The ringing call waits gla-call-match-window for its interaction, then is reported alone.
    const lonelyCall = await eventOf("CallNotMatched", (e) => e.worker === "kw3" && e.interaction === undefined);
    expect(lonelyCall!.reasons).toMatchObject({ reason: "no-interaction" });

    await setPresence(connector, "kw3", "available");
    const created = await api(connector, "POST", "/api/v1/interactions", { media: "voice", from: customer.sipUri, worker: "kw3" });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    await eventOf("CallNotMatched", (e) => e.interaction === id);
    expect((await events(connector)).filter((e) => e.type === "CallMatched")).toEqual([]);
    await customer.driver!.control.command("hangup");
    await companion.line(/^kw3 \| connector: connected \| softphone: ready \| call: none$/, { after: companion.lines().length - 2 });
  }, 60_000);

  it("after a new handshake tells the connector again of every call still open, each with its caller, not only the latest", async () => {
    await companion?.stop();
    const code = await pairingCode("kw2");
    companion = startCompanion(["--url", proxy.url, "--worker", "kw2", "--softphone", phone.ctrlUrl, "--pairing-code", code, "--config", path.join(dir, "kw2-calls.json")]);
    const ready = await companion.line(/^kw2 \| connector: connected \| softphone: ready \| call: none$/);
    const from = proxy.published.length;
    await customer.driver!.dial(phone.sipUri);
    await companion.line(/^kw2 \| .* \| call: ringing sip:customer@/, { after: ready.index });
    await customer2.driver!.dial(phone.sipUri);
    const second = await companion.line(/^kw2 \| .* \| call: ringing sip:customer2@/, { after: ready.index });
    const rang = proxy.published.slice(from).filter((p) => p.data.type === "call" && p.data.state === "ringing").map((p) => `${p.data.callId} ${p.data.peer}`);
    expect(rang).toEqual([expect.stringMatching(/ sip:customer@/), expect.stringMatching(/ sip:customer2@/)]);

    // The connector forgets the session (as after a restart): the companion handshakes again, and
    // the connector hears of both calls.
    const handshakesBefore = proxy.handshakes.length;
    proxy.forgetSession();
    await companion.line(/^test: the connector answered/, { after: second.index });
    const restated = await waitFor(
      () => proxy.published.filter((p) => p.handshakes > handshakesBefore && p.data.type === "call").map((p) => `${p.data.callId} ${p.data.peer}`),
      (calls) => calls.length >= 2,
      { what: "both open calls told again after the new handshake" },
    );
    expect(restated.sort()).toEqual([...rang].sort());
    expect(proxy.published.filter((p) => p.handshakes > handshakesBefore && p.data.type === "call").every((p) => p.data.state === "ringing")).toBe(true);

    await customer.driver!.control.command("hangup");
    await customer2.driver!.control.command("hangup");
    await companion.line(/^kw2 \| connector: connected \| softphone: ready \| call: none$/, { after: second.index });
  }, 90_000);

  // NOTE: last: it replaces the connector process with a restarted one.
  it("retries a dead connector no faster than once a second, backing off, and links again once it is back", async () => {
    await companion?.stop();
    const code = await pairingCode("kw1");
    companion = startCompanion(["--url", proxy.url, "--worker", "kw1", "--softphone", phone.ctrlUrl, "--pairing-code", code, "--config", path.join(dir, "kw1-restart.json")]);
    const linked = await companion.line(/^kw1 \| connector: connected \| softphone: ready/);

    const before = proxy.attempts.length;
    await connector.kill9();
    const down = await companion.line(/^kw1 \| connector: (reconnecting|link bad since \d\d:\d\d:\d\d) \| softphone: ready/, { after: linked.index });
    await waitFor(() => proxy.attempts.length, (n) => n >= before + 4, { what: "four attempts to link again", timeoutMs: 30_000 });
    const attempts = proxy.attempts.slice(before);
    const gaps = attempts.slice(1).map((at, i) => at - attempts[i]);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000 - JITTER_MS);
    expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]);

    // Back, but refusing handshakes for a while: the companion's new session is paced too.
    proxy.refuseHandshakes = true;
    const handshakesBefore = proxy.handshakes.length;
    connector = await connector.restart();
    proxy.retarget(connector.url);
    await waitFor(() => proxy.handshakes.length, (n) => n >= handshakesBefore + 3, { what: "three refused handshakes", timeoutMs: 45_000 });
    proxy.refuseHandshakes = false;
    const refused = proxy.handshakes.slice(handshakesBefore, handshakesBefore + 3);
    expect(refused[1] - refused[0]).toBeGreaterThanOrEqual(1000 - JITTER_MS);
    expect(refused[2] - refused[1]).toBeGreaterThanOrEqual(2000 - JITTER_MS);
    await companion.line(/^kw1 \| connector: connected \| softphone: ready/, { after: down.index, timeoutMs: 45_000 });
  }, 90_000);
});
