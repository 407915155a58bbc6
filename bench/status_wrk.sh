#!/usr/bin/env bash
# /api/v1/status under load: wrk against the service and against nginx-light
# serving the same bytes as a static file, same run, same connections.
# Usage: bench/status_wrk.sh [seconds=10] [connections=64] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CONNS=${2:-64}
THREADS=${3:-2}
. bench/status_peers.sh
echo "body: $(wc -c < "$work/www/api/v1/status") bytes, $CONNS connections, $THREADS wrk threads, ${SECS}s each"
run() { wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "$1" | awk '/Requests\/sec/ {print "  requests/s " $2} / 99%/ {print "  p99 " $2}'; }
echo "followup  /api/v1/status:"; run "http://127.0.0.1:$SP/api/v1/status" | tee "$work/f.txt"
echo "nginx     static file:";    run "http://127.0.0.1:$NP/api/v1/status" | tee "$work/n.txt"
f=$(awk '/requests/ {print $2}' "$work/f.txt"); n=$(awk '/requests/ {print $2}' "$work/n.txt")
python3 -c "print('ratio followup/nginx: %.2f' % ($f / $n))"
