# shellcheck shell=bash
# .ci/browser.sh: `source .ci/browser.sh` prepares the browser tests (internal/ui/e2e):
# Debian's Chromium at /usr/bin/chromium (never a browser download) and the front-end
# libraries from package-lock.json copied into internal/ui/static/vendor/ (npm ci && npm run
# build), so the embedded UI has htmx and Leaflet. Each step runs only when its result is
# missing. It changes no shell options; sourcing returns non-zero when a step fails.

_browser_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# _browser_apt installs Debian packages, updating the package lists first.
_browser_apt() {
	apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

browser_setup() {
	if [ ! -x /usr/bin/chromium ]; then
		echo "browser: installing Debian chromium (about 40 s)"
		_browser_apt chromium || return 1
	fi
	echo "browser: $(/usr/bin/chromium --version 2>/dev/null)"
	if ! command -v npm >/dev/null; then
		echo "browser: installing node and npm"
		_browser_apt nodejs npm || return 1
	fi
	if [ ! -d "$_browser_repo/node_modules" ]; then
		(cd "$_browser_repo" && npm ci --no-audit --no-fund && npm run build) || return 1
	elif [ ! -f "$_browser_repo/internal/ui/static/vendor/htmx.min.js" ]; then
		(cd "$_browser_repo" && npm run build) || return 1
	fi
}

browser_setup
