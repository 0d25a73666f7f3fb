#!/usr/bin/env bash
# Installs Debian's baresip (a SIP softphone, `baresip-core`: no sound card or GUI needed) and sox
# (to measure the recorded audio) for the desktop companion's tests when either is missing.
# The tests start their own baresip instances on loopback (tests/support/baresip.ts) and stop
# them by PID.
set -euo pipefail
if command -v baresip >/dev/null 2>&1 && command -v sox >/dev/null 2>&1; then exit 0; fi
echo "baresip or sox is missing: installing Debian's baresip-core and sox packages"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends baresip-core sox >/dev/null
baresip -h 2>&1 | head -1 || true
