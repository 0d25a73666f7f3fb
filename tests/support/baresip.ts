/**
 * Real baresip softphones (Debian's baresip-core) for the desktop companion's tests, on loopback,
 * each in a scratch dir of its own (config, accounts, recordings), stopped by PID. Installs the
 * package (and sox) when missing (scripts/ensure-baresip.sh). Two roles (PLATFORM-NOTES):
 * - `tone`: sends a 440 Hz sine (ausine) as its microphone;
 * - `recording`: writes what it receives to `dump-…-dec.wav` (sndfile) in `recordings`; it sends
 *   a tone of its own (880 Hz), since baresip 1.0 sends no DTMF without an audio source.
 * `driver` is a ctrl_tcp connection the test drives the instance with (dial, counters, events);
 * an instance driven by the companion's adapter instead is started with `driver: false`
 * (baresip allows one ctrl connection).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import dgram from "node:dgram";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { BaresipControl, type BaresipEvent } from "../../lib/companion/softphone/baresip-control";
import { accepts, waitUntilReady } from "../../scripts/local-servers/child-process";
import { freePort } from "./free-port";
import { waitFor } from "./wait";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const MODULES = "/usr/lib/baresip/modules";
const START_TIMEOUT_MS = 10_000;
/** Ports per instance for RTP and RTCP (one call each way needs 2). */
const RTP_PORTS = 8;

export interface Baresip {
  user: string;
  /** Its SIP address, e.g. sip:customer@127.0.0.1:40123. */
  sipUri: string;
  /** Its ctrl_tcp address as the companion takes it: baresip://127.0.0.1:PORT. */
  ctrlUrl: string;
  recordings: string;
  pid: number;
  /** The test's own ctrl connection (undefined with `driver: false`). */
  driver: BaresipDriver | undefined;
  /**
   * Types keys on its own menu (cons.so), as a person at the softphone would, beside the ctrl
   * connection; only with `console: true`.
   */
  type(keys: string): Promise<void>;
  /** SIGTERM, wait, start again with the same config and ports (a softphone restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface BaresipOptions {
  role: "tone" | "recording";
  user: string;
  /** Open the test's own ctrl connection; default true. */
  driver?: boolean;
  /** Load cons.so so the test can type on the softphone's own menu (`type`); default false. */
  console?: boolean;
}

function canBind(port: number, kind: "tcp" | "udp"): Promise<boolean> {
  return new Promise((resolve) => {
    if (kind === "tcp") {
      const server = net.createServer();
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
    } else {
      const socket = dgram.createSocket("udp4");
      socket.once("error", () => resolve(false));
      socket.bind(port, "127.0.0.1", () => socket.close(() => resolve(true)));
    }
  });
}

/** A port P with P and P+1 free for TCP and P free for UDP: baresip's SIP takes P (UDP, TCP) and P+1 (TLS). */
async function freeSipPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65_000 && (await canBind(port + 1, "tcp")) && (await canBind(port, "udp"))) return port;
  }
}

/** The first of `count` consecutive free UDP ports. */
async function freeUdpRange(count: number): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base > 65_535 - count) continue;
    let ok = true;
    for (let port = base; port < base + count && ok; port++) ok = await canBind(port, "udp");
    if (ok) return base;
  }
}

export async function startBaresip(options: BaresipOptions): Promise<Baresip> {
  execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-baresip.sh")], { stdio: "inherit" });
  const dir = mkdtempSync(path.join(os.tmpdir(), `ucc-baresip-${options.user}-`));
  const recordings = path.join(dir, "recordings");
  mkdirSync(recordings);
  const sipPort = await freeSipPort();
  const rtpBase = await freeUdpRange(RTP_PORTS);
  const ctrlPort = await freePort();
  const consPort = options.console ? await freePort() : 0;
  const media =
    options.role === "tone"
      ? ["module ausine.so", "audio_source ausine,440", "ausrc_srate 48000", "ausrc_channels 2"]
      : ["module ausine.so", "audio_source ausine,880", "ausrc_srate 48000", "ausrc_channels 2", "module sndfile.so", `snd_path ${recordings}`];
  writeFileSync(
    path.join(dir, "config"),
    [
      "# Written by tests/support/baresip.ts: loopback only, no sound card.",
      `module_path ${MODULES}`,
      "poll_method epoll",
      `sip_listen 127.0.0.1:${sipPort}`,
      "net_interface 127.0.0.1",
      `rtp_ports ${rtpBase}-${rtpBase + RTP_PORTS - 1}`,
      "module g711.so",
      ...media,
      "module_tmp account.so",
      "module_app menu.so",
      "module_app ctrl_tcp.so",
      `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
      ...(options.console ? ["module_app cons.so", `cons_listen 127.0.0.1:${consPort}`] : []),
      "",
    ].join("\n"),
  );
  const sipUri = `sip:${options.user}@127.0.0.1:${sipPort}`;
  writeFileSync(path.join(dir, "accounts"), `<${sipUri}>;regint=0\n`);

  let child: ChildProcess;
  let exited: Promise<void>;
  const launch = async () => {
    child = spawn("baresip", ["-f", dir], { stdio: "ignore" });
    exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    await waitUntilReady(child, `baresip (ctrl_tcp 127.0.0.1:${ctrlPort})`, () => accepts(ctrlPort), { timeoutMs: START_TIMEOUT_MS });
  };
  const halt = async () => {
    child.kill("SIGTERM");
    const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
    if (!stopped) {
      child.kill("SIGKILL");
      await exited;
    }
  };
  try {
    await launch();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const driver = options.driver === false ? undefined : new BaresipDriver(`baresip://127.0.0.1:${ctrlPort}`);
  if (driver) await waitFor(() => driver.control.isConnected, Boolean, { what: "the test's ctrl connection" });
  const handle: Baresip = {
    user: options.user,
    sipUri,
    ctrlUrl: `baresip://127.0.0.1:${ctrlPort}`,
    recordings,
    get pid() {
      return child.pid!;
    },
    driver,
    type(keys: string) {
      if (!options.console) return Promise.reject(new Error("started without console: true"));
      return typeOnConsole(consPort, keys);
    },
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      await driver?.close();
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** Sends keys to cons.so over TCP, as menu input; resolves once they are written. */
function typeOnConsole(port: number, keys: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.end(keys, () => resolve()));
    socket.once("error", reject);
  });
}

/** Drives one baresip from the test and keeps every event it reported. */
export class BaresipDriver {
  readonly control: BaresipControl;
  readonly events: BaresipEvent[] = [];

  constructor(url: string) {
    const match = /:(\d+)$/.exec(url)!;
    this.control = new BaresipControl({ host: "127.0.0.1", port: Number(match[1]) });
    this.control.onEvent((event) => this.events.push(event));
  }

  dial(uri: string): Promise<string> {
    return this.control.command("dial", uri);
  }

  /** Waits until an event of this type (and, when given, this param) was reported; returns it. */
  async event(type: string, param?: string): Promise<BaresipEvent> {
    const found = await waitFor(
      () => this.events.find((e) => e.type === type && (param === undefined || e.param === param)),
      (e) => e !== undefined,
      { what: `baresip event ${type}${param ? ` ${param}` : ""}` },
    );
    return found!;
  }

  /** RTP packets received on the current call so far (audio_debug's RTCP member `rcvd=`). */
  async rtpReceived(): Promise<number> {
    const data = await this.control.command("audio_debug");
    const match = /rcvd=(\d+)/.exec(data);
    return match ? Number(match[1]) : 0;
  }

  close(): Promise<void> {
    return this.control.close();
  }
}

/** The newest recording of what this instance received (`dump-…-dec.wav`), or undefined. */
export function latestReceivedWav(instance: Baresip): string | undefined {
  const files = readdirSync(instance.recordings).filter((f) => f.endsWith("-dec.wav")).sort();
  return files.length ? path.join(instance.recordings, files[files.length - 1]) : undefined;
}

/** The RMS amplitude (0..1) of a WAV, or of `length` seconds from `start`, by `sox … stat`. */
export function rmsOf(wav: string, window?: { start: number; length: number }): number {
  const trim = window ? ["trim", String(window.start), String(window.length)] : [];
  // NOTE: sox writes `stat` to stderr.
  const result = spawnSync("sox", [wav, "-n", ...trim, "stat"], { encoding: "utf8" });
  const text = `${result.stdout}${result.stderr}`;
  const match = /RMS\s+amplitude:\s+([\d.]+)/.exec(text);
  if (match) return Number(match[1]);
  throw new Error(`sox printed no RMS for ${wav}: ${text}`);
}

/** The recording's sizes: 8 kHz 16-bit mono after a 44-byte WAV header (sndfile). */
const WAV_HEADER_BYTES = 44;
const BYTES_PER_SECOND = 16_000;

/** How many bytes of the newest received recording are written so far (0 before there is one). */
export function recordedBytes(instance: Baresip): number {
  const wav = latestReceivedWav(instance);
  return wav ? statSync(wav).size : 0;
}

/** Waits until `seconds` more of what this instance receives is recorded; returns the new size. */
export function recordedMore(instance: Baresip, seconds: number): Promise<number> {
  const start = recordedBytes(instance);
  return waitFor(() => recordedBytes(instance), (n) => n >= start + seconds * BYTES_PER_SECOND, { what: `${seconds} s more of ${instance.user}'s recording` });
}

/**
 * The RMS amplitude of a closed recording between two sizes it had (recordedBytes), skipping
 * `settleSeconds` at the start. NOTE: sox reads nothing of a WAV still being written (its header
 * says 0 samples), so this is for after the call's recording is closed (hold or hang-up).
 */
export function rmsBetween(wav: string, fromBytes: number, toBytes: number, settleSeconds = 0): number {
  const first = Math.floor((fromBytes - WAV_HEADER_BYTES) / 2) + settleSeconds * 8_000;
  const count = Math.floor((toBytes - WAV_HEADER_BYTES) / 2) - first;
  if (count <= 0) throw new Error(`no samples between ${fromBytes} and ${toBytes} bytes`);
  const result = spawnSync("sox", [wav, "-n", "trim", `${first}s`, `${count}s`, "stat"], { encoding: "utf8" });
  const match = /RMS\s+amplitude:\s+([\d.]+)/.exec(`${result.stdout}${result.stderr}`);
  if (match) return Number(match[1]);
  throw new Error(`sox printed no RMS for ${wav}: ${result.stderr}`);
}
