#!/usr/bin/env bash
# A throw-away PostgreSQL server for the test suite, from Debian's postgresql package.
#   bash scripts/postgres-test.sh install            apt-get install postgresql when initdb is missing
#   bash scripts/postgres-test.sh start DIR PORT     new cluster in DIR on 127.0.0.1:PORT; prints its URL
#   bash scripts/postgres-test.sh stop DIR           stop the cluster in DIR and delete DIR
# Runs the server as the 'postgres' user when started as root (PostgreSQL refuses to run as root).
set -euo pipefail

bindir() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return; fi
  found=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
  [ -x "$found/initdb" ] && echo "$found" && return
  return 1
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  install)
    if ! bindir >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    bindir >/dev/null || { echo "PostgreSQL could not be installed" >&2; exit 1; }
    ;;
  start)
    dir=$2; port=$3
    bin=$(bindir) || { echo "PostgreSQL is not installed (bash scripts/postgres-test.sh install)" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" = "0" ] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U jobrisk --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql+psycopg://jobrisk@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir=$2
    bin=$(bindir) || exit 0
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 install | start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
