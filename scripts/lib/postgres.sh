#!/usr/bin/env bash
# Cairn's embedded local PostgreSQL 15 + pgvector (Debian 12). Source it; it defines:
#   cairn_pg_install            install postgresql-15 and build/install pgvector 0.8.x if missing
#   cairn_pg_start              init (once) and start the private cluster, or reuse one already serving
#   cairn_pg_stop               stop this checkout's cluster (no-op when it isn't running)
#   cairn_pg_connection_string  print the Npgsql connection string
# Env: CAIRN_HOME (default <repo>/.cairn), CAIRN_PG_PORT (default 55432),
#      CAIRN_DEBIAN_MIRROR (default: first Debian mirror in the apt sources).
# Security: pg_hba trusts every TCP connection from 127.0.0.1/::1 (loopback-only development default);
# the server listens on 127.0.0.1 only. Never expose this cluster.

# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CAIRN_PG_BIN=/usr/lib/postgresql/15/bin
CAIRN_PG_EXTDIR=/usr/share/postgresql/15/extension
CAIRN_PG_LIBDIR=/usr/lib/postgresql/15/lib
# Debian 12 has no pgvector binary: build trixie's source package. The .dsc's sha256 comes from
# trixie's signed Sources index; the .dsc in turn carries the sha256 of both tarballs.
CAIRN_PGVECTOR_DEB_VERSION=0.8.0-1
CAIRN_PGVECTOR_DSC_SHA256=a71780bf7ab9901094a3d9869c489b6e2bcb858a8c14a5fa52d159933e016308
CAIRN_PGVECTOR_SUITE=trixie # fallback via `apt-get source` if the pinned files leave the pool

# ---------------------------------------------------------------- install

cairn_pg_install() {
  local CAIRN_LOG="$CAIRN_HOME/logs/postgres-setup.log"
  # System-wide work: one worktree at a time.
  with_lock "${TMPDIR:-/tmp}/cairn-pg-install.lock" _cairn_pg_install_locked
}

_cairn_pg_install_locked() {
  apt_install postgresql-15
  if _pgvector_installed; then
    step "PostgreSQL 15 + pgvector $(_pgvector_version) already installed"
    return 0
  fi
  apt_install postgresql-server-dev-15 build-essential
  _pgvector_build
}

# Version declared by the installed extension control file (empty if absent).
_pgvector_version() {
  sed -n "s/^default_version *= *'\(.*\)'.*/\1/p" "$CAIRN_PG_EXTDIR/vector.control" 2>/dev/null || true
}

# Installed = control file says 0.8.x and its SQL script and shared library are there.
_pgvector_installed() {
  local v
  v=$(_pgvector_version)
  [[ "$v" == 0.8.* && -f "$CAIRN_PG_EXTDIR/vector--$v.sql" && -f "$CAIRN_PG_LIBDIR/vector.so" ]]
}

# Mirror the system already trusts (the one apt uses), so no extra host is contacted.
_debian_mirror() {
  if [[ -n "${CAIRN_DEBIAN_MIRROR:-}" ]]; then
    echo "${CAIRN_DEBIAN_MIRROR%/}"
    return
  fi
  local m
  m=$(grep -hoE 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | tr -d ' ' || true)
  m=${m%/}
  echo "${m:-http://deb.debian.org/debian}"
}

_pgvector_build() {
  local work="$CAIRN_HOME/build/pgvector" src
  rm -rf "$work"
  mkdir -p "$work"
  if ! _pgvector_fetch_pinned "$work"; then
    warn "pinned pgvector $CAIRN_PGVECTOR_DEB_VERSION not in the pool; trying apt-get source from $CAIRN_PGVECTOR_SUITE"
    rm -rf "$work" && mkdir -p "$work"
    _pgvector_fetch_apt_source "$work"
  fi
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
  [[ -n "$src" && "${src##*/pgvector-}" == 0.8.* ]] || die "no pgvector 0.8.x source in $work (see $CAIRN_LOG)"
  step "building pgvector ${src##*/pgvector-} against PostgreSQL 15"
  run_logged make -C "$src" PG_CONFIG="$CAIRN_PG_BIN/pg_config" -j"$(nproc)"
  step "installing pgvector into $CAIRN_PG_LIBDIR"
  run_logged need_root_or_sudo make -C "$src" PG_CONFIG="$CAIRN_PG_BIN/pg_config" install
  _pgvector_installed || die "pgvector install did not produce vector.control 0.8.x (see $CAIRN_LOG)"
  rm -rf "$work"
  rmdir "$CAIRN_HOME/build" 2>/dev/null || true
}

# Downloads URL $1 to $2 and checks sha256 $3 (apt-helper: no curl/wget needed, honours apt proxies).
_fetch_sha256() {
  printf '\n[%s] fetch %s\n' "$(date '+%F %T')" "$1" >>"$CAIRN_LOG"
  /usr/lib/apt/apt-helper download-file "$1" "$2" "SHA256:$3" >>"$CAIRN_LOG" 2>&1
}

# Pinned path: .dsc by pinned sha256, tarballs by the sha256 listed in the .dsc.
_pgvector_fetch_pinned() {
  local work=$1 base dsc sum name
  base="$(_debian_mirror)/pool/main/p/pgvector"
  dsc="pgvector_${CAIRN_PGVECTOR_DEB_VERSION}.dsc"
  step "fetching Debian source package pgvector $CAIRN_PGVECTOR_DEB_VERSION from $base"
  _fetch_sha256 "$base/$dsc" "$work/$dsc" "$CAIRN_PGVECTOR_DSC_SHA256" || return 1
  while read -r sum _ name; do
    [[ "$name" =~ ^[A-Za-z0-9._+~-]+$ ]] || die "unexpected file name in $dsc: $name"
    _fetch_sha256 "$base/$name" "$work/$name" "$sum" || return 1
  done < <(awk '/^Checksums-Sha256:/{f=1;next} f&&/^ /{print $1,$2,$3;next} f{exit}' "$work/$dsc")
  # dpkg-source re-verifies the tarballs against the .dsc and applies Debian's patch (no -march=native).
  (cd "$work" && run_logged dpkg-source -x "$dsc")
}

# Fallback: a private, signature-checked deb-src index for $CAIRN_PGVECTOR_SUITE (system apt untouched).
_pgvector_fetch_apt_source() {
  local work=$1 dir="$1/apt"
  mkdir -p "$dir/lists/partial"
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(_debian_mirror) $CAIRN_PGVECTOR_SUITE main" \
    >"$dir/sources.list"
  local apt=(apt-get -q -o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::State::Lists="$dir/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
  step "fetching pgvector source via apt-get source ($CAIRN_PGVECTOR_SUITE)"
  run_logged "${apt[@]}" update
  (cd "$work" && run_logged "${apt[@]}" source pgvector)
}

# ---------------------------------------------------------------- cluster

_pg_port() { echo "${CAIRN_PG_PORT:-55432}"; }
_pg_dir() { echo "$CAIRN_HOME/pg"; }

# PostgreSQL refuses to run as root; cd / so tools don't complain about an unreadable cwd.
_as_postgres() { (cd / && need_root_or_sudo runuser -u postgres -- "$@"); }

_pg_port_answers() { "$CAIRN_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$(_pg_port)" -t 3; }

# Usable = role cairn logs into database cairn over TCP and the server offers the vector extension.
_pg_cairn_ready() {
  local n
  n=$(PGCONNECT_TIMEOUT=3 "$CAIRN_PG_BIN/psql" -X -w -qtA -h 127.0.0.1 -p "$(_pg_port)" -U cairn -d cairn \
    -c "select count(*) from pg_available_extensions where name = 'vector'" 2>/dev/null) || return 1
  [[ "$n" == 1 ]]
}

# True when this CAIRN_HOME's cluster has a live postmaster (a stale pid file doesn't count).
_pg_ours_running() {
  local data
  data="$(_pg_dir)/data"
  [[ -f "$data/postmaster.pid" ]] && _as_postgres "$CAIRN_PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

cairn_pg_start() {
  local CAIRN_LOG="$CAIRN_HOME/logs/postgres-setup.log"
  if _pg_cairn_ready; then
    step "PostgreSQL already serving cairn on 127.0.0.1:$(_pg_port); reusing it"
    return 0
  fi
  [[ -x "$CAIRN_PG_BIN/pg_ctl" ]] || die "PostgreSQL 15 is not installed; run cairn_pg_install first"
  with_lock "$CAIRN_HOME/locks/pg.lock" _cairn_pg_start_locked
}

_cairn_pg_start_locked() {
  local port
  port=$(_pg_port)
  if _pg_cairn_ready; then # another script won the lock race and started it
    step "PostgreSQL already serving cairn on 127.0.0.1:$port; reusing it"
    return 0
  fi
  if _pg_ours_running; then
    _pg_port_answers || die "cluster in $(_pg_dir)/data runs but not on port $port; run cairn_pg_stop and retry"
  else
    _pg_port_answers && die "127.0.0.1:$port answers but role cairn cannot use it; set CAIRN_PG_PORT to a free port"
    _pg_prepare_dirs
    _pg_init_if_missing
    _pg_write_config
    _pg_ctl_start || return 0 # returns 1 only when another worktree's cluster took the port and is usable
  fi
  _pg_bootstrap
  _pg_cairn_ready || die "PostgreSQL started but role cairn cannot connect (see $CAIRN_LOG)"
  step "PostgreSQL ready: $(cairn_pg_connection_string)"
}

# $CAIRN_HOME/pg belongs to postgres, and postgres must be able to walk down to it.
_pg_prepare_dirs() {
  local pg
  pg=$(_pg_dir)
  mkdir -p "$CAIRN_HOME"
  _pg_grant_traverse "$CAIRN_HOME"
  need_root_or_sudo install -d -o postgres -g postgres -m 0700 "$pg" "$pg/run"
}

# Adds search (x) permission for postgres on each ancestor it can't cross (e.g. /root is 0700).
_pg_grant_traverse() {
  _as_postgres test -x "$1" && return 0
  local d="" part
  local -a parts
  IFS=/ read -ra parts <<<"${1#/}"
  for part in "${parts[@]}"; do
    d="$d/$part"
    _as_postgres test -x "$d" && continue
    if command -v setfacl >/dev/null 2>&1; then
      step "granting the postgres user traverse (ACL u:postgres:x) on $d"
      need_root_or_sudo setfacl -m u:postgres:x "$d"
    else
      step "granting traverse (chmod o+x) on $d so the postgres user can reach $1"
      need_root_or_sudo chmod o+x "$d"
    fi
  done
}

# initdb into a scratch dir and rename, so an interrupted run never leaves a half-made cluster.
_pg_init_if_missing() {
  local pg data
  pg=$(_pg_dir)
  data="$pg/data"
  [[ -f "$data/PG_VERSION" ]] && return 0
  if [[ -d "$data" ]] && [[ -n "$(need_root_or_sudo ls -A "$data")" ]]; then
    die "$data exists but is not a PostgreSQL cluster; refusing to touch it"
  fi
  step "initialising PostgreSQL cluster in $data"
  need_root_or_sudo rm -rf "$pg/data.new" "$data"
  run_logged _as_postgres "$CAIRN_PG_BIN/initdb" -D "$pg/data.new" --no-sync -E UTF8 --locale=C.UTF-8 \
    -U postgres --auth-local=peer --auth-host=trust
  need_root_or_sudo mv "$pg/data.new" "$data"
}

# Installs file $2 (content on stdin) owned by postgres, only when it differs (second runs change nothing).
_pg_put_file() {
  local tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if ! need_root_or_sudo cmp -s "$tmp" "$1/$2"; then
    need_root_or_sudo install -o postgres -g postgres -m 0600 "$tmp" "$1/$2"
  fi
  rm -f "$tmp"
}

_pg_write_config() {
  local data run
  data="$(_pg_dir)/data"
  run="$(_pg_dir)/run"
  _pg_put_file "$data" cairn.conf <<EOF
# Managed by scripts/lib/postgres.sh; rewritten on start. Local overrides: postgresql.auto.conf.
listen_addresses = '127.0.0.1'
port = $(_pg_port)
unix_socket_directories = '$run'
max_connections = 200
shared_buffers = 256MB
work_mem = 16MB
maintenance_work_mem = 256MB
log_timezone = 'UTC'
timezone = 'UTC'
EOF
  _pg_put_file "$data" pg_hba.conf <<'EOF'
# Managed by scripts/lib/postgres.sh. Loopback-only development default: any local TCP client is trusted.
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  peer
host    all       all   127.0.0.1/32   trust
host    all       all   ::1/128        trust
EOF
  if ! need_root_or_sudo grep -qx "include_if_exists = 'cairn.conf'" "$data/postgresql.conf"; then
    echo "include_if_exists = 'cairn.conf'" | _as_postgres tee -a "$data/postgresql.conf" >/dev/null
  fi
}

# Returns 1 (not fatal) only when start lost a race to another cluster that is now usable on the port.
_pg_ctl_start() {
  local data pglog
  data="$(_pg_dir)/data"
  pglog="$(_pg_dir)/postgres.log"
  step "starting PostgreSQL on 127.0.0.1:$(_pg_port) (log: $pglog)"
  printf '\n[%s] $ pg_ctl start -D %s\n' "$(date '+%F %T')" "$data" >>"$CAIRN_LOG"
  if _as_postgres "$CAIRN_PG_BIN/pg_ctl" -D "$data" -l "$pglog" -w -t 60 start >>"$CAIRN_LOG" 2>&1; then
    return 0
  fi
  # Lost a race for the port? The winner may still be creating role cairn: give it a few seconds.
  local _try
  for _try in {1..20}; do
    if _pg_cairn_ready; then
      step "another checkout's cluster took 127.0.0.1:$(_pg_port) meanwhile; reusing it"
      return 1
    fi
    _pg_port_answers || break
    sleep 0.5
  done
  printf -- '--- last lines of %s ---\n' "$pglog" >&2
  need_root_or_sudo tail -n 30 "$pglog" >&2 || true
  die "pg_ctl start failed (see $pglog and $CAIRN_LOG)"
}

# Runs SQL from stdin as superuser postgres over the private unix socket.
_pg_admin_sql() {
  run_logged _as_postgres "$CAIRN_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(_pg_dir)/run" -p "$(_pg_port)" \
    -U postgres -d "$1"
}

# Idempotent. pgvector is not a trusted extension, so the superuser creates it in template1:
# every database made later with CREATE DATABASE (tests' throwaway ones too) already has it.
_pg_bootstrap() {
  step "ensuring role cairn, database cairn and extension vector"
  _pg_admin_sql template1 <<'SQL'
CREATE EXTENSION IF NOT EXISTS vector;
ALTER EXTENSION vector UPDATE;
SELECT 'CREATE ROLE cairn LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cairn')\gexec
SELECT 'CREATE DATABASE cairn OWNER cairn' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'cairn')\gexec
SQL
  _pg_admin_sql cairn <<'SQL'
CREATE EXTENSION IF NOT EXISTS vector;
ALTER EXTENSION vector UPDATE;
SQL
}

cairn_pg_stop() {
  local CAIRN_LOG="$CAIRN_HOME/logs/postgres-setup.log" data
  data="$(_pg_dir)/data"
  if ! _pg_ours_running; then
    step "PostgreSQL in $data is not running"
    return 0
  fi
  step "stopping PostgreSQL ($data)"
  printf '\n[%s] $ pg_ctl stop -D %s\n' "$(date '+%F %T')" "$data" >>"$CAIRN_LOG"
  _as_postgres "$CAIRN_PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >>"$CAIRN_LOG" 2>&1 && return 0
  # pg_ctl also fails when the postmaster vanished mid-wait (e.g. after a crash): that is stopped too.
  _pg_ours_running || return 0
  tail -n 20 "$CAIRN_LOG" >&2
  die "pg_ctl stop failed (see $CAIRN_LOG)"
}

cairn_pg_connection_string() {
  echo "Host=127.0.0.1;Port=$(_pg_port);Username=cairn;Database=cairn"
}
