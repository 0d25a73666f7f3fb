/**
 * The worker's alert settings (issue 20, "Nothing missed"): sound on or off, the tone and its
 * volume. Kept in this browser's localStorage, so every window of the worker rings alike.
 */
import { useCallback, useSyncExternalStore } from "react";
import { z } from "zod";

export const ALERT_TONES = ["phone", "soft", "chime"] as const;
export type AlertTone = (typeof ALERT_TONES)[number];

const settingsSchema = z.object({
  sound: z.boolean(),
  tone: z.enum(ALERT_TONES),
  volume: z.number().int().min(0).max(100),
});
export type AlertSettings = z.infer<typeof settingsSchema>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { sound: true, tone: "phone", volume: 60 };
export const ALERT_SETTINGS_KEY = "ucc-alerts";
const CHANGED = "ucc-alerts-changed";

/** The stored settings, or the defaults for anything missing or unreadable (another version, a hand edit). */
export function readAlertSettings(): AlertSettings {
  try {
    const raw = localStorage.getItem(ALERT_SETTINGS_KEY);
    if (!raw) return DEFAULT_ALERT_SETTINGS;
    const parsed = settingsSchema.partial().safeParse(JSON.parse(raw));
    return parsed.success ? { ...DEFAULT_ALERT_SETTINGS, ...parsed.data } : DEFAULT_ALERT_SETTINGS;
  } catch {
    // NOTE: storage may be refused (a private window, a sandboxed frame): the defaults apply.
    return DEFAULT_ALERT_SETTINGS;
  }
}

export function writeAlertSettings(settings: AlertSettings): void {
  try {
    localStorage.setItem(ALERT_SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // not kept; this window still uses them until it closes
  }
  window.dispatchEvent(new Event(CHANGED));
}

// NOTE: useSyncExternalStore compares snapshots by identity: keep one object per stored string.
let cached: { raw: string | null; value: AlertSettings } | undefined;
function snapshot(): AlertSettings {
  let raw: string | null = null;
  try {
    raw = localStorage.getItem(ALERT_SETTINGS_KEY);
  } catch {
    raw = null;
  }
  if (cached?.raw !== raw) cached = { raw, value: readAlertSettings() };
  return cached.value;
}

function subscribe(changed: () => void): () => void {
  // "storage" carries another window's change; CHANGED this window's own.
  window.addEventListener("storage", changed);
  window.addEventListener(CHANGED, changed);
  return () => {
    window.removeEventListener("storage", changed);
    window.removeEventListener(CHANGED, changed);
  };
}

export function useAlertSettings(): [AlertSettings, (change: Partial<AlertSettings>) => void] {
  const settings = useSyncExternalStore(subscribe, snapshot, () => DEFAULT_ALERT_SETTINGS);
  const update = useCallback((change: Partial<AlertSettings>) => writeAlertSettings({ ...readAlertSettings(), ...change }), []);
  return [settings, update];
}
