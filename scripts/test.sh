#!/usr/bin/env bash
# `npm test`: every test on a fresh machine of this kind: unit and integration (Vitest), then the
# browser tests (Playwright on Debian's Chromium, installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

bash scripts/ensure-chromium.sh
bash scripts/ensure-prosody.sh
bash scripts/ensure-cluster-deps.sh
bash scripts/ensure-baresip.sh

echo "== unit and integration tests (vitest)"
npx vitest run

echo "== building the web client for the browser tests"
node -e 'import("./scripts/build-if-stale.mjs").then((m) => m.ensureBuilt())'

echo "== browser tests (playwright, $(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
npx playwright test
