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
BIN=${FOLLOWUP_BIN:-build/bin/followup}
command -v wrk >/dev/null && command -v nginx >/dev/null || ./scripts/install-deps wrk nginx-light
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SP=$(port); NP=$(port)
"$BIN" serve --demo --data-dir "$work/data" --listen "127.0.0.1:$SP" --http-threads 1 > "$work/serve.log" 2>&1 &
SPID=$!
mkdir -p "$work/www/api/v1"
for _ in $(seq 600); do  # ready, then the first status published: poll, do not guess
  curl -sf "127.0.0.1:$SP/readyz" >/dev/null && curl -sf "127.0.0.1:$SP/api/v1/status" > "$work/www/api/v1/status" && break
  sleep 0.1
done
[ -s "$work/www/api/v1/status" ] || { echo "the service did not publish a status within 60 s" >&2; exit 1; }
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; types { application/json status; } default_type application/json;
  server { listen 127.0.0.1:$NP; root $work/www; etag on; } }
NGINX
nginx -c "$work/nginx.conf" -p "$work"
for _ in $(seq 50); do NPID=$(pgrep -P "$(cat "$work/nginx.pid" 2>/dev/null || echo 0)" | head -1) && break; sleep 0.1; done
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
