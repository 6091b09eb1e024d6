#!/usr/bin/env bash
# Debian's chromium for the dashboard's browser tests (Playwright for .NET drives it; its own browser download never
# runs). Source it; it defines:
#   cairn_chromium_install   apt-get install chromium if missing, and export CAIRN_CHROMIUM (its path)

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cairn_chromium_install() {
  # shellcheck disable=SC2034 # run_logged reads it (bash locals are dynamically scoped)
  local CAIRN_LOG="$CAIRN_HOME/logs/chromium-setup.log"
  apt_install chromium
  export CAIRN_CHROMIUM=/usr/bin/chromium
  step "chromium: $("$CAIRN_CHROMIUM" --version 2>/dev/null || echo 'installed')"
}
