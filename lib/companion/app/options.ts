/**
 * The companion's command line and its config file (CONTRACT.md): `--url URL --worker ID
 * --softphone baresip://HOST:PORT`, `--pairing-code C` the first time, `--config F` (default
 * ~/.config/ucc-companion/config.json), `--cert F --key F` for the MTLS listener (a certificate
 * naming the worker needs no pairing). What pairing
 * gives (the credential) and the rest are saved in the config file, mode 0600, so later starts
 * need no arguments; the credential is never printed.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";

export const defaultConfigFile = () => path.join(os.homedir(), ".config", "ucc-companion", "config.json");

const origin = z
  .string()
  .url()
  .refine((v) => /^https?:\/\/[^/]+\/?$/i.test(v), "must be the connector's http or https origin, e.g. https://ucc.example.com")
  .transform((v) => v.replace(/\/$/, ""));

const savedSchema = z.object({
  url: origin.optional(),
  worker: z.string().min(1).max(100).optional(),
  credential: z.string().min(20).max(200).optional(),
  softphone: z.string().regex(/^baresip:\/\/[^:/]+:\d{1,5}\/?$/, "must be baresip://HOST:PORT (baresip's ctrl_tcp_listen)").optional(),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
});
export type SavedConfig = z.infer<typeof savedSchema>;

export interface CompanionOptions {
  configFile: string;
  url: string;
  worker: string;
  softphone: string;
  pairingCode: string | undefined;
  credential: string | undefined;
  cert: string | undefined;
  key: string | undefined;
}

export class UsageError extends Error {}

export function parseOptions(argv: string[]): CompanionOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: "string" },
        worker: { type: "string" },
        softphone: { type: "string" },
        "pairing-code": { type: "string" },
        config: { type: "string" },
        cert: { type: "string" },
        key: { type: "string" },
      },
      strict: true,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const configFile = path.resolve(values.config ?? defaultConfigFile());
  const saved = readSaved(configFile);
  const merged = savedSchema.safeParse({
    url: values.url ?? saved.url,
    worker: values.worker ?? saved.worker,
    softphone: values.softphone ?? saved.softphone,
    credential: saved.credential,
    cert: values.cert ?? saved.cert,
    key: values.key ?? saved.key,
  });
  if (!merged.success) {
    const issue = merged.error.issues[0];
    throw new UsageError(`--${String(issue.path[0])}: ${issue.message}`);
  }
  const { url, worker, softphone, credential, cert, key } = merged.data;
  for (const [name, value] of [["url", url], ["worker", worker], ["softphone", softphone]] as const) {
    if (!value) throw new UsageError(`--${name} is required (not in ${configFile} either)`);
  }
  if ((cert === undefined) !== (key === undefined)) throw new UsageError("--cert and --key go together");
  // NOTE: a credential saved for another connector or worker proves nothing there.
  const sameTarget = saved.url === url && saved.worker === worker;
  const pairingCode = values["pairing-code"];
  // NOTE: on the MTLS listener a client certificate whose CN is the worker proves who it is alone.
  if (!pairingCode && !(credential && sameTarget) && !cert) {
    throw new UsageError(`worker ${worker} is not paired with ${url} yet: start once with --pairing-code CODE (from the web client's Desktop phone panel)`);
  }
  return { configFile, url: url!, worker: worker!, softphone: softphone!, pairingCode, credential: sameTarget ? credential : undefined, cert, key };
}

function readSaved(file: string): SavedConfig {
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`${file}: not JSON (${(error as Error).message})`);
  }
  const parsed = savedSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${file}: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}`);
  return parsed.data;
}

/** Writes the config file readable by its owner only (it holds the credential). */
export function saveConfig(file: string, config: SavedConfig): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // NOTE: `mode` applies only when the file is created; an older file keeps its mode otherwise.
  chmodSync(file, 0o600);
}
