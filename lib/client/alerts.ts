/**
 * How a Preview reaches a worker who is looking elsewhere (B10): a ring made with Web Audio (no
 * audio files) and a system notification, from one window of the worker only.
 */
import type { AlertSettings, AlertTone } from "./alert-settings";

/** Each tone: when each burst starts (s), its frequencies (Hz, played together), how long it lasts. */
const TONES: Record<AlertTone, { at: number[]; hz: number[]; burst: number }> = {
  // Two rings of a two-tone burst, as a phone would.
  phone: { at: [0, 0.45, 1.2, 1.65], hz: [440, 480], burst: 0.35 },
  soft: { at: [0, 0.6], hz: [523], burst: 0.4 },
  chime: { at: [0, 0.3, 0.6], hz: [880], burst: 0.25 },
};
/** The loudest ring (volume 100): loud enough over music, not a fright. */
const MAX_GAIN = 0.25;

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

/** One short ring in the worker's tone and volume; the caller repeats it (lib/client/offer-ringer.ts). */
export function ring(settings: Pick<AlertSettings, "tone" | "volume">): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const ctx = audio;
    const tone = TONES[settings.tone];
    const gain = ctx.createGain();
    gain.gain.value = (MAX_GAIN * settings.volume) / 100;
    gain.connect(ctx.destination);
    const start = ctx.currentTime + 0.05;
    for (const offset of tone.at) {
      for (const frequency of tone.hz) {
        const osc = ctx.createOscillator();
        osc.frequency.value = frequency;
        osc.connect(gain);
        osc.start(start + offset);
        osc.stop(start + offset + tone.burst);
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

/** A system notification, or undefined when not allowed; the caller closes it when it is moot. */
export function notify(title: string, body: string, tag: string, options: { sticky?: boolean } = { sticky: true }): Notification | undefined {
  if (!canNotify() || Notification.permission !== "granted") return undefined;
  try {
    const n = new Notification(title, { body, tag, requireInteraction: options.sticky === true });
    n.onclick = () => {
      window.focus();
      n.close();
    };
    return n;
  } catch {
    // some browsers only notify from a service worker; the ring still sounds
    return undefined;
  }
}

/**
 * Browsers that deliver Previews only while a window is open (B10): Safari, and every browser on
 * iOS and iPadOS, which are all Safari's engine underneath.
 */
export function isForegroundOnlyBrowser(userAgent: string): boolean {
  if (/\b(iPhone|iPad|iPod)\b/.test(userAgent)) return true;
  return /Safari\//.test(userAgent) && !/(Chrome|Chromium|Edg|OPR|Firefox)\//.test(userAgent);
}
