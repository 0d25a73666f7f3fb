/** The environment, read and validated once at start (shared/CONTRACT.md "Running"). */
import path from "node:path";
import { z } from "zod";
import { DEMO_CONFIG_PATH } from "./load";

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  UCC_CONFIG: z.string().min(1).optional(),
  UCC_DATA_DIR: z.string().min(1).default("./data"),
  UCC_API_KEY: z.string().min(16, "must be at least 16 characters").optional(),
  /** Where people reach the connector (invitation links); default: the URL it listens on. */
  UCC_PUBLIC_URL: z
    .string()
    .max(2048)
    .refine((value) => /^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(value), "must be an http:// or https:// URL without a query")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export interface ServerEnv {
  port: number;
  host: string;
  configFile: string;
  dataDir: string;
  apiKey: string | undefined;
  /** UCC_PUBLIC_URL without a trailing slash, when set. */
  publicUrl: string | undefined;
  logLevel: string;
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
    publicUrl: e.UCC_PUBLIC_URL?.replace(/\/+$/, ""),
    logLevel: e.LOG_LEVEL,
  };
}
