/**
 * The configuration file's schema. Section and option names follow the source documents
 * (`microsoft-ocs`, `uc-connector`); values are validated once at start and typed after that.
 */
import { z } from "zod";
import { DEFAULT_PREVIEW_TIMEOUT_MS } from "../domain/interaction";
import { DEFAULT_ROUTING_POLICY } from "../domain/routing";
import { dataLabelsSchema, dispositionSchema, responsesSchema } from "./texts-schema";
import {
  DEFAULT_PRESENCE_MAPPING,
  SELECTABLE_PRESENCES,
  type SelectablePresence,
} from "../domain/presence";
import { apiKeys, oidcOptions, signInMode, teamsSsoOptions, workerSubject } from "./auth-schema";
import { imSchema, jidSchema } from "./im-schema";
import { parseCidr } from "../http/ip";
import { graphSchema } from "./graph-schema";

/** Names an administrator may write for a presence, folded to lower case without spaces. */
const PRESENCE_ALIASES: Record<string, SelectablePresence> = {
  available: "available",
  busy: "busy",
  dnd: "dnd",
  donotdisturb: "dnd",
  berightback: "be-right-back",
  brb: "be-right-back",
  away: "away",
  offline: "offline",
  loggedout: "offline",
};

function parsePresenceName(raw: string): SelectablePresence | undefined {
  return PRESENCE_ALIASES[raw.toLowerCase().replace(/[\s_-]/g, "")];
}

/** A list of presences, written as a comma-separated string (as Genesys options are) or an array. */
const presenceList = z
  .union([z.string(), z.array(z.string())])
  .transform((value, ctx) => {
    const names = (Array.isArray(value) ? value : value.split(","))
      .map((s) => s.trim())
      .filter(Boolean);
    const out: SelectablePresence[] = [];
    for (const name of names) {
      const presence = parsePresenceName(name);
      if (!presence) {
        ctx.addIssue({
          code: "custom",
          message: `"${name}" is not a presence (use ${SELECTABLE_PRESENCES.join(", ")})`,
        });
        return z.NEVER;
      }
      if (!out.includes(presence)) out.push(presence);
    }
    return out;
  });

/** Genesys options are strings; numbers may be written either way. */
const intOption = (min: number, max: number) =>
  z.union([z.number(), z.string().regex(/^\s*\d+\s*$/, "must be a whole number")])
    .transform((v) => Number(v))
    .pipe(z.number().int("must be a whole number").min(min).max(max));

const microsoftOcs = z
  .object({
    "invite-message": z
      .string()
      .max(1000)
      .default("Please use the window on the right to access data about current interactions"),
    "agent-status-ready": presenceList.default([...DEFAULT_PRESENCE_MAPPING.agentStatusReady]),
    "agent-status-notready": presenceList.default([
      ...DEFAULT_PRESENCE_MAPPING.agentStatusNotReady,
    ]),
    "agent-status-logout": presenceList.default([...DEFAULT_PRESENCE_MAPPING.agentStatusLogout]),
    "presence-acw-status": z.string().min(1).max(64).default(DEFAULT_PRESENCE_MAPPING.presenceAcwStatus),
    "presence-acw-note": z.string().max(256).default(DEFAULT_PRESENCE_MAPPING.presenceAcwNote),
    "presence-lg-status": z.string().min(1).max(64).default(DEFAULT_PRESENCE_MAPPING.presenceLgStatus),
    "presence-lg-note": z.string().max(256).default(DEFAULT_PRESENCE_MAPPING.presenceLgNote),
    /** `two-way`: the UC side may set presence (PUT /workers/{id}/presence); `off`: it may not. */
    /** `from-uc`: only the UC side's presence is taken; `to-uc`: only the connector's is written to Teams (graph). */
    "presence-sync-mode": z.enum(["two-way", "from-uc", "to-uc", "off"]).default("two-way"),
  })
  .strict()
  .superRefine((ocs, ctx) => {
    const lists = ["agent-status-ready", "agent-status-notready", "agent-status-logout"] as const;
    for (const presence of SELECTABLE_PRESENCES) {
      const holders = lists.filter((list) => ocs[list].includes(presence));
      if (holders.length !== 1) {
        ctx.addIssue({
          code: "custom",
          path: [holders[1] ?? "agent-status-notready"],
          message:
            holders.length === 0
              ? `presence "${presence}" is in none of agent-status-ready, agent-status-notready, agent-status-logout; it must be in exactly one`
              : `presence "${presence}" is in both ${holders.join(" and ")}; it must be in exactly one`,
        });
      }
    }
  });

const ucConnector = z
  .object({
    /** Seconds between the desktop companion's keep-alives; more than gla-kpl-response-time. */
    "gla-kpl-time": intOption(4, 86_400).default(30),
    /** Seconds the connector has to answer a keep-alive; less than gla-kpl-time. */
    "gla-kpl-response-time": intOption(3, 86_400).default(4),
    /** Milliseconds within which a telephony call is matched to a UC call. */
    "gla-call-match-window": intOption(2000, 15_000).default(4000),
  })
  .strict()
  .superRefine((uc, ctx) => {
    if (uc["gla-kpl-time"] <= uc["gla-kpl-response-time"]) {
      ctx.addIssue({
        code: "custom",
        path: ["gla-kpl-time"],
        message: `must be greater than gla-kpl-response-time (${uc["gla-kpl-response-time"]})`,
      });
    }
  });

const routing = z
  .object({
    /** Seconds a Preview waits for Accept or Reject before the interaction moves on. */
    "preview-timeout": intOption(5, 600).default(DEFAULT_PREVIEW_TIMEOUT_MS / 1000),
    /** Chats one worker handles at once; a call always takes a worker whole. */
    "max-chats": intOption(1, 20).default(DEFAULT_ROUTING_POLICY.maxChats),
    /** Presence a worker is set to when a Preview times out (`none` leaves it). */
    "presence-after-timeout": z
      .union([presenceList, z.literal("none")])
      .transform((v, ctx) => {
        if (v === "none") return "none" as const;
        if (v.length !== 1) {
          ctx.addIssue({ code: "custom", message: "name one presence, or none" });
          return z.NEVER;
        }
        return v[0];
      })
      .default("away"),
    /** Seconds of after-call work (After Call Work presence) once an interaction ends; 0 = none. */
    "wrap-up-time": intOption(0, 3600).default(0),
    /**
     * Disposition codes the worker picks from in after-call work; empty = no picker. Each is a
     * code, or `{"code", "label": {"en": …, "fr": …}}` to show a label in the worker's language.
     */
    dispositions: z
      .array(dispositionSchema)
      .max(50, "holds at most 50 codes")
      .refine((list) => new Set(list.map((d) => d.code)).size === list.length, "names a code twice")
      .default([]),
    /**
     * Seconds after a start before offers go out or expire, so that windows reconnect first;
     * deadlines that passed while the connector was down move to the end of it. 0 = none.
     */
    "restart-grace": intOption(0, 300).default(15),
    /** Seconds a queued or offered chat waits without customer activity before it is abandoned; 0 = never. */
    "customer-idle-timeout": intOption(0, 86_400).default(600),
  })
  .strict();

/** `trusted-proxies`: CIDRs (IPv4 or IPv6; a bare address is its own /32 or /128). */
const trustedProxies = z
  .array(
    z.string().max(64).refine((value) => parseCidr(value) !== undefined, {
      error: (issue) => `"${String(issue.input)}" is not an IPv4 or IPv6 address or CIDR range (like 10.0.0.0/8 or 2001:db8::/32)`,
    }),
  )
  .max(256, "holds at most 256 ranges");

const worker = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, "must be 1-64 of a-z, 0-9, '.', '_' or '-'"),
    name: z.string().min(1).max(128),
    /** The person's sign-in name in the directory (user principal name); OIDC and Teams SSO match it. */
    upn: z.string().min(3).max(256).optional(),
    /** Who the worker is at the identity provider; unset: bound on the first sign-in that matches `upn`. */
    "oidc-subject": workerSubject.optional(),
    /** Where the xmpp gateway sends this worker's invitations. */
    jid: jidSchema.optional(),
  })
  .strict();

export const configSchema = z
  .object({
    /**
     * `dev`: the one-button form at `/signin?worker=ID`, from loopback only (the demo sets it);
     * `oidc`: OpenID Connect with the `oidc` options; `none`: no sign-in page (Teams SSO may still be set).
     */
    "sign-in": signInMode.default("none"),
    oidc: oidcOptions.optional(),
    "teams-sso": teamsSsoOptions.optional(),
    /** Integration API keys beside (or, when UCC_API_KEY is unset, instead of) the default one. */
    "api-keys": apiKeys.optional(),
    "microsoft-ocs": microsoftOcs.default(() => microsoftOcs.parse({})),
    "uc-connector": ucConnector.default(() => ucConnector.parse({})),
    routing: routing.default(() => routing.parse({})),
    /** IM gateways for invitations when a worker has no window open (B7); default console. */
    im: imSchema.default(() => imSchema.parse({})),
    /**
     * Peers (load balancers, reverse proxies) whose Forwarded / X-Forwarded-* headers are believed
     * for the client's address, scheme and host. Default none: proxy headers are ignored.
     */
    "trusted-proxies": trustedProxies.default([]),
    /** Canned responses in the UI's languages, inserted with `/` in the message box; default none. */
    responses: responsesSchema.default([]),
    /** Labels of attached-data keys in the UI's languages; a key without one shows as itself. */
    "data-labels": dataLabelsSchema.default({}),
    /** Teams presence through Microsoft Graph, the UC side of presence sync; default none. */
    graph: graphSchema.optional(),
    workers: z
      .array(worker)
      .min(1, "must name at least one Knowledge Worker")
      .superRefine((workers, ctx) => {
        const seen = new Set<string>();
        workers.forEach((w, i) => {
          if (seen.has(w.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `"${w.id}" appears twice` });
          seen.add(w.id);
        });
        const upns = new Set<string>();
        workers.forEach((w, i) => {
          const upn = w.upn?.toLowerCase();
          if (upn && upns.has(upn)) ctx.addIssue({ code: "custom", path: [i, "upn"], message: `"${w.upn}" appears twice` });
          if (upn) upns.add(upn);
        });
      }),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config["sign-in"] === "oidc" && !config.oidc) {
      ctx.addIssue({ code: "custom", path: ["oidc"], message: 'is required when "sign-in" is "oidc" (issuer, client-id, client-secret)' });
    }
    if (!config.graph && config.im.gateways.some((g) => g.type === "teams-activity")) {
      ctx.addIssue({ code: "custom", path: ["graph"], message: 'is required by the "teams-activity" IM gateway (Microsoft Graph sends the notification)' });
    }
  });

export type ConnectorConfig = z.output<typeof configSchema>;
