#!/usr/bin/env bash
# Static check of infra/**/*.bicep without a Bicep compiler (none is reachable offline). Source it; it defines:
#   cairn_bicep_check   install tests/bicep's pinned npm packages (once per lockfile), then run tests/bicep/check.js:
#                       every .bicep file parses (tree-sitter-bicep), module paths exist, parameter files match.
# Needs node and npm (Node 20 is on the build machines).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cairn_bicep_check() {
  # shellcheck disable=SC2034 # run_logged reads it (bash locals are dynamically scoped)
  local CAIRN_LOG="$CAIRN_HOME/logs/bicep-check.log"
  # The parsers ship prebuilt binaries that load at run time: no install scripts, no compiler.
  npm_ci_once "$CAIRN_ROOT/tests/bicep" "the Bicep parser (tree-sitter-bicep)"
  step "checking infra/**/*.bicep"
  node "$CAIRN_ROOT/tests/bicep/check.js" "$CAIRN_ROOT/infra"
}
