#!/usr/bin/env bash
# Scan benchmarks, ours beside nmap, each in network namespaces of its own (run as root):
#   1. all 65,535 ports of 127.0.0.1 in a private namespace (unshare --net): only our listeners there;
#   2. 2,001 ports of a host in a second namespace joined by a veth pair, 1,000 of them DROPped;
#   and our listeners under a TCP connect burst and UDP floods, in a private namespace too.
# Usage: sudo tests/Dashboard.Benchmarks/run.sh [rounds]     (default 5)
set -euo pipefail
rounds=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)

need=()
command -v nmap >/dev/null || need+=(nmap)
command -v iptables >/dev/null || need+=(iptables)
command -v ip >/dev/null || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then apt-get update -q && apt-get install -y -q "${need[@]}"; fi

dotnet build -c Release "$root/tests/Dashboard.Benchmarks" -v quiet -nologo >/dev/null
bench="dotnet $root/tests/Dashboard.Benchmarks/bin/Release/net10.0/Dashboard.Benchmarks.dll"
web="$root/src/Dashboard.Web/bin/Release/net10.0/Dashboard.Web.dll"
echo "machine: $(nproc) cores, $(uname -r), $(nmap --version | head -1)"
echo

# 1. Loopback, full range, in a namespace with nothing else listening.
unshare --net bash -c "ip link set lo up && $bench loopback --web $web --rounds $rounds"

# Listeners under load: a TCP connect burst and UDP floods, against the counters.
unshare --net bash -c "ip link set lo up && sysctl -qw net.core.somaxconn=65535 && $bench listeners --web $web --rounds $rounds"

# 2. Filtered: namespace 'scanner' scans 10.203.0.2 in namespace 'target'.
a=sdb-scanner-$$; b=sdb-target-$$
cleanup() { ip netns pid "$b" 2>/dev/null | xargs -r kill 2>/dev/null || true; ip netns del "$a" 2>/dev/null || true; ip netns del "$b" 2>/dev/null || true; }
trap cleanup EXIT
ip netns add "$a"; ip netns add "$b"
ip link add "va$$" netns "$a" type veth peer name "vb$$" netns "$b"
ip -n "$a" addr add 10.203.0.1/24 dev "va$$"; ip -n "$b" addr add 10.203.0.2/24 dev "vb$$"
for ns in "$a" "$b"; do ip -n "$ns" link set lo up; done
ip -n "$a" link set "va$$" up; ip -n "$b" link set "vb$$" up
ip netns exec "$b" iptables -A INPUT -p tcp --dport 20001:21000 -j DROP
ip netns exec "$b" python3 -c "
import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('10.203.0.2',20000)); s.listen(4096)
time.sleep(3600)" &
sleep 0.5
ip netns exec "$a" bash -c "ip link set lo up; $bench filtered --web $web --rounds $rounds --target 10.203.0.2"
