#!/usr/bin/env bash
# Two FlowRuns nodes on one PostgreSQL database and one Redis, all on loopback — the "Scale out" set-up of the README,
# in one command. Installs Debian's postgresql and redis-server when missing, starts a throwaway PostgreSQL cluster and
# Redis under ./.cluster (kept between runs; `scripts/cluster.sh clean` removes it), applies the migrations once
# (`migrate`), starts node A on :5000 (it seeds the demo) and node B on :5001, prints their URLs and waits; Ctrl+C
# stops everything it started.
#   PG_PORT (5433), REDIS_PORT (6390), A_PORT (5000), B_PORT (5001) override the ports.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)/.cluster
pg_port=${PG_PORT:-5433}; redis_port=${REDIS_PORT:-6390}; a_port=${A_PORT:-5000}; b_port=${B_PORT:-5001}

if [ "${1:-}" = "clean" ]; then rm -rf "$root"; echo "removed $root"; exit 0; fi

sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_pg=(); [ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
mkdir -p "$root"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$root"
if [ ! -d "$root/pg" ]; then
  "${as_pg[@]}" "$bin/initdb" -D "$root/pg" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
fi

pids=()
stop() {
  trap - EXIT INT TERM
  echo; echo "== stopping"
  # `dotnet run` and `runuser` do not pass a signal on to what they started: stop their children first.
  for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  "${as_pg[@]}" "$bin/pg_ctl" stop -D "$root/pg" -m fast >/dev/null 2>&1 || true
  wait 2>/dev/null || true
}
trap stop EXIT INT TERM

echo "== PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port"
"${as_pg[@]}" "$bin/postgres" -D "$root/pg" -p "$pg_port" -k "$root" -c listen_addresses=127.0.0.1 >"$root/postgres.log" 2>&1 &
pids+=($!)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$root/redis.log" 2>&1 &
pids+=($!)
until "$bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; do sleep 0.2; done

export FlowRuns__Database__Provider=Postgres
export FlowRuns__Database__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=flowruns"
export FlowRuns__Redis="127.0.0.1:$redis_port"
dotnet build FlowRuns.Web -v q -nologo >/dev/null
echo "== migrating"
dotnet run --no-build --project FlowRuns.Web -- migrate

echo "== node A on :$a_port (seeds the demo on a new store), then node B on :$b_port"
dotnet run --no-build --project FlowRuns.Web --urls "http://127.0.0.1:$a_port" >"$root/node-a.log" 2>&1 &
pids+=($!)
until curl -sf "http://127.0.0.1:$a_port/healthz" >/dev/null; do sleep 0.5; done
dotnet run --no-build --project FlowRuns.Web --urls "http://127.0.0.1:$b_port" --FlowRuns:Demo:LiveTraffic=false >"$root/node-b.log" 2>&1 &
pids+=($!)
until curl -sf "http://127.0.0.1:$b_port/healthz" >/dev/null; do sleep 0.5; done

cat <<TEXT

FlowRuns runs on two nodes sharing one store:
  node A  http://127.0.0.1:$a_port
  node B  http://127.0.0.1:$b_port
  store   PostgreSQL 127.0.0.1:$pg_port, database flowruns     live updates and caches: Redis 127.0.0.1:$redis_port
  logs    $root/{node-a,node-b,postgres,redis}.log
The first sign-in link (a new store) is in $root/node-a.log. Ctrl+C stops everything.
TEXT
wait
