#!/usr/bin/env bash
# Compiles and lints infra/ with the real Bicep compiler. Source it; it defines:
#   cairn_bicep_path    print the path of the pinned compiler, restoring tools/Bicep (a NuGet PackageDownload) if needed
#   cairn_bicep_check   lint infra/main.bicep (and every module) with infra/bicepconfig.json's rules, failing on any
#                       warning, then build it to $CAIRN_HOME/infra/main.json for the drift tests (CAIRN_TEST_ARM_TEMPLATE)
# Offline: --no-restore keeps the compiler from looking up registry modules (infra/ uses none).

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CAIRN_BICEP_VERSION=0.49.2 # keep in step with tools/Bicep/Bicep.csproj

cairn_bicep_path() {
  local packages bicep
  packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
  bicep="$packages/azure.bicep.commandline.linux-x64/$CAIRN_BICEP_VERSION/tools/bicep"
  if [[ ! -x "$bicep" ]]; then
    # shellcheck disable=SC2034 # run_logged reads it (bash locals are dynamically scoped)
    local CAIRN_LOG="$CAIRN_HOME/logs/bicep.log"
    step "restoring the Bicep compiler $CAIRN_BICEP_VERSION (NuGet Azure.Bicep.CommandLine.linux-x64)"
    run_logged dotnet restore "$CAIRN_ROOT/tools/Bicep/Bicep.csproj" --nologo
    [[ -f "$bicep" ]] || die "the Bicep package restored, but $bicep is missing"
    chmod +x "$bicep" # NuGet does not keep the executable bit
  fi
  echo "$bicep"
}

cairn_bicep_check() {
  local bicep out log
  bicep=$(cairn_bicep_path)
  out="$CAIRN_HOME/infra"
  log="$CAIRN_HOME/logs/bicep.log"
  mkdir -p "$out" "$(dirname "$log")"
  step "linting infra/ with Bicep $CAIRN_BICEP_VERSION (warnings are errors)"
  # lint exits non-zero on errors only; a warning (a type mismatch, an unused parameter) fails here too.
  if ! "$bicep" lint "$CAIRN_ROOT/infra/main.bicep" --no-restore >"$log" 2>&1 || grep -q . "$log"; then
    sed "s#$CAIRN_ROOT/##" "$log" >&2
    die "bicep lint reported problems in infra/"
  fi
  step "building infra/main.bicep"
  if ! "$bicep" build "$CAIRN_ROOT/infra/main.bicep" --no-restore --outfile "$out/main.json" >"$log" 2>&1 || grep -q . "$log"; then
    sed "s#$CAIRN_ROOT/##" "$log" >&2
    die "bicep build failed"
  fi
  export CAIRN_TEST_ARM_TEMPLATE="$out/main.json"
}
