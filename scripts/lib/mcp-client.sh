#!/usr/bin/env bash
# The official TypeScript MCP SDK client the MCP tests drive /mcp with. Source it; it defines:
#   cairn_mcp_client_install   npm ci tests/mcp-client's pinned packages (once per lockfile; @modelcontextprotocol/sdk)
# Needs node and npm (Node 20 is on the build machines).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cairn_mcp_client_install() {
  # shellcheck disable=SC2034 # run_logged reads it (bash locals are dynamically scoped)
  local CAIRN_LOG="$CAIRN_HOME/logs/mcp-client.log"
  npm_ci_once "$CAIRN_ROOT/tests/mcp-client" "the TypeScript MCP SDK client"
}
