/**
 * Knowledge Worker sessions: an opaque random token in an HttpOnly cookie; the store keeps only
 * its SHA-256, so a copy of the database signs nobody in. A session an invitation link opened is
 * scoped to that offer and the interaction that follows: it stops resolving (and is deleted) as
 * soon as that scope has ended, and never outlasts a full session's TTL.
 */
import { createHash, randomBytes } from "node:crypto";
import type { WorkerPrincipal } from "../bayeux/authorizer";
import type { SessionScope, Store } from "../store/store";
import type { Clock } from "./ports";

export const SESSION_COOKIE = "ucc_session";
/** How long a sign-in lasts: a working week, so a worker signs in about once a week. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Sessions looked up recently are kept in memory for this long to spare the store on long polls. */
const CACHE_TTL_MS = 30_000;
/**
 * At most this many are kept (about 230 bytes each): room for a node's 10,000 workers with a few
 * sessions each. Past it, what was read from the store longest ago goes first (an active session
 * is read again every CACHE_TTL_MS); clearing them all at once meant that with more sessions than
 * room no lookup was ever served from memory.
 */
const MAX_CACHED_SESSIONS = 50_000;

/** Sessions that ended: all of one worker's (sign-out everywhere), or one by its stored key. */
export type EndedSessions = { worker: string } | { key: string };

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export class SessionService {
  private readonly cache = new Map<string, { principal: WorkerPrincipal | undefined; until: number }>();
  /** Whether a scoped session's offer or interaction is still open (bound once the interactions exist). */
  private scopeOpen: (principal: WorkerPrincipal) => boolean = () => false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly maxCached = MAX_CACHED_SESSIONS,
  ) {}

  /** Tells the other nodes which sessions ended, so their caches forget them at once (several nodes). */
  private ended: (what: EndedSessions) => void = () => {};

  /** Binds how ended sessions are told to the other nodes (each then calls forget()). */
  tellEndedWith(ended: (what: EndedSessions) => void): void {
    this.ended = ended;
  }

  /** Forgets what this node's cache holds of sessions another node ended. */
  forget(what: EndedSessions): void {
    if ("key" in what) {
      this.cache.delete(what.key);
      return;
    }
    for (const [key, entry] of this.cache) {
      if (entry.principal?.workerId === what.worker) this.cache.delete(key);
    }
  }

  /** Binds the check that ends scoped sessions (the interactions are made after this service). */
  checkScopesWith(scopeOpen: (principal: WorkerPrincipal) => boolean): void {
    this.scopeOpen = scopeOpen;
  }

  isScopeOpen(principal: WorkerPrincipal): boolean {
    return principal.scopes === undefined || this.scopeOpen(principal);
  }

  /** Opens a session; with `scopes`, one limited to those offers and their interactions. */
  async signIn(workerId: string, scopes?: SessionScope[]): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString("base64url");
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.store.createSession(hash(token), {
      worker: workerId,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      ...(scopes ? { scopes } : {}),
    });
    await this.store.durable();
    return { token, expiresAt };
  }

  /**
   * Opens (or renews) a full session under a token the caller derives instead of a random one
   * (a person's Teams sign-in, lib/auth/teams-bearer.ts): nobody holds it in a cookie.
   * NOTE: every node forgets what it cached of that token (a lookup before this found nothing).
   */
  async openDerived(token: string, workerId: string): Promise<void> {
    const key = hash(token);
    const now = this.clock.now();
    await this.store.deleteSession(key);
    await this.store.createSession(key, { worker: workerId, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString() });
    await this.store.durable();
    this.cache.delete(key);
    this.ended({ key });
  }

  async resolve(token: string | undefined): Promise<WorkerPrincipal | undefined> {
    if (!token || token.length > 200) return undefined;
    const key = hash(token);
    const nowMs = this.clock.now().getTime();
    const cached = this.cache.get(key);
    if (cached && cached.until > nowMs) return this.unlessScopeEnded(key, cached.principal);
    const session = await this.store.getSession(key, new Date(nowMs).toISOString());
    const principal: WorkerPrincipal | undefined = session
      ? { kind: "worker", workerId: session.worker, ...(session.scopes ? { scopes: session.scopes } : {}) }
      : undefined;
    const until = session ? Math.min(nowMs + CACHE_TTL_MS, Date.parse(session.expiresAt)) : nowMs + CACHE_TTL_MS;
    // NOTE: re-inserted, so the Map's order is that of the reads from the store, oldest first.
    this.cache.delete(key);
    if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { principal, until });
    return this.unlessScopeEnded(key, principal);
  }

  /**
   * NOTE: asked on every lookup, cached or not (an in-memory check): the moment a scope ends,
   * its cookie no longer resolves; the session is then deleted.
   */
  private async unlessScopeEnded(key: string, principal: WorkerPrincipal | undefined): Promise<WorkerPrincipal | undefined> {
    if (!principal || this.isScopeOpen(principal)) return principal;
    this.cache.set(key, { principal: undefined, until: this.clock.now().getTime() + CACHE_TTL_MS });
    await this.store.deleteSession(key);
    return undefined;
  }

  /**
   * Adds an offer and its interaction to a scoped session (a second invitation link opened in the
   * same browser: the first interaction's window keeps working). Scopes that ended are dropped.
   */
  async addScope(token: string, principal: WorkerPrincipal, scope: SessionScope): Promise<void> {
    const key = hash(token);
    const kept = (principal.scopes ?? []).filter((s) => s.interaction !== scope.interaction && this.scopeOpen({ ...principal, scopes: [s] }));
    await this.store.setSessionScopes(key, [...kept, scope]);
    await this.store.durable();
    this.cache.delete(key);
  }

  /** Ends every session of the worker, in the store and in this process's cache, durably. */
  async signOutWorker(workerId: string): Promise<number> {
    const ended = await this.store.deleteWorkerSessions(workerId);
    await this.store.durable();
    // NOTE: after the delete, so that a lookup which read the store before it is not cached on.
    for (const [key, entry] of this.cache) {
      if (entry.principal?.workerId === workerId) this.cache.delete(key);
    }
    // NOTE: the other nodes forget theirs too: a window (a Teams tab's grant among them) that
    // handshakes again there is refused at once, not after their cache's 30 s.
    this.ended({ worker: workerId });
    return ended;
  }

  async signOut(token: string): Promise<void> {
    const key = hash(token);
    this.cache.delete(key);
    await this.store.deleteSession(key);
    await this.store.durable();
    this.ended({ key });
  }
}
