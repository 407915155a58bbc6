#!/usr/bin/env bash
# What one /api/v1/status request costs the service in user-space
# instructions, counted by valgrind's callgrind on the HTTP thread only
# (collection toggled on inside Asio's scheduler::run, which only the server's
# threads run): deterministic where CPU time on a shared 2-core machine is not,
# so two builds compare exactly. Kernel work (send/receive) is not counted.
# Usage: bench/status_instr.sh [seconds=20] [connections=16] [out=callgrind.status]
#   FOLLOWUP_BIN: the build to measure (default build/bin/followup)
# Then: callgrind_annotate OUT | head -60   (where the instructions go)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-20}
CONNS=${2:-16}
OUT=${3:-callgrind.status}
command -v valgrind >/dev/null || ./scripts/install-deps valgrind
command -v wrk >/dev/null || ./scripts/install-deps wrk
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
P=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
valgrind --tool=callgrind --callgrind-out-file="$OUT" --toggle-collect='*scheduler::run*' \
  "${FOLLOWUP_BIN:-build/bin/followup}" serve --demo --data-dir "$work/d" --listen "127.0.0.1:$P" \
  --http-threads 1 > "$work/log" 2>&1 &
VP=$!
# Under valgrind the start takes tens of seconds: poll for the first published status.
for _ in $(seq 1200); do curl -sf "127.0.0.1:$P/api/v1/status" >/dev/null && break; sleep 0.5; done
N=$(wrk -t1 -c"$CONNS" -d"${SECS}s" "http://127.0.0.1:$P/api/v1/status" | awk '/requests in/ {print $1}')
kill -INT "$VP"; wait "$VP" || true
IR=$(callgrind_annotate "$OUT" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')
echo "$N requests, $IR instructions on the HTTP thread, $((IR / N)) per request ($OUT)"
