#!/usr/bin/env bash
# The official TypeScript MCP SDK client the MCP tests drive /mcp with. Source it; it defines:
#   cairn_mcp_client_install   npm ci tests/mcp-client's pinned packages (once per lockfile; @modelcontextprotocol/sdk)
# Needs node and npm (Node 20 is on the build machines).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cairn_mcp_client_install() {
  local dir="$CAIRN_ROOT/tests/mcp-client"
  local CAIRN_LOG="$CAIRN_HOME/logs/mcp-client.log"
  command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed for the MCP client tests"

  # npm ci wipes node_modules, so it runs only when the lockfile changed since the last install.
  local lock_sum stamp="$dir/node_modules/.cairn-lock.sha256"
  lock_sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]]; then
    step "installing the TypeScript MCP SDK client (pinned in tests/mcp-client/package-lock.json)"
    # Pure JavaScript: nothing in the tree needs an install script, and none should run.
    run_logged npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund
    printf '%s\n' "$lock_sum" >"$stamp"
  fi
}
