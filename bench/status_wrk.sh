#!/usr/bin/env bash
# /api/v1/status under load: wrk against the service and against nginx-light
# serving the same bytes as a static file, same run, same connections.
# Usage: bench/status_wrk.sh [seconds=10] [connections=64] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CONNS=${2:-64}
THREADS=${3:-2}
command -v wrk >/dev/null && command -v nginx >/dev/null || ./scripts/install-deps wrk nginx-light
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SP=$(port); NP=$(port)
"${FOLLOWUP_BIN:-build/bin/followup}" serve --demo --data-dir "$work/data" --listen "127.0.0.1:$SP" \
  --http-threads "${FOLLOWUP_HTTP_THREADS:-2}" > "$work/serve.log" 2>&1 &
# Ready, then the first status published (503 until then): poll, do not guess a delay.
mkdir -p "$work/www/api/v1"
for _ in $(seq 600); do
  curl -sf "127.0.0.1:$SP/readyz" >/dev/null && curl -sf "127.0.0.1:$SP/api/v1/status" > "$work/www/api/v1/status" && break
  sleep 0.1
done
[ -s "$work/www/api/v1/status" ] || { echo "the service did not publish a status within 60 s" >&2; exit 1; }
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  types { application/json status; }
  default_type application/json;
  server { listen 127.0.0.1:$NP; root $work/www; etag on; }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"
echo "body: $(wc -c < "$work/www/api/v1/status") bytes, $CONNS connections, $THREADS wrk threads, ${SECS}s each"
run() { wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency "$1" | awk '/Requests\/sec/ {print "  requests/s " $2} / 99%/ {print "  p99 " $2}'; }
echo "followup  /api/v1/status:"; run "http://127.0.0.1:$SP/api/v1/status" | tee "$work/f.txt"
echo "nginx     static file:";    run "http://127.0.0.1:$NP/api/v1/status" | tee "$work/n.txt"
f=$(awk '/requests/ {print $2}' "$work/f.txt"); n=$(awk '/requests/ {print $2}' "$work/n.txt")
python3 -c "print('ratio followup/nginx: %.2f' % ($f / $n))"
