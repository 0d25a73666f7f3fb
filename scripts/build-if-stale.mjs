// Builds the Next.js web client when any input changed since the last build. The fingerprint of
// the inputs is kept in .next/ucc-build-fingerprint.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const INPUTS = ["app", "components", "lib", "public", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const STAMP = path.join(".next", "ucc-build-fingerprint");

function* files(entry) {
  if (!existsSync(entry)) return;
  const stat = statSync(entry);
  if (stat.isDirectory()) {
    for (const name of readdirSync(entry).sort()) yield* files(path.join(entry, name));
  } else {
    yield entry;
  }
}

export function fingerprint() {
  const hash = createHash("sha256");
  for (const input of INPUTS) {
    for (const file of files(input)) {
      hash.update(file).update("\0").update(readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

export async function ensureBuilt({ force = false } = {}) {
  const current = fingerprint();
  const built = existsSync(STAMP) && existsSync(path.join(".next", "BUILD_ID")) ? readFileSync(STAMP, "utf8").trim() : "";
  if (!force && built === current) return false;
  process.stdout.write("Building the web client (next build)…\n");
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    process.stderr.write("ucc: the web client did not build; see the errors above\n");
    process.exit(result.status ?? 1);
  }
  writeFileSync(STAMP, `${current}\n`);
  process.stdout.write(`Web client built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return true;
}
