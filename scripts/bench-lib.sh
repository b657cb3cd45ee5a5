# shellcheck shell=bash
# scripts/bench-lib.sh: helpers shared by the benchmark scripts (sourced, not run).
# Needs WORK (a scratch folder) and PG_URL set by the caller; fills pids and dbs for cleanup.

pids=()
dbs=()

# bench_cleanup stops the servers started and drops the databases created.
bench_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for db in "${dbs[@]}"; do psql -qAt "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_up() { # URL
  for _ in $(seq 150); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "bench: $1 did not come up" >&2; exit 1
}

# cpu_ticks PID...: CPU time (user + system, in clock ticks) the processes have used.
cpu_ticks() {
  local sum=0 pid
  for pid in "$@"; do sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$sum"
}

# build_bare builds the baseline server, a bare net/http handler writing "ok", into $WORK/bare/bare.
build_bare() {
  mkdir -p "$WORK/bare"
  cat >"$WORK/bare/main.go" <<'GO'
// The baseline: a bare net/http handler writing "ok".
package main

import (
	"io"
	"net/http"
	"os"
)

func main() {
	http.ListenAndServe("127.0.0.1:"+os.Args[1], http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") }))
}
GO
  (cd "$WORK/bare" && printf 'module bare\n\ngo 1.22\n' >go.mod && go build -o "$WORK/bare/bare" .)
}

# new_pg_database NAME: a fresh PostgreSQL database with PostGIS, dropped at cleanup.
new_pg_database() {
  psql -qAt "$PG_URL/postgres" -c "CREATE DATABASE $1" >/dev/null
  dbs+=("$1")
  psql -qAt "$PG_URL/$1" -c "CREATE EXTENSION postgis" >/dev/null
}
