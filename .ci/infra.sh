#!/usr/bin/env bash
# Lints the Terraform in infra/ and infra/github-deploy/ (the deploy roles): `terraform fmt
# -check` and tflint with its built-in terraform ruleset (no plugin download). Installs Terraform and tflint at the pinned
# versions with `go install` into $(go env GOPATH)/bin when they are missing; when they are
# there already it takes seconds. Called by .ci/run; exits non-zero on any failure.
set -euo pipefail

TERRAFORM_VERSION=1.5.7 # the last MPL-licensed release
TFLINT_VERSION=0.64.0

cd "$(dirname "$0")/.."
gobin="$(go env GOPATH)/bin"

log() { printf '==> infra: %s\n' "$*" >&2; }

# find_tool NAME VERSION_FLAG WANT prints the path of a NAME on PATH or in $gobin whose
# version output's first line contains WANT.
find_tool() {
	local bin out
	for bin in "$(command -v "$1" || true)" "$gobin/$1"; do
		if [ -x "$bin" ] && out=$("$bin" "$2" 2>/dev/null) && [[ ${out%%$'\n'*} == *"$3"* ]]; then
			echo "$bin"
			return 0
		fi
	done
	return 1
}

# ensure_tool NAME VERSION_FLAG WANT MODULE@VERSION prints the path of NAME at version
# WANT, installing MODULE@VERSION into $gobin first when there is none.
ensure_tool() {
	local bin
	if bin=$(find_tool "$1" "$2" "$3"); then
		log "$1: $bin ($3)"
	else
		log "$1: installing $4 into $gobin (a few minutes, once per machine)"
		GOBIN="$gobin" go install "$4"
		bin=$(find_tool "$1" "$2" "$3") || { log "$1: $3 not found after install"; return 1; }
	fi
	echo "$bin"
}

# Terraform: no CLI config file (the machine points TF_CLI_CONFIG_FILE at a missing one)
# and no update check over the network.
TF_CLI_CONFIG_FILE="$(mktemp)"
export TF_CLI_CONFIG_FILE CHECKPOINT_DISABLE=1
trap 'rm -f "$TF_CLI_CONFIG_FILE"' EXIT

terraform=$(ensure_tool terraform version "Terraform v$TERRAFORM_VERSION" "github.com/hashicorp/terraform@v$TERRAFORM_VERSION")
tflint=$(ensure_tool tflint --version "TFLint version $TFLINT_VERSION" "github.com/terraform-linters/tflint@v$TFLINT_VERSION")

log "terraform fmt -check -recursive infra"
"$terraform" fmt -check -recursive -diff infra

for dir in infra infra/github-deploy; do
	log "tflint --init (the bundled terraform ruleset needs no download)"
	"$tflint" --chdir="$dir" --init
	log "tflint --chdir=$dir"
	"$tflint" --chdir="$dir"
done

log "ok"
