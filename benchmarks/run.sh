#!/usr/bin/env bash
# Scan benchmarks, ours beside nmap, each in network namespaces of its own (run as root):
#   1. all 65,535 ports of 127.0.0.1 in a private namespace (unshare --net): only our listeners there;
#   2. 2,001 ports of a host in a second namespace joined by a veth pair, 1,000 of them DROPped;
#   3. a LAN: a /24 in another namespace with 5 live hosts and 250 absent ones, nmap's top 100 ports;
#   sweep: a /16 in another namespace with 16 live hosts spread over it, 8 ports, beside nmap under a time limit (not in the default set);
#   4. a lossy link: one host behind a veth dropping 5 % of packets each way, ports 1-1000;
#   5. a firewalled host: one host behind a veth that DROPs every SYN but to its 3 open ports, 1-3000 and 1-65535;
#   and our listeners under a TCP connect burst and UDP floods, in a private namespace too;
#   history: the full-range hub scan with the history off, on SQLite and on PostgreSQL (not in the default set);
#   agent: the full-range hub scan from the dashboard and from an agent beside it, goal ≤ 1.3× (not in the default set);
#   identify: 20 open ports among 1-65535 (real servers and small ones in a namespace), scan + identify beside nmap -sV -p- -T4;
#   trace: a trace over a four-hop routed path beside traceroute -T (and UDP beside traceroute -U), to the port and through a dropping router;
#   watches: 2,000 TCP watches every 10 s in a private namespace, on SQLite, then two instances clustered on PostgreSQL (not in the default set).
# Usage: sudo benchmarks/run.sh [rounds] [scenario...]   (default 5; all of
#        loopback listeners filtered lan lossy firewalled trace identify; also history agent sweep watches)
set -euo pipefail
rounds=${1:-5}
shift || true
scenarios=${*:-loopback listeners filtered lan lossy firewalled trace identify}
wants() { [[ " $scenarios " == *" $1 "* ]]; }
root=$(cd "$(dirname "$0")/.." && pwd)

need=()
command -v nmap >/dev/null || need+=(nmap)
command -v iptables >/dev/null || need+=(iptables)
command -v ip >/dev/null || need+=(iproute2)
if [ ${#need[@]} -gt 0 ]; then apt-get update -q && apt-get install -y -q "${need[@]}"; fi

dotnet build -c Release "$root/benchmarks" -v quiet -nologo >/dev/null
bench="dotnet $root/benchmarks/bin/Release/net10.0/Dashboard.Benchmarks.dll"
web="$root/src/Dashboard.Web/bin/Release/net10.0/Dashboard.Web.dll"
echo "machine: $(nproc) cores, $(uname -r), $(nmap --version | head -1)"
echo

namespaces=()
cleanup() {
  for ns in "${namespaces[@]}"; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT

# Accepts and closes on every ip:port given (a connect scan's peer), until killed.
listen() {
  python3 -c "
import selectors, socket, sys
sel = selectors.DefaultSelector()
for ep in sys.argv[1:]:
    ip, port = ep.rsplit(':', 1)
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((ip, int(port))); s.listen(4096); s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
while True:
    for key, _ in sel.select():
        try: key.fileobj.accept()[0].close()
        except OSError: pass
" "$@"
}

# 1. Loopback, full range, in a namespace with nothing else listening.
if wants loopback; then
# The C reference (benchmarks/cscan: non-blocking connect + epoll, not part of the product) runs beside, when gcc is there.
cscan_source=${CSCAN_SOURCE:-$root/benchmarks/cscan/cscan.c}
cscan_arg=""
if command -v gcc >/dev/null && [ -f "$cscan_source" ]; then
  cscan=$(mktemp /tmp/cscan.XXXXXX); gcc -O2 -Wall -o "$cscan" "$cscan_source"; cscan_arg="--cscan $cscan"
else
  echo "no C reference: gcc is not installed (apt-get install -y gcc) or $cscan_source is missing"
fi
unshare --net bash -c "ip link set lo up && $bench loopback --web $web --rounds $rounds $cscan_arg"
fi

# A trace over client - r1 - r2 - r3 - server (namespaces the benchmark makes), ours beside traceroute -T and -U, IPv4 and IPv6.
if wants trace; then
command -v traceroute >/dev/null || { apt-get update -q && apt-get install -y -q traceroute; }
$bench trace --rounds "$rounds"
fi

# Service identification: the service lab (tests/services.sh: sshd, lighttpd, exim4, redis-server, PostgreSQL, a silent
#    port) plus benchmarks/identify-servers.py in a namespace the benchmark makes; IDENTIFY_ROUNDS (default 3: nmap takes minutes).
if wants identify; then
$bench identify --rounds "${IDENTIFY_ROUNDS:-3}"
fi

# Listeners under load: a TCP connect burst and UDP floods, against the counters.
if wants listeners; then
unshare --net bash -c "ip link set lo up && sysctl -qw net.core.somaxconn=65535 && $bench listeners --web $web --rounds $rounds"
fi

# The history's cost: scenario 1's hub scan with history off / SQLite / PostgreSQL, alternating, in a private namespace.
if wants history; then
unshare --net bash -c "ip link set lo up && $bench history --web $web --rounds $rounds"
fi

# An agent's full-range scan delivered through the dashboard, beside the same scan run by the dashboard itself.
if wants agent; then
dotnet build -c Release "$root/src/Dashboard.Agent" -v quiet -nologo >/dev/null
unshare --net bash -c "ip link set lo up && $bench agent --web $web --rounds $rounds"
fi

# Watches: many TCP watches against listeners on this private namespace's loopback (half accept, half refuse), one
#    instance on SQLite, then two clustered on PostgreSQL (WATCHES_COUNT, WATCHES_INTERVAL_S, WATCHES_WINDOW_S, WATCHES_STORES).
if wants watches; then
unshare --net bash -c "ip link set lo up && $bench watches --web $web"
fi

# 2. Filtered: namespace 'scanner' scans 10.203.0.2 in namespace 'target'.
if wants filtered; then
a=sdb-scanner-$$; b=sdb-target-$$
namespaces+=("$a" "$b")
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
fi

# 3. LAN: namespace 'lan-s' (10.204.0.1) scans 10.204.0.0/24; namespace 'lan-t' holds .2-.6, each
#    with its own open ports (.6 none); the other 250 addresses are absent, so ARP goes unanswered.
if wants lan; then
s=sdb-lan-s-$$; t=sdb-lan-t-$$
namespaces+=("$s" "$t")
ip netns add "$s"; ip netns add "$t"
ip link add "ls$$" netns "$s" type veth peer name "lt$$" netns "$t"
ip -n "$s" addr add 10.204.0.1/24 dev "ls$$"
for h in 2 3 4 5 6; do ip -n "$t" addr add "10.204.0.$h/24" dev "lt$$"; done
for ns in "$s" "$t"; do ip -n "$ns" link set lo up; done
ip -n "$s" link set "ls$$" up; ip -n "$t" link set "lt$$" up
open=10.204.0.2:22,10.204.0.2:80,10.204.0.3:443,10.204.0.3:3306,10.204.0.4:8080,10.204.0.4:22,10.204.0.5:5432
ip netns exec "$t" bash -c "$(declare -f listen); listen ${open//,/ }" &
sleep 0.5
ip netns exec "$s" bash -c "$bench lan --web $web --rounds $rounds --target 10.204.0.0/24 --open $open --live 6"
fi

# Sweep: 'sw-s' (10.207.0.1/16) scans 10.207.0.0/16; 'sw-t' holds 16 addresses spread over it, each listening on
#    two of the 8 ports; the other 65,519 addresses are absent. One round (a scan of 65,536 addresses; nmap is stopped at
#    SWEEP_NMAP_LIMIT_S, default 300 s, and what it printed by then is counted; then again unprivileged, as nobody).
#    10.207/16, not the firewalled scenario's 10.206: both may run in one invocation. Its namespaces go as soon as it ends, so
#    the thousands of neighbour entries its absent hosts left do not weigh on the scenarios after it.
if wants sweep; then
s=sdb-sw-s-$$; t=sdb-sw-t-$$
namespaces+=("$s" "$t")
ip netns add "$s"; ip netns add "$t"
ip link add "ws$$" netns "$s" type veth peer name "wt$$" netns "$t"
ip -n "$s" addr add 10.207.0.1/16 dev "ws$$"
ports=(22 80 443 3306 5432 6379 8080 9000)
open=""
for i in $(seq 0 15); do
  a="10.207.$((i * 16 + 7)).$(((i * 37) % 250 + 2))"
  ip -n "$t" addr add "$a/16" dev "wt$$"
  open+="$a:${ports[$((i % 8))]},$a:${ports[$(((i + 3) % 8))]},"
done
open=${open%,}
for ns in "$s" "$t"; do ip -n "$ns" link set lo up; done
ip -n "$s" link set "ws$$" up; ip -n "$t" link set "wt$$" up
ip netns exec "$t" bash -c "$(declare -f listen); listen ${open//,/ }" &
sleep 0.5
ip netns exec "$s" bash -c "$bench sweep --web $web --rounds 1 --target 10.207.0.0/16 --open $open --live 17"
for ns in "$s" "$t"; do ip netns pids "$ns" | xargs -r kill 2>/dev/null || true; ip netns del "$ns"; done
fi

# 4. Lossy link: 'loss-s' (10.205.0.1) scans 10.205.0.2 in 'loss-t'; each side drops 5 % of what arrives on its veth.
if wants lossy; then
s=sdb-loss-s-$$; t=sdb-loss-t-$$
namespaces+=("$s" "$t")
ip netns add "$s"; ip netns add "$t"
ip link add "ps$$" netns "$s" type veth peer name "pt$$" netns "$t"
ip -n "$s" addr add 10.205.0.1/24 dev "ps$$"; ip -n "$t" addr add 10.205.0.2/24 dev "pt$$"
for ns in "$s" "$t"; do ip -n "$ns" link set lo up; done
ip -n "$s" link set "ps$$" up; ip -n "$t" link set "pt$$" up
ip netns exec "$s" iptables -A INPUT -i "ps$$" -m statistic --mode random --probability 0.05 -j DROP
ip netns exec "$t" iptables -A INPUT -i "pt$$" -m statistic --mode random --probability 0.05 -j DROP
open=$(printf '10.205.0.2:%s,' 21 22 25 80 110 143 443 587 993); open=${open%,}
ip netns exec "$t" bash -c "$(declare -f listen); listen ${open//,/ }" &
sleep 0.5
ip netns exec "$s" bash -c "$bench lossy --web $web --rounds ${LOSSY_ROUNDS:-3} --target 10.205.0.2 --open $open"
for side in "$s:ps$$" "$t:pt$$"; do
  ip netns exec "${side%%:*}" iptables -L INPUT -v -n -x | awk -v side="${side##*:}" '/statistic/ {print "loss rule on " side ": " $1 " packets dropped"}'
done
fi

# 5. Firewalled host: 'fw-s' (10.206.0.1) scans 10.206.0.2 in 'fw-t', which DROPs every SYN but to 22, 80 and 443.
#    1-3000 for [rounds] rounds, then 1-65535 for FIREWALLED_FULL_ROUNDS (default 1: nmap takes minutes).
if wants firewalled; then
s=sdb-fw-s-$$; t=sdb-fw-t-$$
namespaces+=("$s" "$t")
ip netns add "$s"; ip netns add "$t"
ip link add "fs$$" netns "$s" type veth peer name "ft$$" netns "$t"
ip -n "$s" addr add 10.206.0.1/24 dev "fs$$"; ip -n "$t" addr add 10.206.0.2/24 dev "ft$$"
for ns in "$s" "$t"; do ip -n "$ns" link set lo up; done
ip -n "$s" link set "fs$$" up; ip -n "$t" link set "ft$$" up
ip netns exec "$t" iptables -A INPUT -p tcp --syn -m multiport ! --dports 22,80,443 -j DROP
open=10.206.0.2:22,10.206.0.2:80,10.206.0.2:443
ip netns exec "$t" bash -c "$(declare -f listen); listen ${open//,/ }" &
sleep 0.5
ip netns exec "$s" bash -c "FIREWALLED_FULL_ROUNDS=${FIREWALLED_FULL_ROUNDS:-1} $bench firewalled --web $web --rounds $rounds --target 10.206.0.2 --open $open"
fi
