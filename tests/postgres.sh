#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: Debian's packaged server, initdb + pg_ctl in a folder of its
# own, on a loopback port, trust authentication (nothing but this machine can reach it).
#   tests/postgres.sh start DIR PORT [PID]   # prints the connection string once the server accepts connections; stopped when PID exits
#   tests/postgres.sh stop DIR         # stops it and removes DIR
# The test assemblies call it themselves (tests/Dashboard.Testing/PostgresServer.cs); it also works by hand.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed: apt-get update && apt-get install -y postgresql" >&2
  exit 3
fi

# initdb refuses to run as root: run the server as the packaged 'postgres' user then.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    dir=$2 port=$3
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    if [ -n "${4:-}" ]; then
      setsid "$(dirname "$0")/outlive-guard.sh" "$4" -- bash "$0" stop "$dir" </dev/null >/dev/null 2>&1 &
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    dir=$2
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
