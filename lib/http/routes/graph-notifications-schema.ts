/**
 * A Microsoft Graph change-notification batch as Graph posts it (learn.microsoft.com, "Receive
 * change notifications through webhooks"): `{"value": [{subscriptionId, clientState, changeType,
 * resource, resourceData?, ...}]}`. Presence's resourceData carries availability and activity;
 * other fields are let through unread.
 */
import { z } from "zod";

/** Graph sends at most a few hundred notifications in one batch. */
export const MAX_NOTIFICATIONS = 1000;
/** A validation token is short (Graph's are well under 1 KB). */
export const MAX_VALIDATION_TOKEN = 1024;

const presenceData = z
  .object({
    id: z.string().max(128).nullish(),
    availability: z.string().max(64).optional(),
    activity: z.string().max(64).optional(),
  })
  .passthrough();

export const graphNotificationBatch = z.object({
  value: z
    .array(
      z
        .object({
          subscriptionId: z.string().min(1).max(128),
          clientState: z.string().max(256).nullish(),
          changeType: z.string().max(32),
          resource: z.string().max(1024),
          resourceData: presenceData.optional(),
        })
        .passthrough(),
    )
    .min(1)
    .max(MAX_NOTIFICATIONS),
});

export type GraphNotification = z.output<typeof graphNotificationBatch>["value"][number];

/** The user id a presence resource names: `communications/presences('<id>')` or `/communications/presences/<id>`. */
export function presenceUserOf(resource: string): string | undefined {
  return /communications\/presences(?:\('([^')]+)'\)|\/([^/?]+))/i.exec(resource)?.slice(1).find(Boolean);
}
