#!/usr/bin/env bash
# Resources of a rebuild, stated: peak RSS of `followup replay`, disk bytes
# per folded event before and after a full compaction, and the time from a
# kill -9 of `followup serve` on that store to /readyz 200 again.
# Usage: bench/resources.sh [events=1000000] [partitions=256] [services=200]
# The mock broker keeps about 5 MB per partition, and the fold_bench mix is
# keyed by service (~200 bytes an event): with 200 services about 1 M events
# fit before it starts deleting (replay then reports a GAP and stops folding
# those partitions). 10 M events need the keys spread wider: e.g.
# `bench/resources.sh 10000000 1024 5000`. Run it at two sizes to see what
# grows with the log.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
P=${2:-256}
S=${3:-200}
BIN=${FOLLOWUP_BIN_DIR:-build/bin}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() {  # url deadline_s t0 (date +%s.%N before the start) -> prints seconds from t0 to ready
  python3 - "$1" "$2" "$3" <<'PY'
import sys, time, urllib.request
url, deadline, t0 = sys.argv[1], time.monotonic() + float(sys.argv[2]), float(sys.argv[3])
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            if r.status == 200:
                print("%.3f" % (time.time() - t0)); sys.exit(0)
    except Exception:
        pass
    time.sleep(0.02)
sys.exit("not ready within the deadline: " + url)
PY
}
"$BIN/followup" broker --partitions "$P" --address-file "$work/addr" >/dev/null 2>&1 &
for _ in $(seq 600); do [ -s "$work/addr" ] && break; sleep 0.1; done
B=$(cat "$work/addr")
"$BIN/fold_bench" --emit "$N" "$S" > "$work/events.ndjson"
echo "events: $N ($(du -m "$work/events.ndjson" | cut -f1) MB of NDJSON), $S services, $P partitions per topic"
"$BIN/followup" produce --brokers "$B" "$work/events.ndjson" 2>/dev/null
rm "$work/events.ndjson"
if ! /usr/bin/time -f "%M %e" -o "$work/time" timeout 1200 "$BIN/followup" replay --brokers "$B" --data-dir "$work/data" 2> "$work/replay.log"; then
  grep -m3 -E "GAP|error" "$work/replay.log" >&2; echo "replay failed (too many events for the mock broker?)" >&2; exit 1
fi
read -r rss_kb secs < "$work/time"
echo "replay: $(tail -1 "$work/replay.log")"
echo "replay: peak RSS $((rss_kb / 1024)) MiB, $secs s"
before=$(du -sb "$work/data" | cut -f1)
"$BIN/followup" compact --data-dir "$work/data" >/dev/null 2>&1
after=$(du -sb "$work/data" | cut -f1)
python3 -c "import sys; n,b,a=map(int,sys.argv[1:]); print('disk: %.1f bytes/event after replay (%d MB), %.1f after compaction (%d MB)' % (b/n, b>>20, a/n, a>>20))" "$N" "$before" "$after"
SP=$(port)
t0=$(date +%s.%N)
"$BIN/followup" serve --brokers "$B" --data-dir "$work/data" --listen "127.0.0.1:$SP" > "$work/serve1.log" 2>&1 &
pid=$!
echo "first start to ready: $(wait_ready "http://127.0.0.1:$SP/readyz" 600 "$t0") s"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
t0=$(date +%s.%N)
"$BIN/followup" serve --brokers "$B" --data-dir "$work/data" --listen "127.0.0.1:$SP" > "$work/serve2.log" 2>&1 &
pid=$!
echo "kill -9, restart to ready: $(wait_ready "http://127.0.0.1:$SP/readyz" 600 "$t0") s"
kill "$pid"; wait "$pid" 2>/dev/null || true
