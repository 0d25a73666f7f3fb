/**
 * The HAProxy configuration in front of several connector nodes: `/cometd` (and a window's
 * goodbye) round robin with a cookie that keeps each browser's Bayeux session on its node; every
 * other request straight to the node that owns the work (its `/readyz?role=owner` answers 200),
 * or, during a takeover when none does, to any node, which forwards it once an owner is there.
 * /readyz health checks take a node that starts or drains out within about 2 s.
 * `npm run cluster` uses it as is; the README shows it as a deployer's starting point.
 */
export interface HaproxyBackend {
  /** The server's name in HAProxy and the value of its stickiness cookie. */
  name: string;
  host: string;
  port: number;
}

export interface HaproxyConfigOptions {
  /** Where HAProxy listens. */
  port: number;
  /** Default "127.0.0.1". */
  bindHost?: string;
  backends: HaproxyBackend[];
}

const NAME = /^[A-Za-z0-9_.-]+$/;

export function haproxyConfig({ port, bindHost = "127.0.0.1", backends }: HaproxyConfigOptions): string {
  if (backends.length === 0) throw new Error("haproxyConfig: at least one backend is needed");
  for (const b of backends) {
    if (!NAME.test(b.name)) throw new Error(`haproxyConfig: backend name ${JSON.stringify(b.name)} must match ${NAME}`);
  }
  if (new Set(backends.map((b) => b.name)).size !== backends.length) throw new Error("haproxyConfig: backend names must differ");
  return `# UC Connector nodes behind HAProxy (written by lib/cluster/haproxy-config.ts)
global
  maxconn 4096

defaults
  mode http
  timeout connect 5s
  # NOTE: Bayeux long-polls hold a request about 30 s: client and server timeouts stay above it.
  timeout client 60s
  timeout server 60s
  # NOTE: a WebSocket (Bayeux's first choice) is a tunnel once upgraded: it may idle for long.
  timeout tunnel 1h
  # A node that dies between the health checks: resend the request to another (twice at most).
  option redispatch
  retries 2
  # NOTE: no "option forwardfor" here: on the loopback demo the dev sign-in needs a loopback peer
  # without proxy headers. A deployment adds it and lists HAProxy's address in "trusted-proxies".

frontend ucc
  bind ${bindHost}:${port}
  # NOTE: Bayeux sessions live in the node that made them; a window's goodbye closes it there.
  acl node_local path /cometd /api/kw/windows/closed
  use_backend nodes if node_local
  # NOTE: everything else goes to the owner directly, sparing the other nodes a forward.
  default_backend owner

backend nodes
  balance roundrobin
  # NOTE: a browser stays on the node that set its cookie, so its /cometd session (which lives in
  # that node's Bayeux server) is always found; a node taken out sends it elsewhere (redispatch).
  cookie UCCNODE insert indirect nocache httponly
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 1
${backends.map((b) => `  server ${b.name} ${b.host}:${b.port} check cookie ${b.name}`).join("\n")}

backend owner
  # NOTE: the one node whose /readyz?role=owner answers 200 takes it all. A connection it refuses
  # marks it down at once (it died), and the request is sent again: while no node owns the work,
  # the backup servers (any ready node) take it and forward it once the next owner is there.
  option httpchk GET /readyz?role=owner
  http-check expect status 200
  option allbackups
  default-server inter 1s fall 1 rise 1
${backends.map((b) => `  server ${b.name} ${b.host}:${b.port} check observe layer4 error-limit 1 on-error mark-down`).join("\n")}
${backends.map((b) => `  server ${b.name}-any ${b.host}:${b.port} backup track nodes/${b.name}`).join("\n")}
`;
}
