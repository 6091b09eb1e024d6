#!/usr/bin/env bash
# Static check of infra/**/*.bicep without a Bicep compiler (none is reachable offline). Source it; it defines:
#   cairn_bicep_check   install tests/bicep's pinned npm packages (once per lockfile), then run tests/bicep/check.js:
#                       every .bicep file parses (tree-sitter-bicep), module paths exist, parameter files match.
# Needs node and npm (Node 20 is on the build machines).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cairn_bicep_check() {
  local dir="$CAIRN_ROOT/tests/bicep"
  local CAIRN_LOG="$CAIRN_HOME/logs/bicep-check.log"
  command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed for the Bicep check"

  # npm ci wipes node_modules, so it runs only when the lockfile changed since the last install.
  local lock_sum stamp="$dir/node_modules/.cairn-lock.sha256"
  lock_sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]]; then
    step "installing the Bicep parser (tree-sitter-bicep, pinned in tests/bicep/package-lock.json)"
    # The parsers ship prebuilt binaries that load at run time: no install scripts, no compiler.
    run_logged npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund
    printf '%s\n' "$lock_sum" >"$stamp"
  fi

  step "checking infra/**/*.bicep"
  node "$dir/check.js" "$CAIRN_ROOT/infra"
}
