#!/usr/bin/env bash
# Installs Debian's Prosody (an XMPP server) for the xmpp IM gateway's tests when it is missing.
# Installing never starts its service here; the tests start their own on loopback
# (tests/support/prosody.ts) and stop it by its PID.
set -euo pipefail
if command -v prosody >/dev/null 2>&1 && command -v prosodyctl >/dev/null 2>&1; then exit 0; fi
echo "Prosody is missing: installing Debian's prosody package"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prosody >/dev/null
prosodyctl about 2>/dev/null | head -1 || true
