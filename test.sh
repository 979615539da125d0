#!/usr/bin/env bash
# Runs every test, the browser and multi-node ones included (headless Debian Chromium and redis-server, installed here
# when missing).
set -euo pipefail
cd "$(dirname "$0")"

# Debian's chromium for the browser tests, redis-server for the multi-node ones (each test starts its own on loopback).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} from Debian's packages"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
log=$(mktemp)
set +e
# A test that hangs is stopped after 15 minutes and named (no test takes more than a minute or two), instead of the
# run waiting for CI's own limit.
dotnet test FlowRuns.sln -c Release --blame-hang-timeout 15m --blame-hang-dump-type none "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# dotnet test's own summary is per assembly: print one plain line counted from it.
summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -1 || true)
passed=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$summary")
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "$status" -ne 0 ] || [ -z "$summary" ] || [ "${passed:-0}" -eq 0 ]; then
  echo "tests failed (dotnet test exit code $status)"
  exit 1
fi
