#!/usr/bin/env bash
# Probe agent throughput: N targets (default 1000) at a 1 s interval against a tiny local asyncio
# HTTP server, for D seconds (default 30), publishing to the mock broker.
#
#   bench/probe_bench.sh [targets] [seconds]
#
# Reports checks done vs expected (is the agent keeping up?), skipped slots, the agent's CPU use
# (utime + stime from /proc/<pid>/stat over the window), the mean check time, and the probe.v1
# events produced (delivery acknowledgements in the window, and messages in followup.probes read
# back with kcat at the end).
set -euo pipefail

N=${1:-1000}
SECS=${2:-30}
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${FOLLOWUP_BIN:-$HERE/../build/bin/followup}
KCAT=$(command -v kcat || command -v kafkacat)
TMP=$(mktemp -d /tmp/probe-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && echo "kept $TMP" || rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A minimal HTTP/1.1 server: answers every request with 200 and a small body, then closes.
cat > "$TMP/server.py" <<'EOF'
import asyncio, sys
BODY = b"ok\n"
RESP = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\n" + BODY
async def handle(reader, writer):
    try:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(RESP)
        await writer.drain()
    except Exception:
        pass
    finally:
        writer.close()
async def main(port):
    srv = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with srv:
        await srv.serve_forever()
asyncio.run(main(int(sys.argv[1])))
EOF

SPORT=$(free_port)
python3 "$TMP/server.py" "$SPORT" &
PIDS+=($!)

"$BIN" broker --partitions 8 --address-file "$TMP/broker.addr" > "$TMP/broker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$TMP/broker.addr" ] && break; sleep 0.1; done
BROKERS=$(cat "$TMP/broker.addr")

{
  echo "concurrency: 256"
  echo "targets:"
  for i in $(seq 0 $((N - 1))); do
    printf '  - service_id: bench-%04d\n    url: http://127.0.0.1:%s/svc/%d\n    interval: 1s\n    timeout: 5s\n' \
      "$i" "$SPORT" "$i"
  done
} > "$TMP/probes.yaml"

MPORT=$(free_port)
"$BIN" probe --config "$TMP/probes.yaml" --location bench --brokers "$BROKERS" \
  --listen "127.0.0.1:$MPORT" > "$TMP/probe.log" 2>&1 &
APID=$!
PIDS+=($APID)

metrics() { curl -sf "http://127.0.0.1:$MPORT/metrics"; }
for _ in $(seq 100); do metrics > /dev/null 2>&1 && break; sleep 0.1; done
sleep 3  # every target has had its first slot

snapshot() {  # prints: time cpu_ticks checks_ok checks_failed skipped delivered duration_sum duration_count
  local t
  t=$(date +%s.%N)
  cat /proc/$APID/stat > "$TMP/stat"
  metrics > "$TMP/metrics"
  python3 - "$t" "$TMP/stat" "$TMP/metrics" <<'EOF'
import sys
t, stat, m = sys.argv[1], open(sys.argv[2]).read(), open(sys.argv[3]).read()
f = stat[stat.rindex(")") + 2:].split()
ticks = int(f[11]) + int(f[12])  # utime + stime (fields 14, 15)
def total(name, label=None):
    s = 0.0
    for line in m.splitlines():
        if line.startswith(name) and (line[len(name)] in " {"):
            if label and label not in line:
                continue
            s += float(line.rsplit(" ", 1)[1])
    return s
print(t, ticks, int(total("followup_probe_checks_total", 'result="ok"')),
      int(total("followup_probe_checks_total", 'result="failed"')),
      int(total("followup_probe_skipped_slots_total")), int(total("followup_probe_events_delivered_total")),
      total("followup_probe_check_duration_seconds_sum"), int(total("followup_probe_check_duration_seconds_count")))
EOF
}

read -r T0 C0 OK0 F0 S0 D0 DS0 DC0 < <(snapshot)
sleep "$SECS"
read -r T1 C1 OK1 F1 S1 D1 DS1 DC1 < <(snapshot)
HZ=$(getconf CLK_TCK)
RSS=$(awk '/VmRSS/ {print $2}' /proc/$APID/status)

kill -TERM "$APID"
wait "$APID" || true
"$KCAT" -C -b "$BROKERS" -t followup.probes -e -q > "$TMP/topic.ndjson"
read -r IN_TOPIC UNIQUE < <(python3 - "$TMP/topic.ndjson" <<'EOF'
import json, sys
ids = [json.loads(l)["event_id"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
print(len(ids), len(set(ids)))
EOF
)

python3 - <<EOF
n, secs = $N, float("$T1") - float("$T0")
checks = ($OK1 - $OK0) + ($F1 - $F0)
expected = n * secs
cpu = ($C1 - $C0) / $HZ
dc = $DC1 - $DC0
print("targets %d, interval 1 s, window %.1f s" % (n, secs))
print("checks done        %d (expected %.0f: %.1f %%), failed %d" % (checks, expected, 100.0 * checks / expected, $F1 - $F0))
print("skipped slots      %d" % ($S1 - $S0))
print("mean check time    %.2f ms" % (1000.0 * ($DS1 - $DS0) / dc if dc else float("nan")))
print("agent CPU          %.2f s in %.1f s = %.1f %% of one core (%.0f us per check)" % (cpu, secs, 100 * cpu / secs, 1e6 * cpu / checks if checks else 0))
print("agent RSS          %d MiB" % ($RSS // 1024))
print("events delivered   %d in the window (%.0f/s)" % ($D1 - $D0, ($D1 - $D0) / secs))
print("events in topic    %d (whole run incl. warm-up and shutdown), %d distinct event_ids" % ($IN_TOPIC, $UNIQUE))
EOF
