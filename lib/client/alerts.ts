/**
 * How a Preview reaches a worker who is looking elsewhere (B10): a ring made with Web Audio (no
 * audio files) and a system notification, from one window of the worker only.
 */

const RING_LOCK = "ucc-preview-ring";
/** Two rings of a two-tone burst, as a phone would. */
const RING_PATTERN_S = [0, 0.45, 1.2, 1.65];
const TONE_S = 0.35;

let audio: AudioContext | undefined;

/** Makes the audio context during a user gesture, so a later ring is allowed to play. */
export function primeAudio(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    // no Web Audio: the notification still shows
  }
}

export function ring(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const ctx = audio;
    const gain = ctx.createGain();
    gain.gain.value = 0.12;
    gain.connect(ctx.destination);
    const start = ctx.currentTime + 0.05;
    for (const offset of RING_PATTERN_S) {
      for (const frequency of [440, 480]) {
        const osc = ctx.createOscillator();
        osc.frequency.value = frequency;
        osc.connect(gain);
        osc.start(start + offset);
        osc.stop(start + offset + TONE_S);
      }
    }
  } catch {
    // no Web Audio here
  }
}

export function canNotify(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

/** Asks for permission only from a user's gesture, and only once. */
export async function askNotificationPermission(): Promise<NotificationPermission | "unsupported"> {
  if (!canNotify()) return "unsupported";
  if (Notification.permission !== "default") return Notification.permission;
  return Notification.requestPermission();
}

export function notify(title: string, body: string, tag: string): void {
  if (!canNotify() || Notification.permission !== "granted") return;
  try {
    const n = new Notification(title, { body, tag, requireInteraction: true });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  } catch {
    // some browsers only notify from a service worker; the ring still sounds
  }
}

/**
 * Runs `alert` in one window of this browser only: the first to take the Web Lock. Windows that
 * find the lock taken stay quiet. Without Web Locks every window alerts.
 */
export function inOneWindow(alert: () => void): void {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) {
    alert();
    return;
  }
  void locks.request(RING_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) return;
    alert();
    // NOTE: hold the lock while the ring plays, so the other windows' requests find it taken.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
  });
}

/**
 * Browsers that deliver Previews only while a window is open (B10): Safari, and every browser on
 * iOS and iPadOS, which are all Safari's engine underneath.
 */
export function isForegroundOnlyBrowser(userAgent: string): boolean {
  if (/\b(iPhone|iPad|iPod)\b/.test(userAgent)) return true;
  return /Safari\//.test(userAgent) && !/(Chrome|Chromium|Edg|OPR|Firefox)\//.test(userAgent);
}
