/**
 * The baresip adapter of the softphone port (./softphone.ts), over baresip's ctrl_tcp
 * (./baresip-control.ts). What baresip 1.0 tells and what it does not (PLATFORM-NOTES):
 * - Events: CALL_INCOMING (with the caller), CALL_ESTABLISHED, CALL_CLOSED, CALL_DTMF_START.
 *   It sends no event for a hold or resume: after our own command the state follows its `ok`;
 *   one done at the softphone itself (its menu) shows only as CALL_REMOTE_SDP, after which
 *   `listcalls` says whether the call is "(on hold)". A far end's hold is a CALL_REMOTE_SDP too,
 *   but nothing baresip 1.0 tells shows its direction: it is not reported.
 * - Commands act on baresip's current call, so each one first selects the call by its id
 *   (`callfind`), and commands run one at a time.
 * - `accept` answers ok even when nothing rings: answer waits for CALL_ESTABLISHED, hangup for
 *   CALL_CLOSED.
 * - `mute` is a toggle and reports no state of its own: the adapter keeps each call's mute state,
 *   sends `mute` only when the call is not in the state asked for, and believes baresip's answer
 *   ("call muted" / "call un-muted") over its own record.
 */
import type { SoftphoneCallState, SoftphoneCommand, SoftphoneState } from "../protocol";
import { BaresipControl, COMMAND_TIMEOUT_MS, parseBaresipAddress, type BaresipEvent } from "./baresip-control";
import { SoftphoneError, type Softphone, type SoftphoneEvent } from "./softphone";

interface Waiter {
  callId: string;
  until: SoftphoneCallState;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class BaresipSoftphone implements Softphone {
  private readonly control: BaresipControl;
  private readonly listeners = new Set<(event: SoftphoneEvent) => void>();
  private readonly calls = new Map<string, SoftphoneCallState>();
  /** Calls whose microphone baresip has muted (its toggle's state, kept here). */
  private readonly muted = new Set<string>();
  private readonly waiters = new Set<Waiter>();
  private queue: Promise<unknown> = Promise.resolve();

  /** `address`: `baresip://HOST:PORT`, baresip's ctrl_tcp_listen. */
  constructor(address: string) {
    this.control = new BaresipControl(parseBaresipAddress(address));
    this.control.onConnection((connected) => {
      // NOTE: baresip gone means its calls are gone (a restart starts with none).
      if (!connected) for (const callId of [...this.calls.keys()]) this.setCall(callId, "closed");
      this.emit({ type: "softphone", state: connected ? "ready" : "absent" });
    });
    this.control.onEvent((event) => this.onBaresipEvent(event));
  }

  get state(): SoftphoneState {
    return this.control.isConnected ? "ready" : "absent";
  }

  subscribe(listener: (event: SoftphoneEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  execute(callId: string, command: SoftphoneCommand): Promise<void> {
    return this.enqueue(() => this.run(callId, command));
  }

  /** Runs one exchange with baresip after those before it (its commands act on the current call). */
  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** After an SDP exchange: is the call on hold at the softphone now? Reported when that changed. */
  private async checkHold(callId: string): Promise<void> {
    const known = this.calls.get(callId);
    if (known !== "established" && known !== "held") return;
    await this.control.command("callfind", callId);
    const current = (await this.control.command("listcalls")).split("\n").find((line) => line.startsWith(">"));
    if (!current || this.calls.get(callId) !== known) return;
    const now = current.includes("(on hold)") ? "held" : "established";
    if (now !== known) this.setCall(callId, now);
  }

  close(): Promise<void> {
    return this.control.close();
  }

  private async run(callId: string, command: SoftphoneCommand): Promise<void> {
    if (!this.control.isConnected) throw new SoftphoneError("absent", "baresip cannot be reached");
    if (!this.calls.has(callId)) throw new SoftphoneError("unknown-call", `no call ${callId} on the softphone`);
    await this.control.command("callfind", callId).catch((error: unknown) => {
      throw error instanceof SoftphoneError && error.reason === "refused" ? new SoftphoneError("unknown-call", error.message) : error;
    });
    switch (command.kind) {
      case "answer": {
        const established = this.waitFor(callId, "established");
        await this.control.command("accept");
        return established;
      }
      case "hangup": {
        const closed = this.waitFor(callId, "closed");
        await this.control.command("hangup");
        return closed;
      }
      case "hold":
        await this.control.command("hold");
        this.setCall(callId, "held");
        return;
      case "resume":
        await this.control.command("resume");
        this.setCall(callId, "established");
        return;
      case "dtmf":
        await this.control.command("sndcode", command.digits);
        return;
      case "mute":
      case "unmute":
        return this.setMuted(callId, command.kind === "mute");
      default: {
        // NOTE: a command kind added to the protocol fails to compile here until it is handled,
        // rather than answering ok for something the softphone never did.
        const unhandled: never = command;
        throw new SoftphoneError("refused", `the baresip adapter does not know ${(unhandled as { kind: string }).kind}`);
      }
    }
  }

  /** Mute or unmute the selected call; a call already in that state is left alone (baresip toggles). */
  private async setMuted(callId: string, muted: boolean, again = true): Promise<void> {
    if (this.muted.has(callId) === muted) return;
    const answer = await this.control.command("mute");
    const nowMuted = /\bcall muted\b/.test(answer) ? true : /\bun-muted\b/.test(answer) ? false : !this.muted.has(callId);
    if (nowMuted) this.muted.add(callId);
    else this.muted.delete(callId);
    // NOTE: muted by someone else in between (at the softphone itself): one more toggle gets the state asked for.
    if (nowMuted !== muted && again) return this.setMuted(callId, muted, false);
    if (nowMuted !== muted) throw new SoftphoneError("refused", `baresip left the call ${nowMuted ? "muted" : "unmuted"}`);
  }

  private waitFor(callId: string, until: SoftphoneCallState): Promise<void> {
    if (this.calls.get(callId) === until) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { callId, until, resolve, reject };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new SoftphoneError("timeout", `the call did not become ${until}`));
      }, COMMAND_TIMEOUT_MS);
      waiter.resolve = () => {
        clearTimeout(timer);
        resolve();
      };
      waiter.reject = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      this.waiters.add(waiter);
    });
  }

  private onBaresipEvent(event: BaresipEvent): void {
    const callId = event.id;
    if (!callId) return;
    switch (event.type) {
      case "CALL_INCOMING":
        if (event.direction === "incoming") this.setCall(callId, "ringing", event.peeruri ?? event.param);
        return;
      case "CALL_ESTABLISHED":
        if (this.calls.has(callId)) this.setCall(callId, "established");
        return;
      case "CALL_REMOTE_SDP":
        // NOTE: baresip 1.0's only sign of a hold or resume done at the softphone itself.
        if (this.calls.has(callId)) void this.enqueue(() => this.checkHold(callId)).catch(() => undefined);
        return;
      case "CALL_CLOSED":
        if (this.calls.has(callId)) this.setCall(callId, "closed");
        return;
      case "CALL_DTMF_START":
        if (this.calls.has(callId) && event.param && /^[0-9*#A-D]$/.test(event.param)) this.emit({ type: "dtmf", callId, digit: event.param });
        return;
    }
  }

  private setCall(callId: string, state: SoftphoneCallState, peer?: string): void {
    if (state === "closed") {
      this.calls.delete(callId);
      this.muted.delete(callId);
    } else this.calls.set(callId, state);
    this.emit({ type: "call", callId, state, ...(peer ? { peer } : {}) });
    for (const waiter of [...this.waiters]) {
      if (waiter.callId !== callId) continue;
      if (waiter.until === state) {
        this.waiters.delete(waiter);
        waiter.resolve();
      } else if (state === "closed") {
        this.waiters.delete(waiter);
        waiter.reject(new SoftphoneError("refused", "the call ended"));
      }
    }
  }

  private emit(event: SoftphoneEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
