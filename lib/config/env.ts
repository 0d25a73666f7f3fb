/** The environment, read and validated once at start (shared/CONTRACT.md "Running"). */
import path from "node:path";
import { z } from "zod";
import { DEMO_CONFIG_PATH } from "./load";
import { MIN_SECRET_LENGTH } from "./secrets";

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  UCC_CONFIG: z.string().min(1).optional(),
  UCC_DATA_DIR: z.string().min(1).default("./data"),
  UCC_API_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  UCC_PUBLIC_URL: z
    .string()
    .url("must be a URL, e.g. https://ucc.example.com")
    .refine((v) => /^https?:\/\/[^/]+\/?$/i.test(v), "must be an http or https origin, with no path")
    .optional(),
  /** The shared secret (lib/config/secrets.ts); unset: one node's own, kept in the data dir. */
  UCC_SECRET: z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`).optional(),
  /** The certificate store's password, for those who would rather not put it on the command line. */
  UCC_CERT_STORE_PASS: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** This node's name among several (bus messages, window counts, HAProxy's cookie); unset: one node. */
  UCC_NODE_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1 to 64 letters, digits, '.', '_' or '-'").optional(),
});

export interface ServerEnv {
  port: number;
  host: string;
  configFile: string;
  dataDir: string;
  apiKey: string | undefined;
  /** Where people and identity providers reach the connector (no trailing slash); unset: derived at start. */
  publicUrl: string | undefined;
  certStorePass: string | undefined;
  /** UCC_SECRET: keys for links and sign-in state derive from it (lib/config/secrets.ts). */
  secret: string | undefined;
  logLevel: string;
  /** UCC_NODE_ID: this node's name in the cluster (lib/bus/redis-bus.ts, lib/bus/cluster-windows.ts). */
  nodeId: string | undefined;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`environment variable ${issue.path.join(".")}: ${issue.message}`);
  }
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    configFile: e.UCC_CONFIG ?? DEMO_CONFIG_PATH,
    dataDir: path.resolve(e.UCC_DATA_DIR),
    apiKey: e.UCC_API_KEY,
    publicUrl: e.UCC_PUBLIC_URL?.replace(/\/$/, ""),
    certStorePass: e.UCC_CERT_STORE_PASS,
    secret: e.UCC_SECRET,
    logLevel: e.LOG_LEVEL,
    nodeId: e.UCC_NODE_ID,
  };
}
