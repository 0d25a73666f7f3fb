/** The companion's pure parts: its reconnection pace, its status line, its options and config file. */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HandshakePacer, RECONNECT_MAX_MS } from "../../lib/companion/app/handshake-pacer";
import { parseOptions, saveConfig, UsageError } from "../../lib/companion/app/options";
import { renderStatus, StatusLine } from "../../lib/companion/app/status-line";

describe("the handshake pace", () => {
  it("sends the first handshake at once, then no faster than once a second, doubling to the cap", () => {
    let now = 0;
    const pacer = new HandshakePacer(() => now);
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const wait = pacer.waitMs();
      waits.push(wait);
      now += wait;
      pacer.sent();
    }
    expect(waits).toEqual([0, 1000, 2000, 4000, 8000, 16000, RECONNECT_MAX_MS, RECONNECT_MAX_MS]);
  });

  it("waits a second again after a handshake that succeeded", () => {
    let now = 0;
    const pacer = new HandshakePacer(() => now);
    pacer.sent();
    now += 1000;
    pacer.sent();
    pacer.succeeded();
    expect(pacer.waitMs()).toBe(1000);
    now += 5000;
    expect(pacer.waitMs()).toBe(0);
  });
});

describe("the status line", () => {
  const base = { worker: "kw1", link: "connected" as const, softphone: "ready" as const };
  it.each([
    ["connected, no call", base, "kw1 | connector: connected | softphone: ready | call: none"],
    ["reconnecting, softphone absent", { ...base, link: "reconnecting" as const, softphone: "absent" as const }, "kw1 | connector: reconnecting | softphone: absent | call: none"],
    ["a ringing call", { ...base, call: { state: "ringing" as const, peer: "sip:c@h" } }, "kw1 | connector: connected | softphone: ready | call: ringing sip:c@h"],
    ["a closed call", { ...base, call: { state: "closed" as const, peer: "sip:c@h" } }, "kw1 | connector: connected | softphone: ready | call: none"],
    ["link bad", { ...base, linkBadSince: new Date(2026, 0, 1, 9, 5, 7) }, "kw1 | connector: link bad since 09:05:07 | softphone: ready | call: none"],
  ])("%s", (_name, status, text) => {
    expect(renderStatus(status)).toBe(text);
  });

  it("rewrites the line in place on a terminal and prints one line per change elsewhere", () => {
    const tty: string[] = [];
    const pipe: string[] = [];
    const onTty = new StatusLine({ write: (t) => tty.push(t), isTTY: true });
    const onPipe = new StatusLine({ write: (t) => pipe.push(t) });
    for (const line of [onTty, onPipe]) {
      line.update(base);
      line.update(base);
      line.update({ ...base, softphone: "absent" });
    }
    expect(tty).toEqual([`\r\x1b[2K${renderStatus(base)}`, `\r\x1b[2K${renderStatus({ ...base, softphone: "absent" })}`]);
    expect(pipe).toEqual([`${renderStatus(base)}\n`, `${renderStatus({ ...base, softphone: "absent" })}\n`]);
  });
});

describe("the companion's options", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-companion-opts-"));
  const config = path.join(dir, "nested", "config.json");
  const first = ["--url", "https://ucc.example.com/", "--worker", "kw1", "--softphone", "baresip://127.0.0.1:4444", "--config", config];

  it("needs a pairing code until a credential is saved, then nothing but the config file", () => {
    expect(() => parseOptions(first)).toThrow(/not paired .* --pairing-code/);
    expect(parseOptions([...first, "--pairing-code", "ABC123"])).toMatchObject({ url: "https://ucc.example.com", pairingCode: "ABC123" });
    saveConfig(config, { url: "https://ucc.example.com", worker: "kw1", credential: "c".repeat(40), softphone: "baresip://127.0.0.1:4444" });
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(config)).mode & 0o777).toBe(0o700);
    expect(parseOptions(["--config", config])).toMatchObject({ worker: "kw1", credential: "c".repeat(40), softphone: "baresip://127.0.0.1:4444" });
    // A credential saved for another worker proves nothing for this one.
    expect(() => parseOptions(["--config", config, "--worker", "kw2"])).toThrow(/kw2 is not paired/);
  });

  it("keeps the saved file at mode 0600 when it is rewritten", () => {
    writeFileSync(config, "{}", { mode: 0o644 });
    saveConfig(config, { url: "https://ucc.example.com", worker: "kw1", credential: "d".repeat(40) });
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(config, "utf8")).credential).toBe("d".repeat(40));
  });

  it.each([
    [["--url", "ftp://x", "--worker", "kw1", "--softphone", "baresip://127.0.0.1:1", "--pairing-code", "123456"], /--url/],
    [["--url", "http://x", "--worker", "kw1", "--softphone", "sip:x", "--pairing-code", "123456"], /--softphone: must be baresip/],
    [["--url", "http://x", "--worker", "kw1", "--softphone", "baresip://127.0.0.1:1", "--pairing-code", "123456", "--cert", "a.pem"], /--cert and --key/],
    [["--bogus"], /bogus/],
  ])("refuses %j in one line", (argv, message) => {
    expect(() => parseOptions([...argv, "--config", path.join(dir, "none.json")])).toThrow(UsageError);
    expect(() => parseOptions([...argv, "--config", path.join(dir, "none.json")])).toThrow(message);
  });
});
