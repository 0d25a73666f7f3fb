/**
 * The dev sign-in signs anyone in as any worker with one button: it is for a developer's own
 * machine. The start refuses it unless the connector listens on a loopback address only.
 */
import { BlockList, isIP } from "node:net";

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");
// NOTE: an IPv4-mapped loopback address (::ffff:127.0.0.1) is loopback too.
loopback.addSubnet("::ffff:127.0.0.0", 104, "ipv6");

/** Whether a listen address (HOST) reaches this machine only: 127.0.0.0/8, ::1 or `localhost`. */
export function isLoopbackListenAddress(host: string): boolean {
  const bare = host.trim().replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  const family = isIP(bare);
  return family !== 0 && loopback.check(bare, family === 4 ? "ipv4" : "ipv6");
}

/** Throws the one line that refuses the start when `"sign-in": "dev"` would listen beyond loopback. */
export function checkDevSignInListen(signIn: string, host: string, configFile: string): void {
  if (signIn !== "dev" || isLoopbackListenAddress(host)) return;
  throw new Error(
    `configuration file ${configFile}: option sign-in: "dev" signs anyone in as any worker and is allowed only on a loopback address, but HOST is ${host} (use "oidc", or HOST=127.0.0.1)`,
  );
}
