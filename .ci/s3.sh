# shellcheck shell=bash
# .ci/s3.sh: `source .ci/s3.sh` runs a real S3-compatible server for the
# S3 tests: versitygw v1.8.0 (Apache-2.0) on 127.0.0.1 at a free port, with bucket versioning,
# data in a temp dir. It exports TMS_TEST_S3_ENDPOINT, TMS_TEST_S3_BUCKET (a bucket name prefix:
# each test creates its own bucket), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION,
# and the function s3_stop; sourcing returns non-zero when the server cannot be started.
# s3_stop is chained into the caller's EXIT trap (before any EXIT trap set earlier); a caller
# that sets its own EXIT trap afterwards must call s3_stop in it. It changes no shell options.

_s3_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_s3_bin=$_s3_repo/.bin/versitygw

# s3_install builds versitygw into .bin/ unless it is there (about 90 s the first time).
s3_install() {
	[ -x "$_s3_bin" ] && return 0
	echo "s3: installing versitygw v1.8.0 into $_s3_repo/.bin (about 90 s)"
	GOBIN="$_s3_repo/.bin" go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
}

# s3_start installs, starts and waits for versitygw, then exports the test environment.
s3_start() {
	if [ -n "${S3_PID:-}" ] && kill -0 "$S3_PID" 2>/dev/null; then
		return 0
	fi
	s3_install || return 1
	S3_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tms-s3.XXXXXX") || return 1
	mkdir -p "$S3_DIR/data" "$S3_DIR/versions"
	local try
	for try in 1 2 3 4 5; do
		_s3_launch "$(_s3_free_port)" && break
		[ "$try" = 5 ] && { echo "s3: versitygw did not start, log:" >&2; cat "$S3_DIR/log" >&2; s3_stop; return 1; }
	done
	_s3_chain_exit_trap
	export TMS_TEST_S3_BUCKET=tms-test AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
	export AWS_ACCESS_KEY_ID=tmstestaccess AWS_SECRET_ACCESS_KEY=tmstestsecret0123456789
	echo "s3: versitygw pid $S3_PID listening on $TMS_TEST_S3_ENDPOINT (data in $S3_DIR)"
}

# _s3_launch starts versitygw on port and waits up to 10 s for it to accept connections.
_s3_launch() {
	local port=$1 i
	ROOT_ACCESS_KEY=tmstestaccess ROOT_SECRET_KEY=tmstestsecret0123456789 \
		"$_s3_bin" --port "127.0.0.1:$port" --region us-east-1 \
		posix --versioning-dir "$S3_DIR/versions" "$S3_DIR/data" >"$S3_DIR/log" 2>&1 &
	S3_PID=$!
	for i in $(seq 100); do
		kill -0 "$S3_PID" 2>/dev/null || return 1
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			export TMS_TEST_S3_ENDPOINT="http://127.0.0.1:$port"
			return 0
		fi
		sleep 0.1
	done
	kill "$S3_PID" 2>/dev/null
	return 1
}

# _s3_free_port picks a random port in 20000-59999 that nothing listens on.
_s3_free_port() {
	local port
	while :; do
		port=$((20000 + RANDOM % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
	done
}

# s3_stop stops versitygw and removes its data; safe to call twice.
s3_stop() {
	if [ -n "${S3_PID:-}" ] && kill "$S3_PID" 2>/dev/null; then
		wait "$S3_PID" 2>/dev/null || true
		echo "s3: stopped versitygw pid $S3_PID"
	fi
	if [ -n "${S3_DIR:-}" ]; then
		rm -rf "$S3_DIR"
	fi
	S3_PID= S3_DIR=
	return 0
}
export -f s3_stop

# _s3_chain_exit_trap runs s3_stop on exit, before whatever EXIT trap the caller had.
_s3_chain_exit_trap() {
	local prev
	prev=$(trap -p EXIT)
	prev=${prev#"trap -- '"}
	prev=${prev%"' EXIT"}
	prev=${prev//"'\\''"/"'"}
	case $prev in *s3_stop*) return 0 ;; esac
	trap "s3_stop${prev:+; $prev}" EXIT
}

s3_start
