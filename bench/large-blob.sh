#!/usr/bin/env bash
# Pushes and pulls one large blob through a registry whose heap is capped at 256 MiB, and checks
# the bytes: shows that memory stays bounded whatever the blob's size.
#   bash bench/large-blob.sh [SIZE_GIB=20]
# Prints the push and pull rates, the digest check, and the registry's peak resident anonymous memory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_gib="${1:-20}"
port="${LARGE_BLOB_PORT:-5071}"
work="$(mktemp -d /var/tmp/lading-large.XXXXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap 'rc=$?; cleanup; exit $rc' EXIT

db_args=()
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  db_args=(--database-url jdbc:postgresql://127.0.0.1:5432/test --database-user postgres --database-schema "large_$RANDOM$RANDOM")
fi
LADING_JAVA_OPTS="-Xmx256m" LADING_ACCESS_LOG=WARN "$root/bin/lading-registry" --port "$port" --data-dir "$work/data" --auth none "${db_args[@]}" \
  > "$work/registry.log" 2>&1 &
pid=$!
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { echo "registry did not start:"; cat "$work/registry.log"; exit 1; }
jpid=$pid  # bin/lading-registry execs java, so this is the JVM

peak_anon_kb=0
sample_memory() {
  local kb
  kb=$(awk '/^RssAnon:/ {print $2}' "/proc/$jpid/status" 2>/dev/null || echo 0)
  [ "${kb:-0}" -gt "$peak_anon_kb" ] && peak_anon_kb=$kb
  return 0
}

base="http://127.0.0.1:$port/v2/bench/large"
bytes=$((size_gib * 1024 * 1024 * 1024))
location=$(curl -sf -X POST -D - -o /dev/null "$base/blobs/uploads/" | tr -d '\r' | sed -n 's/^Location: //Ip')
# A repeatable pseudo-random stream (AES-CTR of zeros) that is fast and not compressible.
# openssl is cut off by head with SIGPIPE, which is the expected end of the stream.
stream() { (openssl enc -aes-128-ctr -nosalt -pass pass:lading -in /dev/zero 2>/dev/null || true) | head -c "$bytes"; }

echo "pushing $size_gib GiB as one streamed PATCH to a registry with -Xmx256m ..."
start=$(date +%s.%N)
( while kill -0 "$jpid" 2>/dev/null; do sample_memory; echo "$peak_anon_kb" > "$work/peak"; sleep 0.5; done ) &
sampler=$!
stream | tee >(openssl dgst -sha256 -r | cut -d' ' -f1 > "$work/sent.sha256") \
  | curl -sf -X PATCH -H 'Content-Type: application/octet-stream' -T - "http://127.0.0.1:$port$location" -o /dev/null
sleep 1
digest="sha256:$(cat "$work/sent.sha256")"
curl -sf -X PUT "http://127.0.0.1:$port$location?digest=$digest" -o /dev/null
push_s=$(echo "$(date +%s.%N) - $start" | bc)

start=$(date +%s.%N)
got=$(curl -sf "$base/blobs/$digest" | openssl dgst -sha256 -r | cut -d' ' -f1)
pull_s=$(echo "$(date +%s.%N) - $start" | bc)
kill "$sampler" 2>/dev/null || true
peak_kb=$(cat "$work/peak")

[ "sha256:$got" = "$digest" ] || { echo "FAIL: pulled digest sha256:$got differs from pushed $digest"; exit 1; }
printf 'large blob: %s GiB, push %.1f s (%.0f MB/s), pull %.1f s (%.0f MB/s), digest identical, registry peak RssAnon %d MiB (heap cap 256 MiB)\n' \
  "$size_gib" "$push_s" "$(echo "$bytes / $push_s / 1000000" | bc -l)" "$pull_s" "$(echo "$bytes / $pull_s / 1000000" | bc -l)" \
  "$((peak_kb / 1024))"
