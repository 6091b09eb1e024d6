#!/usr/bin/env bash
# Shared helpers for Cairn's scripts. Source it (scripts/run, scripts/test); do not execute it.
# It turns on strict mode for the caller: don't source it into an interactive shell.
set -euo pipefail

# Sourcing twice (postgres.sh + a script) must not reset state such as CAIRN_APT_UPDATED.
[[ -n "${CAIRN_COMMON_SH_LOADED:-}" ]] && return 0
CAIRN_COMMON_SH_LOADED=1

# The repo root is the directory that contains scripts/ (this file is scripts/lib/common.sh).
CAIRN_ROOT="${CAIRN_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)}"
# Everything generated locally (logs, database, builds) lives here; .cairn/ is git-ignored.
CAIRN_HOME="${CAIRN_HOME:-$CAIRN_ROOT/.cairn}"
export CAIRN_ROOT CAIRN_HOME

# Noisy command output goes here; functions may override it with `local CAIRN_LOG=...`.
CAIRN_LOG="${CAIRN_LOG:-$CAIRN_HOME/logs/setup.log}"

# Progress lines go to stderr so functions that print a value stay usable in $(...).
step() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs command "$@" as root: directly when we are root, through sudo otherwise.
# Lock fds are closed first (sudo does that itself): a daemon started here (pg_ctl, a package's
# postinst) would otherwise inherit the flock and hold it forever.
need_root_or_sudo() {
  if [[ $EUID -eq 0 ]]; then
    (
      close_lock_fds
      "$@"
    )
  elif command -v sudo >/dev/null 2>&1; then
    sudo -- "$@"
  else
    die "root or sudo is needed to run: $*"
  fi
}

# Runs "$@" with its output appended to $CAIRN_LOG; on failure shows the log tail and dies.
run_logged() {
  mkdir -p "$(dirname "$CAIRN_LOG")"
  printf '\n[%s] $ %s\n' "$(date '+%F %T')" "$*" >>"$CAIRN_LOG"
  "$@" >>"$CAIRN_LOG" 2>&1 || {
    local rc=$?
    printf -- '--- last lines of %s ---\n' "$CAIRN_LOG" >&2
    tail -n 40 "$CAIRN_LOG" >&2
    die "command failed (exit $rc): $* (full log: $CAIRN_LOG)"
  }
}

# True when the Debian package is fully installed (not just "rc" leftovers).
pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

# apt-get update runs at most once per process, and only when something is missing.
CAIRN_APT_UPDATED="${CAIRN_APT_UPDATED:-}"

# Installs only the packages that are missing; quiet, logged, non-interactive.
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do pkg_installed "$pkg" || missing+=("$pkg"); done
  ((${#missing[@]})) || return 0
  # Another worktree may be installing at the same time: wait for dpkg's lock instead of failing.
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=300)
  if [[ -z "$CAIRN_APT_UPDATED" ]]; then
    step "apt-get update"
    run_logged need_root_or_sudo "${apt[@]}" update
    CAIRN_APT_UPDATED=1
  fi
  step "apt-get install ${missing[*]}"
  run_logged need_root_or_sudo "${apt[@]}" install --no-install-recommends "${missing[@]}"
}

# Fds of locks held by with_lock, so child commands can drop them (see need_root_or_sudo).
CAIRN_LOCK_FDS=()

close_lock_fds() {
  local fd
  for fd in "${CAIRN_LOCK_FDS[@]}"; do exec {fd}>&-; done
}

# Runs "$@" while holding an exclusive flock on file $1 (serialises concurrent scripts).
# No subshell, so state such as CAIRN_APT_UPDATED survives; the lock dies with the process on error.
with_lock() {
  local lock=$1 fd rc
  shift
  mkdir -p "$(dirname "$lock")"
  exec {fd}>"$lock"
  flock -w 600 "$fd" || die "timed out waiting for lock $lock"
  CAIRN_LOCK_FDS+=("$fd")
  "$@"
  rc=$?
  unset 'CAIRN_LOCK_FDS[-1]' # locks nest, so ours is the last one
  exec {fd}>&-
  return "$rc"
}

# npm ci for a pinned package folder $1, only when its package-lock.json changed since the last install
# (npm ci wipes node_modules, so running it every time would cost a full reinstall). $2 names it for the log line.
# No install scripts run: every package we pin is plain JavaScript or ships prebuilt binaries.
npm_ci_once() {
  local dir=$1 what=$2 lock_sum stamp="$1/node_modules/.cairn-lock.sha256"
  { command -v node && command -v npm; } >/dev/null || die "node and npm are needed for $what"
  lock_sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]]; then
    step "installing $what (pinned in ${dir#"$CAIRN_ROOT"/}/package-lock.json)"
    run_logged npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund
    printf '%s\n' "$lock_sum" >"$stamp"
  fi
}
