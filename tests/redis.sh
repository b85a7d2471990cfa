#!/usr/bin/env bash
# A throwaway redis-server for the scale-out tests: Debian's package, on a loopback port, nothing saved to disk.
#   tests/redis.sh start DIR PORT [PID]   # prints host:port once the server answers PING; stopped when PID exits
#   tests/redis.sh stop DIR         # stops it and removes DIR
# The test assembly calls it itself (tests/Dashboard.Testing/RedisServer.cs); it also works by hand.
set -euo pipefail

if ! command -v redis-server >/dev/null; then
  echo "redis-server is not installed: apt-get update && apt-get install -y redis-server" >&2
  exit 3
fi

case "${1:-}" in
  start)
    dir=$2 port=$3
    mkdir -p "$dir"
    redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
      --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
    for _ in $(seq 1 100); do
      if redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
        if [ -n "${4:-}" ]; then
          setsid "$(dirname "$0")/outlive-guard.sh" "$4" -- bash "$0" stop "$dir" </dev/null >/dev/null 2>&1 &
        fi
        echo "127.0.0.1:$port"
        exit 0
      fi
      sleep 0.1
    done
    cat "$dir/redis.log" >&2
    exit 1
    ;;
  stop)
    dir=$2
    if [ -f "$dir/redis.pid" ]; then
      pid=$(cat "$dir/redis.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
