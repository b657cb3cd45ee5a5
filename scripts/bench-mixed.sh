#!/usr/bin/env bash
# Mixed office + tracking load against `tms serve` inside the seed's ECS task size: the server
# runs in a cgroup with a CPU quota (25 % of one CPU) and a memory limit (512 MB), with the demo
# data plus simulated tracker devices, and wrk drives the mix of issue #16 over keep-alive HTTP:
#   30 % OsmAnd fixes, 25 % load list (API), 20 % load detail (API), 10 % nearest trucks (API),
#   10 % dashboard page (UI, session cookie), 5 % billing queue (API).
# The same run measures a bare net/http "ok" handler inside the same quota, so the mix is also a
# ratio of the machine's baseline. Then each route alone, to give the server CPU per request by
# route (from /proc, so it holds even when other work shares the machine), including /health, an
# API call with a session cookie and with a token (their difference is the cost of identifying the
# caller). Prints Markdown tables; raw wrk output stays in $WORK.
#
# Usage: scripts/bench-mixed.sh     (from the repository root, as root: it creates cgroups;
#                                    needs go, wrk, curl, jq, python3, and psql for PostgreSQL)
# Env:   DURATION=20s CONNECTIONS=32 THREADS=2 ROUTE_DURATION=5s BACKENDS="sqlite postgres"
#        CPU_QUOTA_PERCENT=25 (of one CPU; 0 = no limit) MEMORY_LIMIT=512M DEVICES=20
#        PG_URL=postgres://postgres@127.0.0.1:5432 (CREATE DATABASE and postgis must work there)
#        TMS_BIN=path (measure that binary, e.g. one built from an older commit; default: this tree)
#        SERVER_ENV="GOGC=200" (extra environment for tms serve only, e.g. runtime tuning to compare)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
ROUTE_DURATION=${ROUTE_DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
DEVICES=${DEVICES:-20}
BACKENDS=${BACKENDS:-sqlite postgres}
CPU_QUOTA_PERCENT=${CPU_QUOTA_PERCENT:-25}
MEMORY_LIMIT=${MEMORY_LIMIT:-512M}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
WORK=${WORK:-$(mktemp -d /tmp/bench-mixed.XXXXXX)}
export DEVICES THREADS
for tool in go wrk curl jq python3; do command -v "$tool" >/dev/null || { echo "bench-mixed: $tool is required (apt-get install -y wrk jq curl)" >&2; exit 1; }; done
# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh

cgroups=()
cleanup() {
  bench_cleanup
  local cg
  for cg in "${cgroups[@]}"; do rmdir "$cg" 2>/dev/null || true; done
}
trap cleanup EXIT

# cgroup_new NAME: a cgroup (v1 cpu + memory, or v2) with the quota and limit; sets CG_PROCS (the
# files a process writes its PID into to join) and CG_PEAK (peak memory in bytes).
cgroup_new() {
  local quota=$((CPU_QUOTA_PERCENT * 1000))
  if [ -d /sys/fs/cgroup/cpu ] && [ -d /sys/fs/cgroup/memory ]; then
    local cpu=/sys/fs/cgroup/cpu/$1 mem=/sys/fs/cgroup/memory/$1
    mkdir -p "$cpu" "$mem"
    cgroups+=("$cpu" "$mem")
    echo 100000 >"$cpu/cpu.cfs_period_us"
    if [ "$quota" -gt 0 ]; then echo "$quota" >"$cpu/cpu.cfs_quota_us"; else echo -1 >"$cpu/cpu.cfs_quota_us"; fi
    echo "$MEMORY_LIMIT" >"$mem/memory.limit_in_bytes"
    CG_PROCS="$cpu/tasks $mem/tasks" CG_PEAK="$mem/memory.max_usage_in_bytes"
  elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    local cg=/sys/fs/cgroup/$1
    echo "+cpu +memory" >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
    mkdir -p "$cg"
    cgroups+=("$cg")
    if [ "$quota" -gt 0 ]; then echo "$quota 100000" >"$cg/cpu.max"; fi
    echo "$MEMORY_LIMIT" >"$cg/memory.max"
    CG_PROCS="$cg/cgroup.procs" CG_PEAK="$cg/memory.peak"
  else
    echo "bench-mixed: no cgroup v1 or v2 hierarchy to limit the server" >&2; exit 1
  fi
}

# start_limited LOG CMD...: starts CMD inside the current cgroup (it joins before exec).
start_limited() {
  local log=$1; shift
  CG_PROCS="$CG_PROCS" sh -c 'for f in $CG_PROCS; do echo $$ >"$f"; done; exec "$@"' sh "$@" >"$log" 2>&1 &
  pids+=($!)
  SERVER_PID=$!
}

peak_mb() { awk '{printf "%.0f MB", $1 / 1048576}' "$CG_PEAK" 2>/dev/null || echo "?"; }

build() {
  go build -o "$WORK/tms" ./cmd/tms # the client side (tms simulate) is always this tree's
  cp "${TMS_BIN:-$WORK/tms}" "$WORK/tms-server"
  build_bare
  cat >"$WORK/mix.lua" <<'EOF'
-- The issue #16 mix, one request kind per slot of 20: 6 OsmAnd fixes, 5 load lists, 4 load
-- details, 2 nearest trucks, 2 dashboard pages, 1 billing queue. ONLY=kind sends that kind alone.
-- Every fix is distinct: device sim-(n mod DEVICES + 1), fix time BASE_MS + n * threads + thread.
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
local mix = {"fix","fix","fix","fix","fix","fix","list","list","list","list","list",
  "detail","detail","detail","detail","nearest","nearest","dashboard","dashboard","queue"}
function init(args)
  devices, base, nthreads = tonumber(os.getenv("DEVICES")), tonumber(os.getenv("BASE_MS")), tonumber(os.getenv("THREADS"))
  only = os.getenv("ONLY") or ""
  bearer = {["Authorization"] = "Bearer " .. (os.getenv("TOKEN") or "")}
  cookie = {["Cookie"] = os.getenv("COOKIE") or ""}
  loads = {}
  for id in string.gmatch(os.getenv("LOAD_IDS") or "", "%d+") do table.insert(loads, id) end
  n = 0
end
local function fix()
  local jitter = (n % 9 - 4) * 0.001
  return wrk.format("GET", string.format("/osmand?id=sim-%d&lat=%.6f&lon=%.6f&timestamp=%d&speed=40&bearing=90",
    n % devices + 1, 32.8 + jitter, -96.9 - jitter, base + n * nthreads + tid))
end
local send = {
  fix = fix,
  list = function() return wrk.format("GET", "/api/v1/loads?status=booked,dispatched,in_transit&limit=50", bearer) end,
  detail = function() return wrk.format("GET", "/api/v1/loads/" .. loads[n % #loads + 1], bearer) end,
  nearest = function() return wrk.format("GET", "/api/v1/trucks/nearest?lat=32.78&lon=-96.8&limit=10", bearer) end,
  dashboard = function() return wrk.format("GET", "/", cookie) end,
  queue = function() return wrk.format("GET", "/api/v1/billing/queue", bearer) end,
  board = function() return wrk.format("GET", "/dispatch", cookie) end,
  health = function() return wrk.format("GET", "/health") end,
  me_cookie = function() return wrk.format("GET", "/api/v1/me", cookie) end,
  me_token = function() return wrk.format("GET", "/api/v1/me", bearer) end,
}
function request()
  n = n + 1
  if only ~= "" then return send[only]() end
  return send[mix[n % #mix + 1]]()
end
EOF
}

# run_wrk LABEL NAME URL DURATION [ONLY]: one wrk run, printed as a table row
# "| LABEL | req/s | p50 | p99 | errors | server CPU / request | peak memory |".
round=0
run_wrk() {
  round=$((round + 1))
  local out="$WORK/$2.$round.txt" srv0 srv1
  srv0=$(cpu_ticks "$SERVER_PID")
  BASE_MS=$(( ($(date +%s) - round * 3 * 3600) * 1000 )) ONLY=${5:-} \
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$4" --latency -s "$WORK/mix.lua" "$3" >"$out"
  srv1=$(cpu_ticks "$SERVER_PID")
  awk -v label="$1" -v srv=$((srv1 - srv0)) -v hz="$(getconf CLK_TCK)" -v peak="$(peak_mb)" \
    '/requests in/ {n=$1} /Requests\/sec/ {rate=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
     /Non-2xx/ {errs+=$NF} /Socket errors/ {gsub(/,/, ""); errs+=$4+$6+$8+$10}
     END {printf "| %s | %.0f | %s | %s | %d | %.0f µs | %s |\n", label, rate, p50, p99, errs, srv/hz*1e6/n, peak}' "$out"
}

# api METHOD PATH [JSON]: calls the API with the bench token.
api() { curl -fsS -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${3:+-d "$3"} "$URL$2"; }

# prepare PASSWORD: a session cookie and a token of the bench admin, DEVICES simulated devices
# (in trucks SIM-i), and the ids of the loads for the detail requests.
prepare() {
  curl -fsS -c "$WORK/jar" -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench@example.com\",\"password\":\"$1\"}" "$URL/api/v1/auth/login"
  COOKIE=$(sed 's/^#HttpOnly_//' "$WORK/jar" | awk '!/^#/ && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep="; "}')
  TOKEN=$(curl -fsS -b "$WORK/jar" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$URL/api/v1/tokens" | jq -r .token)
  "$WORK/tms" simulate --server "$URL" --token "$TOKEN" --create-devices --trucks "$DEVICES" --duration 2s >/dev/null
  LOAD_IDS=$(api GET "/api/v1/loads?limit=100" | jq -r '[.items[].id] | join(",")')
  [ -n "$LOAD_IDS" ] || { echo "bench-mixed: the demo data has no loads" >&2; exit 1; }
  export TOKEN COOKIE LOAD_IDS
}

declare -A route_cpu
# bench_backend NAME ENV...: seeds the demo data, serves tms in a fresh cgroup and measures the
# mix, then each route alone.
bench_backend() {
  local name=$1; shift
  local port pw
  port=$(free_port)
  URL="http://127.0.0.1:$port"
  env "$@" DATA_DIR="$WORK/$name-data" "$WORK/tms-server" seed --demo >/dev/null
  pw=$(env "$@" DATA_DIR="$WORK/$name-data" "$WORK/tms-server" user create --email bench@example.com --role admin 2>/dev/null | awk '/^password:/ {print $2}')
  cgroup_new "tms-bench-$$-$name"
  # shellcheck disable=SC2086 # SERVER_ENV is a list of NAME=value words
  start_limited "$WORK/$name-serve.log" env "$@" ${SERVER_ENV:-} PORT="$port" DATA_DIR="$WORK/$name-data" LOG_LEVEL=warn "$WORK/tms-server" serve
  wait_up "$URL/health"
  prepare "$pw" || { echo "bench-mixed: setting up $name failed; server log:" >&2; tail -20 "$WORK/$name-serve.log" >&2; exit 1; }
  run_wrk warm-up "$name-warmup" "$URL" 5s >/dev/null
  run_wrk "$name: the mix" "$name-mix" "$URL" "$DURATION"
  local kind
  for kind in fix list detail nearest dashboard queue board health me_cookie me_token; do
    run_wrk "$kind" "$name-$kind" "$URL" "$ROUTE_DURATION" "$kind" >"$WORK/row" # not in a subshell: round counts on
    route_cpu[$name,$kind]=$(awk -F'|' '{gsub(/^ +| +$/, "", $7); print $7}' "$WORK/row")
  done
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
}

bench_bare() {
  local port; port=$(free_port)
  cgroup_new "tms-bench-$$-bare$round"
  start_limited "$WORK/bare.log" "$WORK/bare/bare" "$port"
  wait_up "http://127.0.0.1:$port/"
  run_wrk 'bare net/http "ok" handler, same limits' bare "http://127.0.0.1:$port" "$DURATION" health
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
}

build
echo "bench-mixed: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, server limited to $CPU_QUOTA_PERCENT % of one CPU and $MEMORY_LIMIT, raw output in $WORK" >&2
echo "| case | req/s | p50 | p99 | errors | server CPU / request | peak memory |"
echo "|---|---|---|---|---|---|---|"
bench_bare
for backend in $BACKENDS; do
  case $backend in
  sqlite) bench_backend sqlite ;;
  postgres)
    db="tms_bench_mixed_$$"
    new_pg_database "$db"
    bench_backend postgres DATABASE_URL="$PG_URL/$db?sslmode=disable"
    ;;
  esac
done
bench_bare
echo
echo "Server CPU per request, each route alone:"
echo
printf '| route |'; for backend in $BACKENDS; do printf ' %s |' "$backend"; done; echo
printf '|---|'; for _ in $BACKENDS; do printf -- '---|'; done; echo
for kind in fix list detail nearest dashboard queue board health me_cookie me_token; do
  printf '| %s |' "$kind"
  for backend in $BACKENDS; do printf ' %s |' "${route_cpu[$backend,$kind]}"; done
  echo
done
