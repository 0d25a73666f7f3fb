/** The Teams SDK's logger interface on top of the connector's pino logger (JSON lines, one level). */
import type { ILogger } from "@microsoft/teams.common";
import type { Logger } from "../../observability/logger";

export function sdkLogger(logger: Logger): ILogger {
  const line = (level: "debug" | "info" | "warn" | "error" | "trace") => (...msg: unknown[]) => {
    const [first, ...rest] = msg;
    const text = [first, ...rest].map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : JSON.stringify(m))).join(" ");
    logger[level]({ sdk: "teams" }, text.slice(0, 2000));
  };
  const self: ILogger = {
    debug: line("debug"),
    info: line("debug"), // NOTE: the SDK's info is chatty (every activity); keep it at debug.
    warn: line("warn"),
    error: line("error"),
    trace: line("trace"),
    log: (level, ...msg) => line(level === "info" ? "debug" : level)(...msg),
    child: () => self,
  };
  return self;
}
