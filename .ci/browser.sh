# shellcheck shell=bash
# .ci/browser.sh: `source .ci/browser.sh` prepares the browser tests (internal/ui/e2e):
# Debian's Chromium at /usr/bin/chromium (never a browser download), and it checks the
# committed front-end libraries: htmx and Leaflet are rebuilt from package-lock.json into
# internal/ui/static/vendor/ (npm ci && npm run build) and any difference from the committed
# files fails. Installs run only when missing. It changes no shell options; sourcing returns
# non-zero when a step fails.

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
		(cd "$_browser_repo" && npm ci --no-audit --no-fund) || return 1
	fi
	(cd "$_browser_repo" && npm run build && vendor_unchanged) || return 1
}

# vendor_unchanged fails when the rebuilt front-end libraries differ from the committed ones.
vendor_unchanged() {
	local vendor=internal/ui/static/vendor changed
	changed=$(git diff --name-status -- "$vendor"; git ls-files --others --exclude-standard -- "$vendor")
	if [ -n "$changed" ]; then
		echo "browser: $vendor differs from package-lock.json's build; run npm ci && npm run build and commit:"
		echo "$changed"
		return 1
	fi
	echo "browser: committed $vendor matches package-lock.json"
}

browser_setup
