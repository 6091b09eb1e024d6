#!/usr/bin/env bash
# The real Azure Web PubSub client the pulse tests drive the local hub with. Source it; it defines:
#   cairn_pubsub_client_install   npm ci tests/pubsub-client's pinned packages (once per lockfile; @azure/web-pubsub-client)
# Needs node and npm (Node 20 is on the build machines).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cairn_pubsub_client_install() {
  # shellcheck disable=SC2034 # run_logged reads it (bash locals are dynamically scoped)
  local CAIRN_LOG="$CAIRN_HOME/logs/pubsub-client.log"
  npm_ci_once "$CAIRN_ROOT/tests/pubsub-client" "the Azure Web PubSub client"
}
