#!/usr/bin/env bash
# End-to-end ingest through the mock broker, compared with one kcat consumer
# reading the same topics to /dev/null in the same run (one process, one
# group, every input topic: the same work of fetching as the service's one
# consumer, not one process start and metadata round per topic).
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
topics=(followup.catalog followup.probes followup.usage followup.surveys followup.finance)
t0=$(date +%s.%N)
kcat -b "$B" -G "e2e-kcat-$$" -o beginning -e -q "${topics[@]}" > /dev/null
t1=$(date +%s.%N)
$BIN/followup replay --brokers "$B" --data-dir "$work/data" 2> "$work/replay.log"
t2=$(date +%s.%N)
python3 - "$N" "$t0" "$t1" "$t2" <<'PY'
import sys
n, t0, t1, t2 = int(sys.argv[1]), *map(float, sys.argv[2:])
k, f = n / (t1 - t0), n / (t2 - t1)
print(f"kcat -G, all topics   : {k:10.0f} events/s ({t1-t0:.2f} s, includes its start and group join)")
print(f"followup replay      : {f:10.0f} events/s ({t2-t1:.2f} s, includes group join and RocksDB writes)")
print(f"ratio                : {f/k:.2f}")
PY
tail -1 "$work/replay.log"
