# Sourced by bench/status_wrk.sh and bench/status_cpu.sh: starts the service
# (`serve --demo`, FOLLOWUP_BIN, FOLLOWUP_HTTP_THREADS server threads, default
# 2) and nginx-light (1 worker, ETag on, no access log) serving the service's
# published /api/v1/status body as a static file: the same bytes, each on its
# own loopback port. Sets work (a temporary directory, removed on exit), SP
# and SPID (the service's port and pid), NP and NPID (nginx's port and the
# pid of its worker).
command -v wrk >/dev/null && command -v nginx >/dev/null || ./scripts/install-deps wrk nginx-light
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SP=$(port); NP=$(port)
"${FOLLOWUP_BIN:-build/bin/followup}" serve --demo --data-dir "$work/data" --listen "127.0.0.1:$SP" \
  --http-threads "${FOLLOWUP_HTTP_THREADS:-2}" > "$work/serve.log" 2>&1 &
SPID=$!
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
NPID=
for _ in $(seq 50); do
  NPID=$(pgrep -P "$(cat "$work/nginx.pid" 2>/dev/null || echo 0)" | head -1) && break
  sleep 0.1
done
