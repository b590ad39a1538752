#!/usr/bin/env bash
# Time from starting the built AppHost to "All N resources healthy", against a floor measured in the same run: the
# WorkflowServer alone, from `dotnet Weft.WorkflowServer.dll` to its /health answering 200. Goal: AppHost < 10 s.
#   bench/apphost/time-to-healthy.sh [runs=5] [database=sqlite|postgres]
# Builds Release first (not timed). Each run uses a fresh state directory (a cold PostgreSQL cluster pays initdb).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
database=${2:-sqlite}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_ENVIRONMENT=Development

dotnet build AppHost/AppHost.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
apphost=AppHost/bin/Release/net10.0/Weft.AppHost.dll
server=src/WorkflowServer/bin/Release/net10.0/Weft.WorkflowServer.dll

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

floor_once() {
  local state port start pid
  state=$(mktemp -d) port=$(free_port) start=$(now_ms)
  ConnectionStrings__weft="Data Source=$state/weft.db" Weft__Data__Directory="$state" \
    dotnet "$server" --urls "http://127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do
    sleep 0.02
    if (( $(now_ms) - start > 60000 )); then echo "server not healthy in 60 s" >&2; kill "$pid"; exit 1; fi
  done
  echo $(( $(now_ms) - start ))
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$state"
}

apphost_once() {
  local state out start pid elapsed
  state=$(mktemp -d) out=$(mktemp) start=$(now_ms)
  chmod 755 "$state" # mktemp's 0700 would keep the postgres user out of a cluster inside it
  dotnet "$apphost" --Weft:AppHost:StateDirectory="$state" --Weft:AppHost:Database="$database" \
    --Weft:AppHost:WorkflowServerPort=0 >"$out" 2>&1 &
  pid=$!
  until grep -q '^All .* resources healthy' "$out"; do
    sleep 0.02
    if (( $(now_ms) - start > 60000 )); then echo "AppHost not healthy in 60 s:" >&2; cat "$out" >&2; kill -TERM "$pid"; exit 1; fi
  done
  elapsed=$(( $(now_ms) - start ))
  # SIGTERM, not SIGINT: a non-interactive shell starts background jobs with SIGINT ignored.
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  for child in $(grep -o '(pid [0-9]*)' "$out" | tr -dc '0-9\n'); do
    if [ -d "/proc/$child" ] && ! grep -q '^State:.*Z' "/proc/$child/status"; then echo "left behind: pid $child" >&2; fi
  done
  rm -rf "$state" "$out"
  echo "$elapsed"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

floor=$(for _ in $(seq "$runs"); do floor_once; done | median)
apphost=$(for _ in $(seq "$runs"); do apphost_once; done | median)
echo "runs=$runs database=$database"
echo "floor: WorkflowServer alone to /health 200: median ${floor} ms"
echo "AppHost to all resources healthy:           median ${apphost} ms ($(awk -v a="$apphost" -v f="$floor" 'BEGIN {printf "%.2f", a/f}')x the floor; goal < 10000 ms)"
