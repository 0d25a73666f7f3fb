/** The connector's HTTP calls the benchmark makes, as an integrator (API key) and as a worker (cookie). */
import type { Agent } from "node:http";
import { newAgent, request, type Reply } from "./http";

/** Requests handled, seconds spent in them, and the histogram's cumulative counts by bucket bound (s), by "METHOD path". */
export type RouteTimings = Map<string, { count: number; seconds: number; buckets: Map<number, number> }>;

/**
 * What happened between two readings: count, mean ms, and the p99 as the histogram can tell it
 * (the upper bound, ms, of the bucket it falls in) per route.
 */
export function routeTimingsBetween(before: RouteTimings, after: RouteTimings): Array<{ route: string; count: number; meanMs: number; p99AtMostMs: number }> {
  return [...after].flatMap(([route, a]) => {
    const b = before.get(route) ?? { count: 0, seconds: 0, buckets: new Map<number, number>() };
    const count = a.count - b.count;
    if (count <= 0) return [];
    const bounds = [...a.buckets.keys()].sort((x, y) => x - y);
    const p99 = bounds.find((le) => (a.buckets.get(le) ?? 0) - (b.buckets.get(le) ?? 0) >= 0.99 * count) ?? Number.POSITIVE_INFINITY;
    return [{ route, count, meanMs: ((a.seconds - b.seconds) * 1000) / count, p99AtMostMs: p99 * 1000 }];
  });
}

/** Counts the connector keeps: Bayeux pushes to subscribed channels, store commits, disk syncs. */
export interface Activity {
  pushes: number;
  commits: number;
  syncs: number;
}

export const activityBetween = (before: Activity, after: Activity): Activity => ({
  pushes: after.pushes - before.pushes,
  commits: after.commits - before.commits,
  syncs: after.syncs - before.syncs,
});

export class UnexpectedReply extends Error {
  constructor(what: string, reply: Reply) {
    super(`${what}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
    this.name = "UnexpectedReply";
  }
}

function expect(what: string, reply: Reply, status: number): Reply {
  if (reply.status !== status) throw new UnexpectedReply(what, reply);
  return reply;
}

/** A signed-in worker's credentials: its session cookie and its own connections. */
export interface WorkerSession {
  cookie: string;
  agent: Agent;
}

export class ConnectorApi {
  /** The integrator's connections. */
  private readonly agent = newAgent();

  constructor(
    readonly url: string,
    private readonly apiKey: string,
  ) {}

  private get bearer() {
    return { authorization: `Bearer ${this.apiKey}` };
  }

  /** Dev sign-in (POST /signin, as its form does), on the worker's own connections (a browser allows 6 per host). */
  async signIn(workerId: string): Promise<WorkerSession> {
    const agent = newAgent(6);
    const reply = expect(`sign-in ${workerId}`, await request(`${this.url}/signin`, "POST", { form: { worker: workerId }, agent }), 303);
    const setCookie = ([] as string[]).concat(reply.headers["set-cookie"] ?? []);
    const session = setCookie.map((c) => c.split(";")[0].trim()).find((c) => c.startsWith("ucc_session="));
    if (!session) throw new Error(`sign-in ${workerId}: no ucc_session cookie in the reply`);
    return { cookie: session, agent };
  }

  async setPresence(worker: WorkerSession, presence: string): Promise<void> {
    const reply = await request(`${this.url}/api/kw/presence`, "PUT", { headers: { cookie: worker.cookie }, json: { presence }, agent: worker.agent });
    expect("PUT /api/kw/presence", reply, 200);
  }

  /** How many Bayeux windows the connector counts for a worker. */
  async windows(workerId: string): Promise<number> {
    const reply = expect(`GET worker ${workerId}`, await request(`${this.url}/api/v1/workers/${workerId}`, "GET", { headers: this.bearer, agent: this.agent }), 200);
    return (JSON.parse(reply.body) as { windows: number }).windows;
  }

  /** Creates a chat for the embedded routing; resolves with its id. */
  async createChat(): Promise<string> {
    const reply = expect(
      "POST /api/v1/interactions",
      await request(`${this.url}/api/v1/interactions`, "POST", { headers: this.bearer, json: { media: "chat", from: "bench" }, agent: this.agent }),
      201,
    );
    return (JSON.parse(reply.body) as { id: string }).id;
  }

  async accept(worker: WorkerSession, interactionId: string, offerId: string): Promise<void> {
    const reply = await request(`${this.url}/api/kw/interactions/${interactionId}/accept`, "POST", {
      headers: { cookie: worker.cookie },
      json: { offerId },
      agent: worker.agent,
    });
    expect("accept", reply, 200);
  }

  /** The customer leaves: the chat goes to wrap-up. */
  async end(interactionId: string): Promise<void> {
    expect("end", await request(`${this.url}/api/v1/interactions/${interactionId}/end`, "POST", { headers: this.bearer, agent: this.agent }), 200);
  }

  /** The worker finishes after-chat work: the chat is done and the capacity free again. */
  async done(worker: WorkerSession, interactionId: string): Promise<void> {
    const reply = await request(`${this.url}/api/kw/interactions/${interactionId}/done`, "POST", { headers: { cookie: worker.cookie }, agent: worker.agent });
    expect("done", reply, 200);
  }

  /** The connector's pushes, store commits and disk syncs so far (from /metrics). */
  async activity(): Promise<Activity> {
    const text = (await request(`${this.url}/metrics`, "GET", { agent: this.agent })).body;
    const read = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, "m").exec(text)?.[1] ?? Number.NaN);
    return { pushes: read("ucc_bayeux_pushes_total"), commits: read("ucc_store_commits_total"), syncs: read("ucc_store_syncs_total") };
  }

  /**
   * The connector's own timings so far (from /metrics): its routes by "METHOD path", its steps by
   * "step <phase>" (queued, running, kept) and its disk syncs as "disk sync".
   */
  async routeTimings(): Promise<RouteTimings> {
    const text = (await request(`${this.url}/metrics`, "GET", { agent: this.agent })).body;
    const out: RouteTimings = new Map();
    const histograms: Array<[string, (labels: string) => string]> = [
      ["ucc_http_request_duration_seconds", (labels) => `${/method="([^"]*)"/.exec(labels)?.[1]} ${/route="([^"]*)"/.exec(labels)?.[1]}`],
      ["ucc_step_seconds", (labels) => `step ${/phase="([^"]*)"/.exec(labels)?.[1]}`],
      ["ucc_store_sync_seconds", () => "disk sync"],
    ];
    for (const [name, keyOf] of histograms) {
      const line = new RegExp(`^${name}_(sum|count|bucket)(?:\\{([^}]*)\\})? ([0-9.e+-]+)$`, "gm");
      for (const [, kind, labels = "", value] of text.matchAll(line)) {
        const key = keyOf(labels);
        const entry = out.get(key) ?? { count: 0, seconds: 0, buckets: new Map<number, number>() };
        if (kind === "sum") entry.seconds += Number(value);
        else if (kind === "count") entry.count += Number(value);
        else {
          const le = /le="([^"]*)"/.exec(labels)?.[1];
          const bound = le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
          entry.buckets.set(bound, (entry.buckets.get(bound) ?? 0) + Number(value));
        }
        out.set(key, entry);
      }
    }
    return out;
  }
}
