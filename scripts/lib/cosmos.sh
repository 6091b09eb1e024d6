#!/usr/bin/env bash
# Cairn's Cosmos DB test server: npm @vercel/cosmosdb-server (pinned by tests/cosmos-server/package-lock.json)
# run by our launcher tests/cosmos-server/launch.js, which adds what the .NET SDK needs (query plans, 404s).
# Source it; it defines:
#   cairn_cosmos_install    npm ci the pinned server into $CAIRN_HOME/cosmos (no-op when already current)
#   cairn_cosmos_start      start the server on 127.0.0.1:$CAIRN_COSMOS_PORT, or reuse one already serving there
#   cairn_cosmos_stop       stop the server this checkout started (no-op when none runs)
#   cairn_cosmos_endpoint   print the endpoint for Cairn:Cosmos:Endpoint / CAIRN_TEST_COSMOS_ENDPOINT
# Env: CAIRN_HOME (default <repo>/.cairn), CAIRN_COSMOS_PORT (default 58081).
# The server keeps everything in memory, trusts any key and uses a self-signed certificate: tests only.

CAIRN_ROOT="${CAIRN_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)}"
CAIRN_HOME="${CAIRN_HOME:-$CAIRN_ROOT/.cairn}"
export CAIRN_ROOT CAIRN_HOME

_cosmos_port() { echo "${CAIRN_COSMOS_PORT:-58081}"; }
_cosmos_dir() { echo "$CAIRN_HOME/cosmos"; }
_cosmos_pidfile() { echo "$(_cosmos_dir)/server.pid"; }
_cosmos_log() { echo "$CAIRN_HOME/logs/cosmos.log"; }
_cosmos_say() { printf '==> %s\n' "$*" >&2; }
_cosmos_fail() {
  printf 'error: %s\n' "$*" >&2
  return 1
}

cairn_cosmos_endpoint() { echo "https://127.0.0.1:$(_cosmos_port)/"; }

cairn_cosmos_install() {
  local src="$CAIRN_ROOT/tests/cosmos-server" dir
  dir=$(_cosmos_dir)
  command -v npm >/dev/null 2>&1 || { _cosmos_fail "npm is needed for the Cosmos DB test server (Node 20+)"; return 1; }
  if cmp -s "$src/package-lock.json" "$dir/package-lock.json" && [[ -f "$dir/node_modules/@vercel/cosmosdb-server/package.json" ]]; then
    _cosmos_say "Cosmos DB test server already installed in $dir"
    return 0
  fi
  _cosmos_say "installing the Cosmos DB test server (npm ci) into $dir"
  mkdir -p "$dir" "$(dirname "$(_cosmos_log)")"
  cp "$src/package.json" "$src/package-lock.json" "$dir/"
  # --ignore-scripts: nothing in the tree needs an install script, and none should run.
  if ! (cd "$dir" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund) >>"$(_cosmos_log)" 2>&1; then
    rm -f "$dir/package-lock.json" # so the next run retries instead of trusting a half install
    tail -n 20 "$(_cosmos_log)" >&2
    _cosmos_fail "npm ci failed (see $(_cosmos_log))"
    return 1
  fi
}

# True when our launcher (this checkout's or another's) answers on the port: it plans queries, the stock server doesn't.
_cosmos_answers() {
  curl -sk --max-time 2 -X POST -H 'x-ms-cosmos-is-query-plan-request: True' -H 'content-type: application/query+json' \
    --data '{"query":"SELECT * FROM c"}' "$(cairn_cosmos_endpoint)dbs/probe/colls/probe/docs" 2>/dev/null |
    grep -q '"partitionedQueryExecutionInfoVersion"'
}

# PID of the launcher this checkout started, when it is still alive.
_cosmos_our_pid() {
  local pid
  pid=$(cat "$(_cosmos_pidfile)" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'launch.js' && echo "$pid"
}

cairn_cosmos_start() {
  local dir pid i
  dir=$(_cosmos_dir)
  if _cosmos_answers; then
    _cosmos_say "Cosmos DB test server already answering at $(cairn_cosmos_endpoint); reusing it"
    return 0
  fi
  [[ -f "$dir/node_modules/@vercel/cosmosdb-server/package.json" ]] || { _cosmos_fail "run cairn_cosmos_install first"; return 1; }
  if pid=$(_cosmos_our_pid); then
    _cosmos_fail "launcher (pid $pid) runs but does not answer at $(cairn_cosmos_endpoint); run cairn_cosmos_stop"
    return 1
  fi
  # The launcher runs from beside node_modules so require() finds the pinned server.
  cp "$CAIRN_ROOT/tests/cosmos-server/launch.js" "$CAIRN_ROOT/tests/cosmos-server/search.js" "$dir/"
  mkdir -p "$(dirname "$(_cosmos_log)")"
  _cosmos_say "starting the Cosmos DB test server at $(cairn_cosmos_endpoint) (log: $(_cosmos_log))"
  rm -f "$(_cosmos_pidfile)"
  # setsid: the server outlives this shell's job control; the launcher writes its own pid file once listening.
  (cd "$dir" && setsid -f node launch.js --port "$(_cosmos_port)" --host 127.0.0.1 --pid-file "$(_cosmos_pidfile)" \
    </dev/null >>"$(_cosmos_log)" 2>&1)
  for ((i = 0; i < 100; i++)); do
    _cosmos_answers && return 0
    sleep 0.2
  done
  tail -n 20 "$(_cosmos_log)" >&2
  cairn_cosmos_stop
  _cosmos_fail "the Cosmos DB test server did not come up on port $(_cosmos_port) (see $(_cosmos_log))"
  return 1
}

cairn_cosmos_stop() {
  local pid i
  if ! pid=$(_cosmos_our_pid); then
    rm -f "$(_cosmos_pidfile)"
    return 0
  fi
  _cosmos_say "stopping the Cosmos DB test server (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  rm -f "$(_cosmos_pidfile)"
  return 0
}
