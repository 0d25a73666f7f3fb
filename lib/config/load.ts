import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { PresenceMappingOptions } from "../domain/presence";
import { configSchema, type ConnectorConfig } from "./schema";

/** The demo configuration `npm start` uses when UCC_CONFIG is unset. */
export const DEMO_CONFIG_PATH = path.join(process.cwd(), "config", "demo.json");

export class ConfigError extends Error {
  constructor(readonly file: string, readonly option: string, readonly problem: string) {
    super(`configuration file ${file}: ${option ? `option ${option}: ` : ""}${problem}`);
    this.name = "ConfigError";
  }
}

export interface LoadedConfig {
  file: string;
  isDemo: boolean;
  config: ConnectorConfig;
}

/** Reads and validates a configuration file; throws one ConfigError naming file, option, problem. */
export function loadConfig(file: string): LoadedConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new ConfigError(absolute, "", `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(absolute, "", `is not valid JSON (${(error as Error).message})`);
  }
  return { file: absolute, isDemo: absolute === path.resolve(DEMO_CONFIG_PATH), config: parseConfig(raw, absolute) };
}

export function parseConfig(raw: unknown, file = "<inline>"): ConnectorConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  const option = first.path.join(".") || "(top level)";
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? "s" : ""})` : "";
  throw new ConfigError(file, option, describeIssue(first) + more);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return issue.message;
}

export function presenceMappingOf(config: ConnectorConfig): PresenceMappingOptions {
  const ocs = config["microsoft-ocs"];
  return {
    agentStatusReady: ocs["agent-status-ready"],
    agentStatusNotReady: ocs["agent-status-notready"],
    agentStatusLogout: ocs["agent-status-logout"],
    presenceAcwStatus: ocs["presence-acw-status"],
    presenceAcwNote: ocs["presence-acw-note"],
    presenceLgStatus: ocs["presence-lg-status"],
    presenceLgNote: ocs["presence-lg-note"],
  };
}
