#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server on 127.0.0.1:${PGPORT:-55432} as the
# postgres user and prints the connection URL. Data lives under /tmp/shopmind-pg.
set -euo pipefail
port="${PGPORT:-55432}"
root="${PGROOT:-/tmp/shopmind-pg}"
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bindir" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2
  exit 1
fi
if [ -f "$root/data/postmaster.pid" ] && su postgres -s /bin/sh -c "$bindir/pg_ctl -D $root/data status" >/dev/null 2>&1; then
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  exit 0
fi
rm -rf "$root"
mkdir -p "$root"
chown postgres "$root"
su postgres -s /bin/sh -c "$bindir/initdb -D $root/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
su postgres -s /bin/sh -c "$bindir/pg_ctl -D $root/data -o '-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' -l $root/log -w start" >/dev/null
echo "postgres://postgres@127.0.0.1:$port/postgres"
