#!/usr/bin/env bash
# Runs every test, the browser and multi-node ones included (headless Debian Chromium, redis-server and PostgreSQL,
# installed here when missing), then the engine and API tests a second time on PostgreSQL (each test its own database
# in a throwaway server the tests start on loopback).
set -euo pipefail
cd "$(dirname "$0")"

# Debian's chromium for the browser tests, redis-server for the multi-node ones, postgresql for the PostgreSQL pass
# (the tests start their own servers on loopback; nothing is started as a service).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} from Debian's packages"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
total_passed=0; total_failed=0; total_skipped=0; failed_passes=()

# One dotnet test pass; its counts are added to the totals (dotnet test's own summary is per assembly).
run_pass() {
  local name=$1; shift
  local log; log=$(mktemp)
  echo "== $name"
  set +e
  # A test that hangs is stopped after 15 minutes and named (no test takes more than a minute or two), instead of the
  # run waiting for CI's own limit.
  dotnet test FlowRuns.sln -c Release --blame-hang-timeout 15m --blame-hang-dump-type none "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  local summary passed failed skipped
  summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -1 || true)
  passed=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")
  failed=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$summary")
  skipped=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$summary")
  echo "$name: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
  total_passed=$((total_passed + ${passed:-0})); total_failed=$((total_failed + ${failed:-0})); total_skipped=$((total_skipped + ${skipped:-0}))
  if [ "$status" -ne 0 ] || [ -z "$summary" ] || [ "${passed:-0}" -eq 0 ]; then failed_passes+=("$name (exit $status)"); fi
}

run_pass "every test on SQLite" "$@"
# The engine and API suite again on PostgreSQL; tests of SQLite's own machinery (its file, log, disk) carry
# Store=SqliteOnly and are left out.
export FLOWRUNS_TEST_STORE=postgres
run_pass "engine and API tests on PostgreSQL" --no-build \
  --filter "(FullyQualifiedName~FlowRuns.Tests.Engine|FullyQualifiedName~FlowRuns.Tests.Web)&Store!=SqliteOnly" "$@"
unset FLOWRUNS_TEST_STORE

echo "tests: ${total_passed} passed, ${total_failed} failed, ${total_skipped} skipped"
if [ ${#failed_passes[@]} -gt 0 ]; then
  echo "tests failed: ${failed_passes[*]}"
  exit 1
fi
