import { spawnSync } from "node:child_process";
import path from "node:path";

/** Builds the web client when its sources changed, exactly as scripts/test.sh does. */
export default function globalSetup(): void {
  const root = path.resolve(__dirname, "..", "..");
  const result = spawnSync(process.execPath, ["-e", 'import("./scripts/build-if-stale.mjs").then((m) => m.ensureBuilt())'], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`the web client did not build (exit ${result.status ?? result.signal})`);
}
