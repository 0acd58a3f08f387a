#!/usr/bin/env bash
# Make sure a PostgreSQL server answers at 127.0.0.1:5432 with a database `test`, and print
# its URL. On the development and CI machines one already runs (trust auth); otherwise start
# the installed cluster, or install PostgreSQL from the OS packages and start one.
set -euo pipefail
host=127.0.0.1 port=5432 db=test
ready() { pg_isready -q -h "$host" -p "$port" 2>/dev/null; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_isready >/dev/null 2>&1; then
  echo "PostgreSQL not installed: installing it from the OS packages" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi
if ! ready; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$version" ]; then
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  fi
fi
for _ in $(seq 1 30); do ready && break; sleep 1; done
ready || { echo "no PostgreSQL server answers at $host:$port" >&2; exit 1; }
if ! psql -h "$host" -p "$port" -U postgres -lqt 2>/dev/null | cut -d'|' -f1 | grep -qw "$db"; then
  as_root su postgres -c "createdb $db" >&2 || psql -h "$host" -U postgres -c "CREATE DATABASE $db" >&2
fi
echo "postgresql+psycopg://postgres@$host:$port/$db"
