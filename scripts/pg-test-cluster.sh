#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, so they run against a real server and never a shared one.
#
#   scripts/pg-test-cluster.sh start   creates and starts a cluster in a fresh temporary directory
#   scripts/pg-test-cluster.sh env     prints: export CLEANUPTOOLS_TEST_PG="Host=127.0.0.1;Port=...;..."
#   scripts/pg-test-cluster.sh stop    stops it and removes its directory
#
# Developer use:  scripts/pg-test-cluster.sh start && eval "$(scripts/pg-test-cluster.sh env)"
#
# The cluster listens on 127.0.0.1 only, on a free port, with scram-sha-256 password authentication for TCP
# connections; its superuser is reachable only through a Unix socket inside the cluster's own directory.
# Where the connection details are kept: $CLEANUPTOOLS_PG_STATE, by default one file per user in /tmp, so two
# runs on one machine (CI and a developer) can each keep their own cluster by pointing it elsewhere.
set -euo pipefail

state=${CLEANUPTOOLS_PG_STATE:-${TMPDIR:-/tmp}/cleanuptools-pg-test-cluster.$(id -u).env}
database=cleanuptools_test
role=cleanuptools_test

die() { echo "pg-test-cluster: $*" >&2; exit 1; }

# initdb refuses to run as root: as root, the cluster belongs to the OS user 'postgres'.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# initdb and pg_ctl on PATH, else Debian's versioned directory (postgresql-15 does not put them on PATH).
find_bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] || die "no initdb found (install PostgreSQL 15: apt-get install postgresql)"
  echo "$dir"
}

running() {
  [ -f "$state" ] || return 1
  # shellcheck disable=SC1090
  . "$state"
  [ -d "$PG_DIR/data" ] && as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" status >/dev/null 2>&1
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  if running; then
    echo "pg-test-cluster: already running on 127.0.0.1:$PG_PORT ($PG_DIR)"
    return
  fi
  rm -f "$state"
  local bindir dir password port tries
  bindir=$(find_bindir)
  if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || die "running as root needs the OS user 'postgres' to own the cluster"; fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/cleanuptools-pg.XXXXXX")
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  password=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 32)

  as_owner "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }
  # Only the superuser, only through the socket in this directory; everyone else by password over TCP.
  as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<EOF
local all postgres trust
host  all all 127.0.0.1/32 scram-sha-256
EOF
  # Durability is pointless for a cluster that is deleted after the run, and costs the tests time.
  as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF

  # A free port: probe, then start; if another process takes the port in between, try another one.
  for tries in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 60 start >/dev/null; then
      break
    fi
    port=
  done
  [ -n "${port:-}" ] || { tail -n 20 "$dir/server.log" >&2 || true; rm -rf "$dir"; die "the server did not start"; }

  local psql="$bindir/psql"
  [ -x "$psql" ] || psql=$(command -v psql) || die "psql not found"
  as_owner "$psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'" \
    -c "CREATE DATABASE $database OWNER $role" >/dev/null \
    || { as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; die "could not create the test role and database"; }

  # The state file holds the password: readable by this user only.
  (umask 077; {
    printf 'PG_DIR=%q\nPG_BINDIR=%q\nPG_PORT=%q\nPG_DATABASE=%q\nPG_USER=%q\nPG_PASSWORD=%q\n' "$dir" "$bindir" "$port" "$database" "$role" "$password"
    printf 'PG_CONNECTION_STRING=%q\n' "Host=127.0.0.1;Port=$port;Database=$database;Username=$role;Password=$password"
  } >"$state")
  echo "pg-test-cluster: started on 127.0.0.1:$port ($dir); state in $state"
}

print_env() {
  running || die "no test cluster is running (scripts/pg-test-cluster.sh start)"
  # Every part is ours (fixed names, a port number, a hex password), so plain double quotes are safe.
  printf 'export CLEANUPTOOLS_TEST_PG="%s"\n' "$PG_CONNECTION_STRING"
}

stop() {
  if [ ! -f "$state" ]; then
    echo "pg-test-cluster: nothing to stop"
    return
  fi
  # shellcheck disable=SC1090
  . "$state"
  if [ -d "$PG_DIR/data" ]; then
    as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 \
      || as_owner "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  case "$PG_DIR" in
    "${TMPDIR:-/tmp}"/cleanuptools-pg.*) rm -rf "$PG_DIR" ;;
    *) echo "pg-test-cluster: not removing unexpected directory '$PG_DIR'" >&2 ;;
  esac
  rm -f "$state"
  echo "pg-test-cluster: stopped"
}

case "${1:-}" in
  start) start ;;
  env) print_env ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
