/** A real pino logger whose lines are kept in memory, for tests that check what was logged. */
import { Writable } from "node:stream";
import pino from "pino";
import type { Logger } from "../../lib/observability/logger";

export function captureLogger(level = "warn"): { logger: Logger; lines: () => Array<{ msg: string; [k: string]: unknown }> } {
  const kept: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      kept.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines: () => kept.map((line) => JSON.parse(line)) };
}
