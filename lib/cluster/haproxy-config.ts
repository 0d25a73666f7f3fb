/**
 * The HAProxy configuration in front of several connector nodes: round robin for new browsers,
 * a cookie that keeps each browser (its /cometd above all) on the node it started on, and
 * /readyz health checks so a node that starts or drains is taken out within about 2 s.
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
  default_backend nodes

backend nodes
  balance roundrobin
  # NOTE: a browser stays on the node that set its cookie, so its /cometd session (which lives in
  # that node's Bayeux server) is always found; a node taken out sends it elsewhere (redispatch).
  cookie UCCNODE insert indirect nocache httponly
  option httpchk GET /readyz
  http-check expect status 200
  default-server inter 1s fall 2 rise 1
${backends.map((b) => `  server ${b.name} ${b.host}:${b.port} check cookie ${b.name}`).join("\n")}
`;
}
