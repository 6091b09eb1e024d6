#!/usr/bin/env bash
# Local secrets for scripts/run: created once in git-ignored files only this user can read, then exported as the app's
# settings, so a fresh run serves every feature (clipboard, collective best practices, admin jobs) with no setup.
# Settings already in the environment win: nothing here overwrites a key someone chose.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Prints base64 of N random bytes.
cairn_random_base64() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }

# Creates file $1 (mode 600) with contents from the command "${@:2}" when it is missing or empty.
cairn_key_file() {
  local file="$1"; shift
  if [[ ! -s "$file" ]]; then
    step "creating a local key in $file (mode 600)"
    mkdir -p "$(dirname "$file")"
    (umask 077 && "$@" >"$file")
  fi
}

cairn_local_keys() {
  # Clipboard values are encrypted at rest with a key that must never sit in the database. Deleting the file
  # (but not .cairn/pg) leaves stored clipboard entries unreadable.
  if [[ -z "${Cairn__Clipboard__EncryptionKeys:-}${Cairn__Clipboard__KeyFile:-}" ]]; then
    cairn_key_file "$CAIRN_HOME/clipboard.keys" printf '# Clipboard key ring: kid=base64(32 bytes); the last key seals new values. Append a line to rotate.\nlocal1=%s\n' \
      "$(cairn_random_base64 32)"
    export Cairn__Clipboard__KeyFile="$CAIRN_HOME/clipboard.keys"
  fi
  # The collective pool's HMAC key: without it every best-practice call answers 503 cbp_not_configured.
  # Replacing it orphans the pool's existing patterns (their hashes no longer match new submissions).
  if [[ -z "${Cairn__Memory__CbpKey:-}" ]]; then
    cairn_key_file "$CAIRN_HOME/cbp.key" cairn_random_base64 32
    Cairn__Memory__CbpKey="$(<"$CAIRN_HOME/cbp.key")"
    export Cairn__Memory__CbpKey
  fi
  # The admin key turns on /api/v1/admin/* (run a job now, see its runs); send it as X-Admin-Key.
  if [[ -z "${Cairn__Admin__ApiKey:-}" ]]; then
    cairn_key_file "$CAIRN_HOME/admin.key" cairn_random_base64 32
    Cairn__Admin__ApiKey="$(<"$CAIRN_HOME/admin.key")"
    export Cairn__Admin__ApiKey
  fi
}
