import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { haproxyConfig } from "../../lib/cluster/haproxy-config";

const backends = [
  { name: "node-1", host: "127.0.0.1", port: 4001 },
  { name: "node-2", host: "127.0.0.1", port: 4002 },
];
const lines = (text: string) => text.split("\n").map((l) => l.trim());

describe("haproxyConfig", () => {
  const config = haproxyConfig({ port: 8080, backends });

  it.each([
    "mode http",
    "bind 127.0.0.1:8080",
    "balance roundrobin",
    "cookie UCCNODE insert indirect nocache httponly",
    "option httpchk GET /readyz",
    "http-check expect status 200",
    "default-server inter 1s fall 2 rise 1",
    "timeout tunnel 1h",
    "timeout server 60s",
    "timeout client 60s",
    "option redispatch",
    "retries 2",
    "server node-1 127.0.0.1:4001 check cookie node-1",
    "server node-2 127.0.0.1:4002 check cookie node-2",
    "acl node_local path /cometd /api/kw/windows/closed",
    "use_backend nodes if node_local",
    "default_backend owner",
    "option httpchk GET /readyz?role=owner",
    "option allbackups",
    "server node-1 127.0.0.1:4001 check observe layer4 error-limit 1 on-error mark-down",
    "server node-2-any 127.0.0.1:4002 backup track nodes/node-2",
  ])("has %s", (line) => {
    expect(lines(config)).toContain(line);
  });

  it("leaves forwardfor out: the loopback dev sign-in needs a peer without proxy headers", () => {
    expect(lines(config).filter((l) => !l.startsWith("#")).join("\n")).not.toMatch(/forwardfor/);
  });

  it("binds where it is told", () => {
    expect(lines(haproxyConfig({ port: 80, bindHost: "0.0.0.0", backends }))).toContain("bind 0.0.0.0:80");
  });

  it.each([
    [[], /at least one/],
    [[{ name: "a b", host: "h", port: 1 }], /must match/],
    [[backends[0], backends[0]], /must differ/],
  ])("refuses backends %j", (list, message) => {
    expect(() => haproxyConfig({ port: 1, backends: list })).toThrow(message);
  });

  it("is a configuration HAProxy accepts (haproxy -c)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ucc-haproxy-check-"));
    try {
      const file = path.join(dir, "haproxy.cfg");
      writeFileSync(file, config);
      expect(execFileSync("haproxy", ["-c", "-f", file], { encoding: "utf8" })).toMatch(/valid/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
