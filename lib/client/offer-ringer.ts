/**
 * Rings for open Previews until they are answered or gone (issue 20, B10), from one window of
 * the worker: the window that takes the Web Lock holds it while any offer is open and rings every
 * RING_EVERY_MS while it is hidden; the others stay quiet. Each offer's system notification is
 * closed when the offer ends (accepted elsewhere, rejected, timed out, withdrawn).
 */
import { readAlertSettings } from "./alert-settings";
import { notify, ring } from "./alerts";

const RING_LOCK = "ucc-preview-ring";
/** A ring (about 2 s of tone) then a pause, as a phone rings. */
export const RING_EVERY_MS = 3_000;

export type RingingOffer = { id: string; title: string; body: string };

export class OfferRinger {
  private open = new Map<string, RingingOffer>();
  private notified = new Map<string, Notification | undefined>();
  private leading = false;
  private asking = false;
  private release: (() => void) | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** The offers open now; call again when they change or the tab's visibility changes. */
  update(offers: readonly RingingOffer[]): void {
    const ids = new Set(offers.map((o) => o.id));
    for (const id of [...this.open.keys()]) if (!ids.has(id)) this.forget(id);
    for (const offer of offers) this.open.set(offer.id, offer);
    if (this.open.size === 0) return this.stop();
    if (this.leading) this.notifyNew();
    else if (!this.asking && hidden()) this.lead();
  }

  stop(): void {
    for (const id of [...this.open.keys()]) this.forget(id);
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.leading = false;
    // NOTE: released last: another window that takes the lock finds no ring of ours still going.
    this.release?.();
    this.release = undefined;
  }

  private forget(id: string): void {
    this.open.delete(id);
    this.notified.get(id)?.close();
    this.notified.delete(id);
  }

  private lead(): void {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) {
      // NOTE: without Web Locks every window alerts: better twice than never.
      this.startRinging();
      return;
    }
    this.asking = true;
    void locks.request(RING_LOCK, { ifAvailable: true }, (lock) => {
      this.asking = false;
      if (!lock || this.open.size === 0) return;
      return new Promise<void>((resolve) => {
        this.release = resolve;
        this.startRinging();
      });
    });
  }

  private startRinging(): void {
    this.leading = true;
    this.notifyNew();
    this.tick();
    this.timer = setInterval(() => this.tick(), RING_EVERY_MS);
  }

  private tick(): void {
    const settings = readAlertSettings();
    if (hidden() && settings.sound && settings.volume > 0) ring(settings);
  }

  /** A notification for each offer not yet notified, only while hidden (a shown Preview needs none). */
  private notifyNew(): void {
    if (!hidden()) return;
    for (const offer of this.open.values()) {
      if (this.notified.has(offer.id)) continue;
      this.notified.set(offer.id, notify(offer.title, offer.body, offer.id));
    }
  }
}

function hidden(): boolean {
  return document.visibilityState === "hidden";
}
