#!/usr/bin/env bash
# Real servers from apt for the service-identification tests and benchmark, each in the foreground of its own
# process, inside network namespace NS (made by the test), listening on ADDR:
#   sshd 2222, lighttpd 8081, exim4 (SMTP) 2525, redis-server 6390, PostgreSQL 5439, and a silent listener (ncat) 7777.
#   tests/services.sh start DIR NS ADDR [PID]   # prints "ok" once every port accepts; stopped when PID exits
#   tests/services.sh stop DIR                  # stops them and removes DIR
set -euo pipefail

for tool in sshd lighttpd exim4 redis-server ncat; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed: apt-get install -y openssh-server lighttpd exim4-daemon-light redis-server ncat" >&2; exit 3; }
done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 3; }

run() { ip netns exec "$ns" "$@"; }
bg() { local name=$1; shift; setsid ip netns exec "$ns" "$@" >"$dir/$name.log" 2>&1 </dev/null & echo $! >"$dir/$name.pid"; }

case "${1:-}" in
  start)
    dir=$2 ns=$3 addr=$4
    mkdir -p "$dir/www"
    echo "$ns" >"$dir/ns"
    # sshd: host keys of its own, nothing but this config.
    ssh-keygen -q -t ed25519 -N '' -f "$dir/ssh_host_ed25519_key"
    printf 'Port 2222\nListenAddress %s\nHostKey %s/ssh_host_ed25519_key\nPidFile %s/sshd.pid.own\nUsePAM no\n' "$addr" "$dir" "$dir" >"$dir/sshd_config"
    mkdir -p /run/sshd
    bg sshd /usr/sbin/sshd -D -e -f "$dir/sshd_config"
    # lighttpd in the foreground.
    printf 'server.document-root = "%s/www"\nserver.bind = "%s"\nserver.port = 8081\nserver.errorlog = "%s/lighttpd.err"\n' "$dir" "$addr" "$dir" >"$dir/lighttpd.conf"
    echo hello >"$dir/www/index.html"
    bg lighttpd lighttpd -D -f "$dir/lighttpd.conf"
    # exim4: Debian's generated config, a daemon in the foreground on one port.
    bg exim exim4 -bdf -oX "$addr.2525" -oP "$dir/exim.pid.own"
    bg redis redis-server --port 6390 --bind "$addr" --protected-mode no --save "" --appendonly no --dir "$dir"
    # PostgreSQL as the packaged 'postgres' user (initdb refuses root).
    mkdir -p "$dir/pg"; chown postgres: "$dir/pg"
    runuser -u postgres -- "$pgbin/initdb" -D "$dir/pg/data" -U postgres --auth=trust --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    bg postgres runuser -u postgres -- "$pgbin/postgres" -D "$dir/pg/data" -c listen_addresses="$addr" -p 5439 -c unix_socket_directories="$dir/pg" -c fsync=off
    # Accepts and says nothing until the client gives up.
    bg silent ncat -lk "$addr" 7777 --recv-only
    if [ -n "${5:-}" ]; then
      setsid "$(dirname "$0")/outlive-guard.sh" "$5" -- bash "$0" stop "$dir" </dev/null >/dev/null 2>&1 &
    fi
    for _ in $(seq 1 100); do
      up=0
      for port in 2222 8081 2525 6390 5439 7777; do
        run bash -c "exec 3<>/dev/tcp/$addr/$port" 2>/dev/null && up=$((up+1))
      done
      if [ "$up" -eq 6 ]; then echo ok; exit 0; fi
      sleep 0.1
    done
    tail -n 5 "$dir"/*.log >&2
    exit 1
    ;;
  stop)
    dir=$2
    for f in "$dir"/*.pid; do
      [ -f "$f" ] || continue
      pid=$(cat "$f")
      # Each server runs as the leader of its own session: stop the whole group (ip netns exec, runuser and the server).
      kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    done
    for f in "$dir"/*.pid; do
      [ -f "$f" ] || continue
      pid=$(cat "$f")
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    done
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR NS ADDR [PID] | stop DIR" >&2
    exit 2
    ;;
esac
