/**
 * The `im` section (shared/CONTRACT.md "Configuration sections"): the IM gateways an invitation
 * goes through, in order, when a worker has no window open (B7). A gateway's options are checked
 * here at start, so a bad one stops the start with the option named.
 */
import { z } from "zod";

const secret = (what: string) => z.string().min(16, `must be at least 16 characters (${what})`).max(512);

/** Whether a URL's host is this machine (127.0.0.0/8, ::1, localhost): traffic that never leaves it. */
export function isLoopbackUrlHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * An https URL, or plain http to loopback only. NOTE: the invitation carries a link that signs a
 * worker in for the offer; over plain http anyone on the path reads it.
 */
const webhookUrl = z
  .string()
  .max(2048)
  .refine((value) => ["http:", "https:"].includes(parseUrl(value)?.protocol ?? ""), "must be an http:// or https:// URL")
  .refine((value) => {
    const url = parseUrl(value);
    return url?.protocol !== "http:" || isLoopbackUrlHost(url.hostname);
  }, "must be https:// (plain http:// only to loopback: the invitation's link would travel in clear)");

/** The schemes that are TLS from the first byte. */
const DIRECT_TLS = /^(xmpps|wss):\/\//;

/**
 * Whether the xmpp gateway may talk in clear: only to loopback. Elsewhere it needs direct TLS
 * (xmpps://, wss://) or, on xmpp://, a STARTTLS the gateway insists on before authenticating.
 */
export function xmppMayBePlain(service: string): boolean {
  const url = parseUrl(service);
  return !DIRECT_TLS.test(service) && url !== undefined && isLoopbackUrlHost(url.hostname);
}

const consoleGateway = z.object({ type: z.literal("console") }).strict();

const webhookGateway = z
  .object({
    type: z.literal("webhook"),
    /** Where the invitation is POSTed: https://, or http:// to loopback. */
    url: webhookUrl,
    /** Keys the X-UCC-Signature HMAC; the receiver checks it with the same secret. */
    secret: secret("the key of the X-UCC-Signature HMAC"),
    /** Milliseconds one attempt may take. Default 5000. */
    "timeout-ms": z.number().int().min(100).max(60_000).default(5_000),
    /** Attempts after the first on a 5xx, a timeout or a refused connection. Default 3. */
    retries: z.number().int().min(0).max(10).default(3),
  })
  .strict();

const xmppGateway = z
  .object({
    type: z.literal("xmpp"),
    /**
     * xmpps://host:5223 or wss:// (direct TLS), xmpp://host:5222 (STARTTLS required, plain only to
     * loopback), ws:// to loopback only.
     */
    service: z
      .string()
      .max(2048)
      .refine((value) => /^(xmpps?|wss?):\/\/[^/]+/.test(value), "must be an xmpp://, xmpps://, ws:// or wss:// URL")
      .refine(
        (value) => !value.startsWith("ws://") || xmppMayBePlain(value),
        "ws:// carries the password in clear: use wss://, xmpps:// or xmpp:// (STARTTLS required); ws:// only to loopback",
      ),
    /** The XMPP domain of the connector's own account. */
    domain: z.string().min(1).max(255),
    /** The connector's own account, which sends the invitations. */
    username: z.string().min(1).max(255),
    password: z.string().min(1).max(1024),
    /** Milliseconds to (re)connect before the gateway counts as down. Default 5000. */
    "timeout-ms": z.number().int().min(100).max(60_000).default(5_000),
  })
  .strict();

const teamsGateway = z
  .object({
    type: z.literal("teams"),
    /** The bot's Entra app registration (client) id; the bot's Microsoft App ID. */
    "client-id": z.string().min(1).max(128).optional(),
    "client-secret": z.string().min(1).max(1024).optional(),
    /** The tenant of a single-tenant bot registration. */
    "tenant-id": z.string().min(1).max(128).optional(),
    /**
     * The Teams app id the administrator uploaded (`npm run teams:package -- --app-id`): the
     * invitation card's deep link opens its tab. Default: derived from UCC_PUBLIC_URL exactly as
     * the package script derives it from `--url`, so leaving both out keeps them in step.
     */
    "app-id": z
      .string()
      .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a GUID (the Teams app id)")
      .optional(),
    /**
     * Accept activities without a Bot Framework token, from loopback only: for a local stand-in
     * for Teams (Microsoft 365 Agents Playground), never for a real tenant.
     */
    "allow-unauthenticated": z.boolean().default(false),
  })
  .strict()
  .superRefine((teams, ctx) => {
    const credentials = Boolean(teams["client-id"] && teams["client-secret"]);
    if (!credentials && !teams["allow-unauthenticated"]) {
      ctx.addIssue({
        code: "custom",
        path: [teams["client-id"] ? "client-secret" : "client-id"],
        message: "set client-id and client-secret (the bot's app registration), or allow-unauthenticated for a local test host",
      });
    }
  });

/** A Teams activity-feed notification through Microsoft Graph (needs the graph section). */
const teamsActivityGateway = z
  .object({
    type: z.literal("teams-activity"),
    /** The Teams app (manifest) id. Default: derived from UCC_PUBLIC_URL as the package script derives it (as for the teams gateway). */
    "app-id": z
      .string()
      .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be a GUID (the Teams app id, the manifest's id)")
      .optional(),
    /**
     * The manifest's activities.activityTypes[].type used. Default: the one the package declares
     * (interactionOffered); NOTE: Teams refuses a type the installed manifest does not declare.
     */
    "activity-type": z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/, "must be an activity type of the manifest (letters and digits)").optional(),
  })
  .strict();

const gateway = z.discriminatedUnion("type", [consoleGateway, webhookGateway, xmppGateway, teamsGateway, teamsActivityGateway], {
  error: (issue) =>
    issue.code === "invalid_union" ? 'must have a "type" of console, webhook, xmpp, teams or teams-activity' : undefined,
});

export const imSchema = z
  .object({
    /** Tried in order; `[]` turns invitations off (offers are Previews in open windows only). */
    gateways: z
      .array(gateway)
      .max(8)
      .superRefine((gateways, ctx) => {
        const teams = gateways.filter((g) => g.type === "teams").length;
        if (teams > 1) ctx.addIssue({ code: "custom", message: "may hold one teams gateway (one bot endpoint)" });
      })
      .default([{ type: "console" }]),
  })
  .strict();

export type ImConfig = z.output<typeof imSchema>;
export type GatewayConfig = ImConfig["gateways"][number];

/** A worker's address on the IM side: an XMPP bare JID (local@domain). */
export const jidSchema = z
  .string()
  .max(3071)
  .regex(/^[^@/\s]+@[^@/\s]+$/, "must be a bare JID like alex@example.com");
