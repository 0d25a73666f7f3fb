/**
 * The `graph` section (shared/CONTRACT.md "Configuration sections"): Teams presence through
 * Microsoft Graph, the UC side of presence sync. Checked at start, so a bad value stops the start
 * with the option named.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import {
  DEFAULT_TEAMS_PRESENCE_MAP,
  GRAPH_ACTIVITIES,
  GRAPH_AVAILABILITIES,
  type GraphPresenceName,
  type MappedPresence,
  type TeamsPresenceMap,
} from "../domain/teams-presence";
import { SELECTABLE_PRESENCES, isSelectablePresence } from "../domain/presence";

const GRAPH_NAMES: readonly string[] = [...GRAPH_AVAILABILITIES, ...GRAPH_ACTIVITIES];

function httpsUrl(what: string) {
  return z
    .string()
    .max(2048)
    .refine((value) => {
      try {
        return new URL(value).protocol === "https:";
      } catch {
        return false;
      }
    }, `must be an https URL (${what})`)
    .transform((value) => value.replace(/\/+$/, ""));
}

/** `presence-map`: Graph availability or activity names to presences (or "ignore"), merged over the defaults. */
const presenceMap = z
  .record(z.string(), z.string())
  .superRefine((map, ctx) => {
    for (const [name, presence] of Object.entries(map)) {
      if (!GRAPH_NAMES.includes(name)) {
        ctx.addIssue({ code: "custom", path: [name], message: `"${name}" is not a Graph availability or activity (use ${GRAPH_NAMES.join(", ")})` });
      } else if (presence !== "ignore" && !isSelectablePresence(presence)) {
        ctx.addIssue({ code: "custom", path: [name], message: `"${presence}" is not a presence (use ${SELECTABLE_PRESENCES.join(", ")} or ignore)` });
      }
    }
  })
  .transform((map): TeamsPresenceMap => ({ ...DEFAULT_TEAMS_PRESENCE_MAP, ...(map as Partial<Record<GraphPresenceName, MappedPresence>>) }));

/** A certificate credential (msal-node's clientCertificate): its thumbprint and its private key's PEM file. */
const certificate = z
  .object({
    /** Hex: 64 digits (SHA-256, preferred) or 40 (SHA-1, older registrations). */
    thumbprint: z
      .string()
      .transform((value) => value.replace(/[\s:]/g, "").toLowerCase())
      .pipe(z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, "must be the certificate's SHA-256 (64 hex digits) or SHA-1 (40) thumbprint")),
    "private-key-file": z.string().min(1).max(4096),
  })
  .strict()
  .transform((value, ctx) => {
    try {
      const privateKey = readFileSync(value["private-key-file"], "utf8");
      if (!privateKey.includes("PRIVATE KEY-----")) throw new Error("no PEM private key in it");
      return { thumbprint: value.thumbprint, privateKey };
    } catch (error) {
      ctx.addIssue({ code: "custom", path: ["private-key-file"], message: `cannot be read as a PEM private key (${(error as Error).message})` });
      return z.NEVER;
    }
  });

export const graphSchema = z
  .object({
    /** The directory (tenant) id or a verified domain of the tenant. */
    tenant: z.string().regex(/^[A-Za-z0-9.-]{1,256}$/, "must be the tenant's id or domain"),
    "client-id": z.string().regex(/^[0-9a-fA-F-]{36}$/, "must be the app registration's application (client) id, a GUID"),
    "client-secret": z.string().min(1).max(1024).optional(),
    certificate: certificate.optional(),
    /** Default https://graph.microsoft.com/v1.0. */
    "base-url": httpsUrl("Graph's root, like https://graph.microsoft.com/v1.0").default("https://graph.microsoft.com/v1.0"),
    /** Default https://login.microsoftonline.com; the tenant is appended. */
    authority: httpsUrl("the sign-in authority's root, like https://login.microsoftonline.com").default("https://login.microsoftonline.com"),
    /** Seconds between two reads of every worker's Teams presence (default 30). */
    "poll-seconds": z.number().int("must be a whole number").min(1).max(3600).default(30),
    "presence-map": presenceMap.default(() => ({ ...DEFAULT_TEAMS_PRESENCE_MAP })),
  })
  .strict()
  .superRefine((graph, ctx) => {
    const credentials = [graph["client-secret"], graph.certificate].filter((c) => c !== undefined).length;
    if (credentials !== 1) {
      ctx.addIssue({
        code: "custom",
        path: ["client-secret"],
        message: credentials === 0 ? "or certificate is required (the app registration's credential)" : "and certificate are both set: give one",
      });
    }
  });

export type GraphConfig = z.output<typeof graphSchema>;
