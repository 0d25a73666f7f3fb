/**
 * Helpers for interactions over HTTP, usable against any running connector (the in-process
 * harness or a child process): the integration API with the key, the web client's calls with a
 * worker's session cookie, and the customer's calls with its token. They return raw responses;
 * the `...Ok` variants fail loudly on an unexpected status so a test reads as its story.
 */
import { rawRequest, type RawResponse } from "./http";
import { devSignIn } from "./sign-in";

/** Anything that has a base URL and the integration API key (Connector, ConnectorProcess). */
export interface Endpoint {
  url: string;
  apiKey: string;
}

export interface ReportingEventView {
  seq: number;
  at: string;
  type: string;
  worker?: string;
  interaction?: string;
  reasons?: Record<string, string>;
}

/** An offer as GET /api/kw/offers and the Bayeux "offer" push show it. */
export interface OfferViewJson {
  id: string;
  interaction: { id: string; media: string; from: string; subject: string; data: Record<string, string> };
  offeredAt: string;
  deadline: string;
  serverTime: string;
  timeoutMs: number;
  extended: boolean;
  presenceAfterTimeout: string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function expectStatus(res: RawResponse, status: number, what: string): RawResponse {
  if (res.status !== status) throw new Error(`${what} answered ${res.status} (expected ${status}): ${res.text}`);
  return res;
}

export function api(e: Endpoint, method: string, pathname: string, body?: object | string | Buffer, headers: Record<string, string> = {}) {
  return rawRequest(e.url + pathname, { method, body, headers: { ...bearer(e.apiKey), ...headers } });
}

/** POST /api/v1/interactions (any status). */
export function create(e: Endpoint, body: object | string | Buffer, headers: Record<string, string> = {}) {
  return api(e, "POST", "/api/v1/interactions", body, headers);
}

/** POST /api/v1/interactions expecting 201; resolves with { id, state, customerToken }. */
export async function createOk(
  e: Endpoint,
  body: { media: "chat" | "voice"; from: string; subject?: string; data?: Record<string, string>; worker?: string },
): Promise<{ id: string; state: string; customerToken: string }> {
  return expectStatus(await create(e, body), 201, `create ${JSON.stringify(body)}`).json;
}

export const chat = (from: string, extra: { subject?: string; data?: Record<string, string>; worker?: string } = {}) => ({
  media: "chat" as const,
  from,
  ...extra,
});

export async function getInteraction(e: Endpoint, id: string) {
  return expectStatus(await api(e, "GET", `/api/v1/interactions/${id}`), 200, `GET interaction ${id}`).json as {
    id: string;
    media: string;
    from: string;
    subject: string;
    data: Record<string, string>;
    state: string;
    worker: string | null;
  };
}

export async function stateOf(e: Endpoint, id: string): Promise<string> {
  return (await getInteraction(e, id)).state;
}

export async function events(e: Endpoint, after = 0): Promise<ReportingEventView[]> {
  const out: ReportingEventView[] = [];
  for (;;) {
    const res = expectStatus(await api(e, "GET", `/api/v1/events?after=${after}`), 200, "GET events");
    const page = res.json as ReportingEventView[];
    out.push(...page);
    if (page.length < 1000) return out;
    after = page[page.length - 1].seq;
  }
}

export async function interactionEvents(e: Endpoint, id: string, after = 0): Promise<Array<[string, string | undefined]>> {
  return (await events(e, after)).filter((ev) => ev.interaction === id).map((ev) => [ev.type, ev.worker]);
}

/** Dev sign-in (POST /signin, as the form does); resolves with the Cookie header value "ucc_session=...". */
export function signIn(e: Endpoint, workerId: string): Promise<string> {
  return devSignIn(e.url, workerId);
}

/** PUT /api/kw/presence with the worker's cookie (the presence drop-down). */
export async function setPresenceAsWorker(e: Endpoint, cookie: string, presence: string): Promise<void> {
  expectStatus(
    await rawRequest(`${e.url}/api/kw/presence`, { method: "PUT", headers: { cookie }, body: { presence } }),
    200,
    `PUT /api/kw/presence ${presence}`,
  );
}

/** PUT /api/v1/workers/{id}/presence (the UC side). */
export async function setPresence(e: Endpoint, workerId: string, presence: string): Promise<void> {
  expectStatus(await api(e, "PUT", `/api/v1/workers/${workerId}/presence`, { presence }), 200, `PUT presence of ${workerId}`);
}

export async function worker(e: Endpoint, workerId: string) {
  return expectStatus(await api(e, "GET", `/api/v1/workers/${workerId}`), 200, `GET worker ${workerId}`).json as {
    id: string;
    presence: string;
    windows: number;
    interactions: string[];
  };
}

export async function offersOf(e: Endpoint, cookie: string): Promise<OfferViewJson[]> {
  return expectStatus(await rawRequest(`${e.url}/api/kw/offers`, { headers: { cookie } }), 200, "GET /api/kw/offers").json;
}

export function kw(e: Endpoint, cookie: string, action: "accept" | "reject" | "extend" | "end" | "done" | "messages", id: string, body?: object) {
  return rawRequest(`${e.url}/api/kw/interactions/${id}/${action}`, { method: "POST", headers: { cookie }, body: body ?? {} });
}

export function answer(e: Endpoint, cookie: string, action: "accept" | "reject" | "extend", offer: Pick<OfferViewJson, "id" | "interaction">) {
  return kw(e, cookie, action, offer.interaction.id, { offerId: offer.id });
}

export async function kwInteractions(e: Endpoint, cookie: string) {
  return expectStatus(await rawRequest(`${e.url}/api/kw/interactions`, { headers: { cookie } }), 200, "GET /api/kw/interactions").json as Array<{
    id: string;
    state: string;
    messages: Array<{ id: string; from: string; text: string; at: string }>;
    /** A chat carries its newest messages; true when earlier ones exist. */
    hasEarlier: boolean;
  }>;
}

/** A customer's call on its own interaction, authenticated by its token. */
export function asCustomer(e: Endpoint, token: string | undefined, method: string, pathname: string, body?: object) {
  return rawRequest(e.url + pathname, { method, body, headers: token === undefined ? {} : bearer(token) });
}

const CLOSING = new Set(["InteractionAccepted", "InteractionRejected", "InteractionTimedOut", "InteractionAbandoned"]);

/**
 * Checks the reporting stream's offer discipline: per interaction, an InteractionOffered is
 * always closed (accepted, rejected, timed out, abandoned) before the next one. Returns the
 * problems found (empty when none), and per interaction the worker holding an open offer.
 */
export function offerDiscipline(list: readonly ReportingEventView[]): { problems: string[]; openOffer: Map<string, string> } {
  const problems: string[] = [];
  const openOffer = new Map<string, string>();
  let lastSeq = 0;
  for (const ev of list) {
    if (ev.seq <= lastSeq) problems.push(`event seq ${ev.seq} after ${lastSeq}: not increasing`);
    lastSeq = ev.seq;
    if (!ev.interaction) continue;
    if (ev.type === "InteractionOffered") {
      const holder = openOffer.get(ev.interaction);
      if (holder !== undefined) {
        problems.push(`interaction ${ev.interaction} offered to ${ev.worker} (seq ${ev.seq}) while its offer to ${holder} was still open`);
      }
      openOffer.set(ev.interaction, ev.worker ?? "?");
    } else if (CLOSING.has(ev.type)) {
      const holder = openOffer.get(ev.interaction);
      if (ev.type !== "InteractionAbandoned" && holder === undefined) {
        problems.push(`${ev.type} of ${ev.interaction} (seq ${ev.seq}) without an open offer`);
      }
      if (ev.type !== "InteractionAbandoned" && holder !== undefined && holder !== ev.worker) {
        problems.push(`${ev.type} of ${ev.interaction} by ${ev.worker} (seq ${ev.seq}) but the open offer was ${holder}'s`);
      }
      openOffer.delete(ev.interaction);
    }
  }
  return { problems, openOffer };
}
