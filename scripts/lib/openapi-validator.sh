#!/usr/bin/env bash
# The OpenAPI 3.1 JSON Schema validator the OpenAPI tests run /openapi/v1.json through. Source it; it defines:
#   cairn_openapi_validator_install   npm ci tests/openapi-validator's pinned packages (once per lockfile)
# Needs node and npm (Node 20 is on the build machines).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cairn_openapi_validator_install() {
  # shellcheck disable=SC2034 # run_logged reads it (bash locals are dynamically scoped)
  local CAIRN_LOG="$CAIRN_HOME/logs/openapi-validator.log"
  npm_ci_once "$CAIRN_ROOT/tests/openapi-validator" "the OpenAPI schema validator"
}
