/** The environment, read and validated once at start (shared/CONTRACT.md "Running"). */
import { hostname } from "node:os";
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
  /** Several nodes: the PostgreSQL store shared by every node. */
  UCC_DATABASE_URL: z
    .string()
    .refine((v) => /^postgres(ql)?:\/\/\S+$/i.test(v), "must be a postgres:// URL, e.g. postgres://ucc:secret@db.example.com:5432/ucc")
    .optional(),
  /** Several nodes: the Redis bus between them. */
  UCC_REDIS_URL: z
    .string()
    .refine((v) => /^rediss?:\/\/\S+$/i.test(v), "must be a redis:// or rediss:// URL, e.g. redis://redis.example.com:6379")
    .optional(),
  /** Several nodes: this node's name in logs and in the ownership record; default host-pid. */
  UCC_NODE_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 letters, digits, dots, dashes or underscores").optional(),
  /** Several nodes: where the other nodes reach this one (default: the URL it listens on). */
  UCC_NODE_URL: z
    .string()
    .url("must be a URL, e.g. http://10.0.0.12:3000")
    .refine((v) => /^https?:\/\/[^/]+\/?$/i.test(v), "must be an http or https origin, with no path")
    .optional(),
  /** The certificate store's password, for those who would rather not put it on the command line. */
  UCC_CERT_STORE_PASS: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
  /** Several nodes (UCC_DATABASE_URL and UCC_REDIS_URL, both or neither); undefined: one node. */
  cluster: { databaseUrl: string; redisUrl: string; nodeId: string; nodeUrl: string | undefined } | undefined;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`environment variable ${issue.path.join(".")}: ${issue.message}`);
  }
  const e = result.data;
  if (Boolean(e.UCC_DATABASE_URL) !== Boolean(e.UCC_REDIS_URL)) {
    const [given, missing] = e.UCC_DATABASE_URL ? ["UCC_DATABASE_URL", "UCC_REDIS_URL"] : ["UCC_REDIS_URL", "UCC_DATABASE_URL"];
    throw new Error(`environment variable ${missing}: required with ${given} (several nodes share a PostgreSQL store and a Redis bus; set both, or neither for one node)`);
  }
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
    cluster:
      e.UCC_DATABASE_URL && e.UCC_REDIS_URL
        ? {
            databaseUrl: e.UCC_DATABASE_URL,
            redisUrl: e.UCC_REDIS_URL,
            nodeId: e.UCC_NODE_ID ?? `${hostname()}-${process.pid}`,
            nodeUrl: e.UCC_NODE_URL?.replace(/\/$/, ""),
          }
        : undefined,
  };
}
