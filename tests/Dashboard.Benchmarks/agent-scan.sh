#!/bin/bash
# Full-range loopback scan inside a private namespace of its own (never the machine's loopback): from the
# dashboard itself vs from an agent beside it, three rounds each. Needs root, curl and bc. Compares ScanStatus.elapsedMs.
set -e
NS=sdbench$$
ip netns add $NS; ip -n $NS link set lo up
trap 'kill $WEB $AGENT 2>/dev/null; ip netns del $NS' EXIT
D=$(mktemp -d); TOKEN=sdt_bench_0123456789abcdefghijklmnopqrstuv
cd "$(dirname "$0")/../.." && dotnet build Dashboard.sln -v q > /dev/null
ip netns exec $NS env DataDir=$D Auth__BootstrapToken=$TOKEN ASPNETCORE_URLS=http://127.0.0.1:5990 Logging__LogLevel__Default=Warning dotnet src/Dashboard.Web/bin/Debug/net10.0/Dashboard.Web.dll > $D/web.log 2>&1 & WEB=$!
api() { ip netns exec $NS curl -s -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' "$@"; }
for i in $(seq 60); do api http://127.0.0.1:5990/healthz >/dev/null 2>&1 && break; sleep 0.5; done
AT=$(api -d '{"name":"bench"}' http://127.0.0.1:5990/api/agents | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
ip netns exec $NS dotnet src/Dashboard.Agent/bin/Debug/net10.0/Dashboard.Agent.dll --server http://127.0.0.1:5990 --token $AT --allow-targets 127.0.0.0/8 > $D/agent.log 2>&1 & AGENT=$!
for i in $(seq 60); do api http://127.0.0.1:5990/api/agents | grep -q '"online"' && break; sleep 0.5; done
scan() {
  local loc=$(ip netns exec $NS curl -s -i -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' -d "{\"targets\":\"127.0.0.1\",\"ports\":\"-\",\"concurrency\":1000$1}" http://127.0.0.1:5990/api/scans | sed -n 's/^Location: \(.*\)\r$/\1/p')
  local start=$(date +%s.%N)
  while api http://127.0.0.1:5990$loc | grep -q '"running"'; do sleep 0.05; done
  local end=$(date +%s.%N)
  echo "$2 wall $(echo "$end - $start" | bc) s; $(api http://127.0.0.1:5990$loc | grep -o '"completed":[0-9]*\|"elapsedMs":[0-9.]*\|"state":"[a-z]*"' | tr '\n' ' ')"
}
for round in 1 2 3; do scan "" "server"; scan ",\"from\":\"bench\"" "agent "; done
