#!/usr/bin/env bash
# Creates the topics of followup's scale-out mode, then checks the ones that already
# existed: the four partitioned inputs must have one and the same partition count, the
# event log must keep everything, the aggregates topic must be compacted, and the notifier's
# two topics (subscriptions, notifications: they hold personal data and secrets) must be
# compacted, have one partition, and forget a removed key within a bounded time. Exit 0 only
# when every topic is as it must be (compose starts the followup instances only then).
#
# Runs in the apache/kafka image (compose service `kafka-init`) or anywhere kafka-topics.sh is:
#
#   BOOTSTRAP=kafka-1.example:9093 COMMAND_CONFIG=admin.properties \
#   PARTITIONS=24 REPLICATION_FACTOR=3 MIN_INSYNC_REPLICAS=2 deploy/kafka/create-topics.sh
#
# It never changes an existing topic: a wrong partition count cannot be repaired in place
# (see deploy/README.md, "Partitions"), and retention is changed by a person, not a script.
set -euo pipefail

BOOTSTRAP="${BOOTSTRAP:-kafka:9092}"
PREFIX="${TOPIC_PREFIX:-followup.}"
PARTITIONS="${PARTITIONS:-12}"                # the four inputs, aggregates, deadletter
GLOBAL_PARTITIONS="${GLOBAL_PARTITIONS:-1}"   # catalog, announcements (read whole by every instance)
REPLICATION_FACTOR="${REPLICATION_FACTOR:-3}"
MIN_INSYNC_REPLICAS="${MIN_INSYNC_REPLICAS:-2}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"
WAIT_SECONDS="${WAIT_SECONDS:-120}"

INPUTS=(probes usage surveys finance)
[[ "$PREFIX" =~ ^[A-Za-z0-9._-]*$ ]] || { echo "TOPIC_PREFIX '$PREFIX': Kafka topic names use [A-Za-z0-9._-] only" >&2; exit 2; }
GLOBALS=(catalog announcements)

kt() {
  if [ -n "${COMMAND_CONFIG:-}" ]; then
    "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --command-config "$COMMAND_CONFIG" "$@"
  else
    "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" "$@"
  fi
}

# The event log: never deleted by time or size.
LOG_CONFIG=(--config retention.ms=-1 --config retention.bytes=-1 --config min.insync.replicas="$MIN_INSYNC_REPLICAS")

# The notifier's topics (README.md, "Personuppgifter / Personal data and secrets"): compacted,
# so a tombstone (a removed subscription, a delivered message) leaves nothing behind. A key is
# compacted at the latest max.compaction.lag.ms after it was written, once its segment has
# rolled (segment.ms): a removed subscription's URL, secret or address is gone from Kafka within
# 1 d + 1 h; the tombstone (the key alone) is dropped delete.retention.ms after that, within
# 2 d + 1 h in all.
# One partition: every instance reads each whole, in order.
NOTIFY=(subscriptions notifications)
NOTIFY_BOUNDS=(max.compaction.lag.ms=86400000 segment.ms=3600000 delete.retention.ms=86400000)
NOTIFY_CONFIG=(--config cleanup.policy=compact --config min.insync.replicas="$MIN_INSYNC_REPLICAS")
for b in "${NOTIFY_BOUNDS[@]}"; do NOTIFY_CONFIG+=(--config "$b"); done

echo "waiting for Kafka at $BOOTSTRAP"
deadline=$((SECONDS + WAIT_SECONDS))
until existing="$(kt --list 2>/dev/null)"; do
  [ "$SECONDS" -lt "$deadline" ] || { echo "Kafka at $BOOTSTRAP not reachable for ${WAIT_SECONDS}s" >&2; exit 1; }
  sleep 2
done

create() {  # name partitions config...
  local name="$1" parts="$2"
  shift 2
  if grep -qxF -- "$name" <<<"$existing"; then
    echo "exists:  $name (checked below, never changed)"
    return
  fi
  echo "create:  $name partitions=$parts replication-factor=$REPLICATION_FACTOR $*"
  kt --create --if-not-exists --topic "$name" --partitions "$parts" \
     --replication-factor "$REPLICATION_FACTOR" "$@"
}

for t in "${INPUTS[@]}"; do create "$PREFIX$t" "$PARTITIONS" "${LOG_CONFIG[@]}"; done
for t in "${GLOBALS[@]}"; do create "$PREFIX$t" "$GLOBAL_PARTITIONS" "${LOG_CONFIG[@]}"; done
# Dead letters: the rejected originals with the reason; a replay does not send them again,
# so they are kept like the log.
create "${PREFIX}deadletter" "$PARTITIONS" "${LOG_CONFIG[@]}"
# Aggregates: the latest projection row per key is all that matters.
create "${PREFIX}aggregates" "$PARTITIONS" --config cleanup.policy=compact \
  --config min.insync.replicas="$MIN_INSYNC_REPLICAS"
for t in "${NOTIFY[@]}"; do create "$PREFIX$t" 1 "${NOTIFY_CONFIG[@]}"; done

# ---- check every topic as the cluster has it ----------------------------------------------
prefix_re="${PREFIX//./\\.}"   # a regex for --describe; topic names have [A-Za-z0-9._-] only
describe="$(kt --describe --topic "${prefix_re}.*")"
header() { awk -F'\t' -v t="Topic: $1" '$1 == t' <<<"$describe"; }
field() {  # header-line field-name
  tr '\t' '\n' <<<"$1" | sed -n "s/^$2: //p"
}
has_config() {  # header-line key=value
  local configs
  configs="$(field "$1" Configs)"
  tr ',' '\n' <<<"$configs" | grep -qxF -- "$2"
}
config_value() {  # header-line key: the value, empty when the topic does not set it
  local configs
  configs="$(field "$1" Configs)"
  tr ',' '\n' <<<"$configs" | sed -n "s/^$2=//p"
}

errors=0
fail() { echo "ERROR: $*" >&2; errors=$((errors + 1)); }

input_counts=()
for t in "${INPUTS[@]}" "${GLOBALS[@]}" deadletter aggregates "${NOTIFY[@]}"; do
  h="$(header "$PREFIX$t")"
  if [ -z "$h" ]; then fail "$PREFIX$t does not exist"; continue; fi
  n="$(field "$h" PartitionCount)"
  rf="$(field "$h" ReplicationFactor)"
  echo "topic:   $PREFIX$t partitions=$n replication-factor=$rf configs=$(field "$h" Configs)"
  case " ${INPUTS[*]} " in *" $t "*) input_counts+=("$n") ;; esac
  if [ "$t" = aggregates ]; then
    has_config "$h" cleanup.policy=compact || fail "$PREFIX$t must have cleanup.policy=compact"
  elif case " ${NOTIFY[*]} " in *" $t "*) true ;; *) false ;; esac; then
    has_config "$h" cleanup.policy=compact ||
      fail "$PREFIX$t must have cleanup.policy=compact (a removed subscription must leave nothing behind)"
    [ "$n" = 1 ] || fail "$PREFIX$t has $n partitions, want 1 (the notifier reads it whole, in order)"
    for b in "${NOTIFY_BOUNDS[@]}"; do  # at most the bound: a shorter one keeps the promise too
      v="$(config_value "$h" "${b%%=*}")"
      [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -le "${b#*=}" ] ||
        fail "$PREFIX$t must have ${b%%=*} <= ${b#*=} (has ${v:-the broker default}): set it with kafka-configs.sh --alter --entity-type topics --entity-name $PREFIX$t --add-config $b"
    done
  else
    has_config "$h" retention.ms=-1 || fail "$PREFIX$t must have retention.ms=-1 (the event log is never deleted)"
    has_config "$h" retention.bytes=-1 || fail "$PREFIX$t must have retention.bytes=-1 (the event log is never deleted)"
    ! has_config "$h" cleanup.policy=compact ||
      fail "$PREFIX$t must not be compacted (only aggregates and the notifier's topics are)"
  fi
  [ "$rf" -ge "$REPLICATION_FACTOR" ] 2>/dev/null || fail "$PREFIX$t has replication factor $rf, want $REPLICATION_FACTOR"
done

distinct="$(printf '%s\n' "${input_counts[@]}" | sort -u)"
if [ "$(wc -l <<<"$distinct")" -ne 1 ]; then
  fail "the inputs (${INPUTS[*]}) must have the same partition count; they have: ${input_counts[*]}"
elif [ "$distinct" != "$PARTITIONS" ]; then
  echo "note: the inputs have $distinct partitions (PARTITIONS=$PARTITIONS is used only when creating)"
fi
agg="$(field "$(header "${PREFIX}aggregates")" PartitionCount)"
if [ -n "$agg" ] && [ "$(wc -l <<<"$distinct")" -eq 1 ] && [ "$agg" != "$distinct" ]; then
  echo "note: ${PREFIX}aggregates has $agg partitions, the inputs $distinct"
fi

if [ "$errors" -gt 0 ]; then
  echo "$errors problem(s) with the topics; followup must not start against them" >&2
  exit 1
fi
echo "topics ready"
