#!/usr/bin/env bash
# CPU per request of /api/v1/status: the service's process against nginx-light
# serving the same bytes, each under the same wrk load, from the processes'
# own CPU ticks (/proc/PID/stat utime+stime) and wrk's request count. Less
# sensitive to other load on the machine than requests per second, and the
# service's figure includes everything it does meanwhile (the demo's events
# folded, the status pages re-rendered).
# Usage: bench/status_cpu.sh [seconds=6] [runs=3]   (FOLLOWUP_BIN: another build)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-6}
RUNS=${2:-3}
# One server thread unless FOLLOWUP_HTTP_THREADS says otherwise.
FOLLOWUP_HTTP_THREADS=${FOLLOWUP_HTTP_THREADS:-1}
. bench/status_peers.sh
ticks() { awk '{print $14+$15}' /proc/$1/stat; }
measure() {  # name pid url
  local t0 t1 n
  t0=$(ticks $2)
  n=$(wrk -t1 -c64 -d"${SECS}s" "$3" | awk '/requests in/ {print $1}')
  t1=$(ticks $2)
  python3 -c "print('%-9s %8d requests  %.1f CPU-ms per 1000 requests' % ('$1', $n, ($t1-$t0)*1000.0/$(getconf CLK_TCK)/$n*1000))"
}
for _ in $(seq "$RUNS"); do
  measure followup $SPID "http://127.0.0.1:$SP/api/v1/status"
  measure nginx $NPID "http://127.0.0.1:$NP/api/v1/status"
done
