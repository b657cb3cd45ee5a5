#!/usr/bin/env bash
# OsmAnd ingest throughput over keep-alive HTTP, measured with wrk against real processes on
# loopback: a bare net/http "ok" handler (the baseline), `tms serve` on embedded SQLite and
# `tms serve` on a fresh PostgreSQL + PostGIS database. Every 200 is sent after the group
# commit holding the fix, and every request carries a distinct fix time, so nothing is a
# duplicate. Each server gets two device sets: "plain" trucks without loads, and "geofence"
# trucks on dispatched loads whose pickup is where they report from, so every fix goes through
# the geofence evaluation. Prints a Markdown table; raw wrk output stays in $WORK.
#
# Usage: scripts/bench-ingest.sh            (from the repository root; needs go, wrk, psql, curl, jq)
# Env:   DURATION=8s CONNECTIONS=64 THREADS=2 DEVICES=8 ROUNDS=1 BACKENDS="sqlite postgres"
#        PG_URL=postgres://postgres@127.0.0.1:5432 (a server where CREATE DATABASE and postgis work)
#        TMS_BIN=path (measure that binary, e.g. one built from an older commit; default: build this tree)
#        SERVER_ENV="GOGC=400" (extra environment for tms serve only, e.g. runtime tuning to compare)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-8s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DEVICES=${DEVICES:-8}
ROUNDS=${ROUNDS:-1}
BACKENDS=${BACKENDS:-sqlite postgres}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
WORK=${WORK:-$(mktemp -d /tmp/bench-ingest.XXXXXX)}
for tool in go wrk curl jq; do command -v "$tool" >/dev/null || { echo "bench-ingest: $tool is required (apt-get install -y wrk jq curl)" >&2; exit 1; }; done

# shellcheck source=scripts/bench-lib.sh
source scripts/bench-lib.sh
trap bench_cleanup EXIT

build() {
  go build -o "$WORK/tms" ./cmd/tms # the client side (tms simulate) is always this tree's
  cp "${TMS_BIN:-$WORK/tms}" "$WORK/tms-server"
  build_bare
  cat >"$WORK/fixes.lua" <<'EOF'
-- Every request is a distinct OsmAnd fix: device sim-(FIRST + n mod DEVICES), fix time
-- BASE_MS + floor(n / DEVICES) * threads + thread index (ms: distinct per device, and a run's
-- span stays near its wall time), a position jittering within ~50 m of LAT,LON.
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  first, devices = tonumber(os.getenv("FIRST")), tonumber(os.getenv("DEVICES"))
  base, nthreads = tonumber(os.getenv("BASE_MS")), tonumber(os.getenv("THREADS"))
  lat, lon = tonumber(os.getenv("LAT")), tonumber(os.getenv("LON"))
  n = 0
end
function request()
  n = n + 1
  local jitter = (n % 9 - 4) * 0.0001
  return wrk.format("GET", string.format("/osmand?id=sim-%d&lat=%.6f&lon=%.6f&timestamp=%d&speed=30&bearing=90",
    first + n % devices, lat + jitter, lon - jitter, base + math.floor(n / devices) * nthreads + tid))
end
EOF
}

export DEVICES THREADS
round=0
SERVER_PID=""
DB_NAME=""
# db_pids: the PostgreSQL backends serving the bench database (none for SQLite).
db_pids() { [ -z "$DB_NAME" ] || psql -qAt "$PG_URL/postgres" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB_NAME'"; }

GEOFENCE_NEXT_MS=0
# run_wrk LABEL NAME URL FIRST LAT LON [BASE_MS]: one wrk run, printed as a table row "| LABEL |
# positions/s | p50 | p99 | server CPU per position | database CPU per position |"; the CPU
# figures hold even when other work shares the machine. Fix times start at BASE_MS, by default
# a fresh 3-hour span in the past per run; a run given BASE_MS sets GEOFENCE_NEXT_MS past its fixes.
run_wrk() {
  round=$((round + 1))
  local out="$WORK/$2.$round.txt" base=${7:-$(( ($(date +%s) - round * 3 * 3600) * 1000 ))}
  local backends srv0 db0 srv1 db1
  mapfile -t backends < <(db_pids)
  srv0=$(cpu_ticks "$SERVER_PID"); db0=$(cpu_ticks "${backends[@]}")
  FIRST=$4 BASE_MS=$base LAT=$5 LON=$6 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$WORK/fixes.lua" "$3" >"$out"
  srv1=$(cpu_ticks "$SERVER_PID"); db1=$(cpu_ticks "${backends[@]}")
  [ -z "${7:-}" ] || GEOFENCE_NEXT_MS=$(awk -v base="$base" -v dev="$DEVICES" -v th="$THREADS" '/requests in/ {printf "%d", base + (int($1 / dev) + 1) * th}' "$out")
  if grep -q "Non-2xx" "$out"; then
    echo "bench-ingest: $2 had refused requests:" >&2; cat "$out" >&2; exit 1
  fi
  awk -v label="$1" -v srv=$((srv1 - srv0)) -v db=$((db1 - db0)) -v hz="$(getconf CLK_TCK)" \
    '/requests in/ {n=$1} /Requests\/sec/ {rate=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
     END {printf "| %s | %.0f | %s | %s | %.0f µs | %s |\n", label, rate, p50, p99, srv/hz*1e6/n, db ? sprintf("%.0f µs", db/hz*1e6/n) : "—"}' "$out"
}

# api METHOD PATH [JSON]: calls the API with the bench token and prints the answer.
api() { curl -fsS -X "$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' ${3:+-d "$3"} "$URL$2"; }

# prepare PASSWORD: a token of the bench admin, 2 x DEVICES devices in trucks SIM-i, and for the first DEVICES
# trucks a dispatched load picking up at the geofence facility.
prepare() { # PASSWORD
  curl -fsS -c "$WORK/jar" -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench@example.com\",\"password\":\"$1\"}" "$URL/api/v1/auth/login"
  TOKEN=$(curl -fsS -b "$WORK/jar" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$URL/api/v1/tokens" | jq -r .token)
  local cust pickup drop
  cust=$(api POST /api/v1/customers '{"name":"Bench Foods","active":true}' | jq .id)
  pickup=$(api POST /api/v1/facilities '{"name":"Bench DC","lat":32.9,"lon":-97.04,"time_zone":"America/Chicago","geofence_meters":500,"active":true}' | jq .id)
  drop=$(api POST /api/v1/facilities '{"name":"Bench Store","lat":29.76,"lon":-95.37,"time_zone":"America/Chicago","active":true}' | jq .id)
  "$WORK/tms" simulate --server "$URL" --token "$TOKEN" --create-devices --trucks $((2 * DEVICES)) --duration 100ms >/dev/null
  local start end
  start=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
  end=$(date -u -d '+2 days' +%Y-%m-%dT%H:%M:%SZ)
  for i in $(seq "$DEVICES"); do
    local truck driver load
    truck=$(api GET "/api/v1/trucks?q=SIM-$i&limit=500" | jq --arg u "SIM-$i" '.items[] | select(.unit_number == $u) | .id')
    driver=$(api POST /api/v1/drivers "{\"name\":\"Bench Driver $i\",\"cdl_expiry\":\"2035-01-01\",\"medical_card_expiry\":\"2035-01-01\"}" | jq .id)
    load=$(api POST /api/v1/loads "{\"customer_id\":$cust,\"commodity\":\"bench\",\"weight_lb\":1000,\"equipment_type\":\"dry_van\",\"stops\":[
      {\"kind\":\"pickup\",\"facility_id\":$pickup,\"appointment_start\":\"$start\",\"appointment_end\":\"$end\"},
      {\"kind\":\"delivery\",\"facility_id\":$drop,\"appointment_start\":\"$end\",\"appointment_end\":\"$end\"}]}" | jq .id)
    # the bench trucks have no trailer: the dispatch gates refuse without an override
    api POST "/api/v1/loads/$load/assign" "{\"driver_id\":$driver,\"truck_id\":$truck,\"override\":true,\"reason\":\"bench\"}" >/dev/null
  done
}

# bench_backend NAME ENV...: serves tms with the environment given and measures both cases.
bench_backend() {
  local name=$1; shift
  local port; port=$(free_port)
  URL="http://127.0.0.1:$port"
  local pw # the admin exists before the first start, so serve loads no demo data
  pw=$(env "$@" DATA_DIR="$WORK/$name-data" "$WORK/tms-server" user create --email bench@example.com --role admin 2>/dev/null | awk '/^password:/ {print $2}')
  env "$@" ${SERVER_ENV:-} PORT="$port" DATA_DIR="$WORK/$name-data" "$WORK/tms-server" serve >"$WORK/$name-serve.log" 2>&1 &
  pids+=($!)
  SERVER_PID=$!
  wait_up "$URL/health"
  prepare "$pw" || { echo "bench-ingest: setting up $name failed; server log:" >&2; tail -20 "$WORK/$name-serve.log" >&2; exit 1; }
  run_wrk warm-up "$name-warmup" "$URL" $((DEVICES + 1)) 35.0 -100.0 >/dev/null # pools, caches, statements
  for _ in $(seq "$ROUNDS"); do
    run_wrk "$name, trucks without loads" "$name-plain" "$URL" $((DEVICES + 1)) 35.0 -100.0
    # fixes from before a load's dispatch are not judged against it: these start now, after the
    # previous geofence run's (plain runs are hours back)
    run_wrk "$name, trucks on loads, fixes at the pickup geofence" "$name-geofence" "$URL" 1 32.9 -97.04 \
      "$(( $(date +%s%3N) > GEOFENCE_NEXT_MS ? $(date +%s%3N) : GEOFENCE_NEXT_MS ))"
  done
  local arrivals # the geofence did its work: every load's pickup was arrived at
  curl -fsS "$URL/metrics" >"$WORK/$name-metrics.txt"
  arrivals=$(awk '/^tms_geofence_stop_events_total\{event="arrival"\}/ {print $2}' "$WORK/$name-metrics.txt")
  awk -v name="$name" '/^tms_positions_commit_batch_size_sum/ {s=$2} /^tms_positions_commit_batch_size_count/ {n=$2}
    END {if (n) printf "bench-ingest: %s committed %d batches, %.1f positions per batch (all runs)\n", name, n, s/n}' "$WORK/$name-metrics.txt" >&2
  echo "bench-ingest: $name recorded ${arrivals:-0} geofence arrivals for $DEVICES loads" >&2
  [ "${arrivals:-0}" = "$DEVICES" ] || { echo "bench-ingest: $name: expected $DEVICES arrivals" >&2; exit 1; }
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
}

bench_bare() {
  local port; port=$(free_port)
  "$WORK/bare/bare" "$port" &
  pids+=($!)
  SERVER_PID=$! DB_NAME=""
  wait_up "http://127.0.0.1:$port/"
  run_wrk 'bare net/http "ok" handler' bare "http://127.0.0.1:$port" 1 35.0 -100.0
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
}

build
echo "bench-ingest: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $DEVICES devices per case, raw output in $WORK" >&2
echo "| case | positions/s | p50 | p99 | server CPU / position | database CPU / position |"
echo "|---|---|---|---|---|---|"
bench_bare
for backend in $BACKENDS; do
  case $backend in
  sqlite) DB_NAME="" bench_backend sqlite ;;
  postgres)
    DB_NAME="tms_bench_$$"
    new_pg_database "$DB_NAME"
    bench_backend postgres DATABASE_URL="$PG_URL/$DB_NAME?sslmode=disable"
    ;;
  esac
done
bench_bare
