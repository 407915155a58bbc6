#!/usr/bin/env bash
# End-to-end ingest through the mock broker: `followup serve` folding a log
# that is already there, compared with ONE kcat consumer reading the same
# topics of the same log in the same run (one process, one group, every input
# topic: the same fetching as the service's one consumer).
#
# Both are timed the same way, from their first message to their last, so
# neither pays its process start, metadata round or group join in the rate:
#  - kcat -G ... -f '%o\n' writes a line per message into a pipe; a reader
#    notes when the first bytes come and when the last come (kcat exits at the
#    end of every partition, -e). Rate: the messages after the first chunk
#    divided by the time from the first chunk to the last.
#  - serve (fresh data dir, fresh group): /api/v1/ingest is polled every
#    10 ms on one connection. Rate: the messages accounted for after the first
#    poll that saw any, divided by the time from that poll to the first one
#    that saw all (folded, duplicates, rejected).
# The times from process start to the end are printed too.
# Usage: bench/e2e.sh [events=400000] [partitions=32]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-400000}
P=${2:-32}
BIN=${FOLLOWUP_BIN_DIR:-build/bin}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
$BIN/followup broker --partitions "$P" --address-file "$work/addr" >/dev/null 2>&1 &
for _ in $(seq 100); do [ -s "$work/addr" ] && break; sleep 0.1; done
B=$(cat "$work/addr")
$BIN/fold_bench --emit "$N" > "$work/events.ndjson"
$BIN/followup produce --brokers "$B" "$work/events.ndjson" 2>/dev/null
topics=(followup.catalog followup.probes followup.usage followup.surveys followup.finance
        followup.announcements)

# kcat: one balanced consumer, every input topic, with the prefetch bound the
# service sets for its fold's consumer (Ingestor::Start: queued.min.messages).
t0=$(date +%s.%N)
kcat -b "$B" -X queued.min.messages=1000000 -G "e2e-kcat-$$" -o beginning -e -q -f '%o\n' "${topics[@]}" |
  python3 -c '
import sys, time
first = last = None
n = first_n = 0
while True:
    chunk = sys.stdin.buffer.read1(1 << 16)
    if not chunk:
        break
    now = time.monotonic()
    n += chunk.count(b"\n")
    if first is None:
        first, first_n = now, n
    last = now
print(n, first_n, first, last)' > "$work/kcat.out"
t1=$(date +%s.%N)

# followup serve: a fresh data dir and group on the same log.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
read -r total _ < "$work/kcat.out"
s0=$(python3 -c 'import time; print(time.monotonic())')
$BIN/followup serve --brokers "$B" --data-dir "$work/data" --listen "127.0.0.1:$port" \
  --group-id "e2e-serve-$$" > "$work/serve.log" 2>&1 &
serve_pid=$!
python3 - "$port" "$total" > "$work/serve.out" <<'PY'
import http.client, json, sys, time
port, total = int(sys.argv[1]), int(sys.argv[2])
conn = None
first = first_n = None
deadline = time.monotonic() + 600
while time.monotonic() < deadline:
    try:
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/api/v1/ingest")
        st = json.loads(conn.getresponse().read())
    except (OSError, http.client.HTTPException, ValueError):
        conn = None
        time.sleep(0.01)
        continue
    now = time.monotonic()
    done = st["events_folded"] + st["duplicates"] + st.get("id_conflicts", 0) + st["events_rejected"]
    if done and first is None:
        first, first_n = now, done
    if done >= total:
        print(done, first_n, first, now)
        break
    time.sleep(0.01)
else:
    sys.exit("serve did not account for %d messages in 600 s" % total)
PY
kill "$serve_pid"
wait "$serve_pid" || true

python3 - "$t0" "$t1" "$s0" "$work/kcat.out" "$work/serve.out" <<'PY'
import sys
t0, t1, s0 = map(float, sys.argv[1:4])
def read(path):
    n, first_n, first, last = open(path).read().split()
    return int(n), int(first_n), float(first), float(last)
kn, kfn, kf, kl = read(sys.argv[4])
sn, sfn, sf, sl = read(sys.argv[5])
k = (kn - kfn) / (kl - kf)
f = (sn - sfn) / (sl - sf)
print(f"messages             : {kn} (kcat) / {sn} (serve)")
print(f"kcat -G, all topics  : {k:10.0f} msg/s first to last ({kl-kf:.2f} s; "
      f"process start to exit {t1-t0:.2f} s)")
print(f"followup serve       : {f:10.0f} msg/s first to last ({sl-sf:.2f} s; "
      f"process start to first fold {sf-s0:.2f} s, to all folded {sl-s0:.2f} s)")
print(f"ratio                : {f/k:.2f}")
PY
