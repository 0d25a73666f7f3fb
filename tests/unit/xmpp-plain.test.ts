import { describe, expect, it } from "vitest";
import { isLoopbackUrlHost, xmppMayBePlain } from "../../lib/config/im-schema";

describe("xmppMayBePlain: only loopback may see the password in clear", () => {
  it.each([
    ["xmpp://127.0.0.1:5222", true],
    ["xmpp://localhost:5222", true],
    ["xmpp://[::1]:5222", true],
    ["ws://127.0.0.1:5280/ws", true],
    ["xmpp://xmpp.example.com:5222", false],
    ["xmpp://10.1.2.3", false],
    ["xmpp://127.0.0.1.example.com", false],
    ["xmpps://127.0.0.1:5223", false],
    ["wss://localhost/ws", false],
    ["not a url", false],
  ])("%s -> %s", (service, plain) => {
    expect(xmppMayBePlain(service)).toBe(plain);
  });

  it.each([
    ["127.0.0.1", true],
    ["127.9.8.7", true],
    ["[::1]", true],
    ["LOCALHOST", true],
    ["::ffff:127.0.0.1", false],
    ["128.0.0.1", false],
    ["localhost.example", false],
  ])("isLoopbackUrlHost(%s) -> %s", (host, loopback) => {
    expect(isLoopbackUrlHost(host)).toBe(loopback);
  });
});
