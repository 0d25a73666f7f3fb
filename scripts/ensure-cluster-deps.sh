#!/usr/bin/env bash
# Installs Debian's PostgreSQL, Redis and HAProxy for the several-node tests and `npm run cluster`
# when they are missing. Installing never starts their services here (a policy-rc.d refuses every
# start while apt runs, and no default PostgreSQL cluster is made); the tests and the cluster
# script start their own on loopback (scripts/local-servers/) and stop them by PID.
set -euo pipefail
missing=()
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Missing for the several-node tests: installing Debian's ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
policy=/usr/sbin/policy-rc.d
made_policy=""
if [ ! -e "$policy" ]; then
  # NOTE: exit 101 is "action forbidden": invoke-rc.d then starts no service during the install.
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  made_policy=1
fi
remove_policy() { if [ -n "$made_policy" ]; then $SUDO rm -f "$policy"; fi; }
trap remove_policy EXIT
# NOTE: postgresql-common makes and starts a "main" cluster on install unless told not to.
$SUDO mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/ucc-no-main.conf >/dev/null
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
