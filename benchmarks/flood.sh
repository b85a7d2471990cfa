#!/usr/bin/env bash
# Floods never kill the process: the dashboard under an open-file limit of 1,024 (prlimit, soft and hard),
# 1,500 idle hub connections (256 being opened at a time) from one client process (with its own, higher limit), two full-range scans at
# the highest concurrency the API accepts, /healthz polled every 100 ms on fresh connections and required
# to answer within 3 s throughout; then the flood ends and a probe must work. Everything runs inside a
# private network namespace (unshare --net), so the scans' targets are that namespace's loopback only:
# 127.0.0.1 (nothing listens there but the dashboard and the test's own probe target) and 127.0.0.2, where
# every SYN is dropped, so each connect holds its socket until it times out and, with the host's first
# congestion window widened to 4,096, the scans' share of the socket budget stays full.
# Usage: sudo benchmarks/flood.sh [connections] [open-file limit] [hold seconds]   (1500 1024 20)
#   PER_USER=64 keeps Limits:HubConnectionsPerUser at its default; the flood is one user's, so it then stops
#   there. By default it is raised above the flood, so that the server-wide caps are what the flood meets.
set -euo pipefail
connections=${1:-1500}
nofile=${2:-1024}
hold=${3:-20}
per_user=${PER_USER:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)

need=()
command -v iptables >/dev/null || need+=(iptables)
command -v ip >/dev/null || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then apt-get update -q && apt-get install -y -q "${need[@]}"; fi

dotnet build -c Release "$root/benchmarks" -v quiet -nologo >/dev/null
bench="dotnet $root/benchmarks/bin/Release/net10.0/Dashboard.Benchmarks.dll"
web="$root/src/Dashboard.Web/bin/Release/net10.0/Dashboard.Web.dll"
echo "machine: $(nproc) cores, $(uname -r); the dashboard's open-file limit: $nofile"

unshare --net bash -c "
  set -e
  ip link set lo up
  iptables -A INPUT -i lo -d 127.0.0.2 -p tcp --syn -j DROP
  ulimit -n 65536 2>/dev/null || ulimit -n \$(ulimit -Hn)
  echo \"the client's open-file limit: \$(ulimit -n)\"
  $bench flood --web $web --target 127.0.0.1,127.0.0.2 --connections $connections --nofile $nofile --hold $hold --per-user $per_user"
