/**
 * `npm run companion -- --url URL --worker ID --softphone baresip://127.0.0.1:PORT
 * [--pairing-code C] [--config F] [--cert F --key F]`: the desktop companion (B11), beside the
 * worker's softphone. See lib/companion/app/companion.ts.
 */
import { runCompanion } from "../lib/companion/app/companion";

const stopRequested = new Promise<void>((resolve) => {
  process.once("SIGINT", () => resolve());
  process.once("SIGTERM", () => resolve());
});

runCompanion(process.argv.slice(2), { out: process.stdout, err: process.stderr, stopRequested }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`companion: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
