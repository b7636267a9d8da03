#!/usr/bin/env bash
# The puller against the physical limit, in one run: pulls a model (8 shards of 512 MiB by default) from a
# local Lading registry through `lading pull` into the verified cache, and compares with curl writing the same
# blobs to files (fsynced), which is the most any client can do here. Then: a second version with one shard
# changed (bytes moved / total should be 1/8), activation and rollback times, and the daemon's peak memory
# while it pulls the model into an empty cache.
#
#   bash bench/puller-bench.sh                                 # 8 x 512 MiB
#   PULLER_SHARDS=4 PULLER_SHARD_MB=64 bash bench/puller-bench.sh   # a quick check of the script
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shards="${PULLER_SHARDS:-8}"
shard_mb="${PULLER_SHARD_MB:-512}"
port="${PULLER_PORT:-5290}"
source "$root/bin/lib/java.sh"
for tool in curl python3 awk; do command -v "$tool" >/dev/null || { echo "bench needs $tool"; exit 1; }; done
[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time (apt-get install time)"; exit 1; }

work="$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/lading-puller-bench.XXXXXX")"
pids=()
schema=""
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  [ -n "$schema" ] && psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
  rm -rf "$work"
}
trap 'rc=$?; [ "$rc" = 0 ] || { echo "failed (exit $rc); the registry log ends:"; tail -n 30 "$work/registry.log" 2>/dev/null; }; cleanup; exit $rc' EXIT
log() { echo "[$(date +%H:%M:%S)] $*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.3f", b - a}'; }
lading() { "$root/bin/lading" "$@"; }
registry="http://127.0.0.1:$port"
total=$((shards * shard_mb * 1048576))

log "building (bin/lading --help, bin/lading-registry --help)"
lading --help > /dev/null
"$root/bin/lading-registry" --help > /dev/null
db=()
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  schema="pullerbench_$RANDOM$RANDOM"
  db=(--database-url jdbc:postgresql://127.0.0.1:5432/test --database-user postgres --database-schema "$schema")
fi
LADING_ACCESS_LOG=WARN "$root/bin/lading-registry" --port "$port" --data-dir "$work/registry" --auth none "${db[@]}" > "$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do curl -sf "$registry/readyz" >/dev/null && break; sleep 1; done
curl -sf "$registry/readyz" >/dev/null || { echo "registry did not start"; tail "$work/registry.log"; exit 1; }

log "generating $shards shards of $shard_mb MiB and pushing them as bench/model:v1"
mkdir -p "$work/v1"
gen() { { openssl enc -aes-128-ctr -nosalt -pass "pass:$1" -in /dev/zero 2>/dev/null || true; } | head -c $((shard_mb * 1048576)) > "$2"; }
for i in $(seq -f '%02g' 1 "$shards"); do gen "v1-$i-$RANDOM" "$work/v1/model-$i-of-$shards.safetensors"; done
export LADING_REGISTRY="$registry"
v1=$(lading push --json bench/model:v1 "$work/v1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])')
# v2: the same model with one shard retrained.
mkdir -p "$work/v2"
for f in "$work"/v1/*; do ln "$f" "$work/v2/$(basename "$f")"; done
rm "$work/v2/model-03-of-$shards.safetensors"; gen "v2-$RANDOM" "$work/v2/model-03-of-$shards.safetensors"
v2=$(lading push --json bench/model:v2 "$work/v2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])')
curl -sf "$registry/v2/bench/model/manifests/v1" -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  | python3 -c 'import json,sys; [print(l["digest"]) for l in json.load(sys.stdin)["layers"]]' > "$work/layers"

# The limit: curl writes each blob to a file and fsyncs it, one blob after another, and 4 at once.
fetch_one() { curl -sf -o "$2" "$1" && sync "$2"; }
export -f fetch_one
hz=$(getconf CLK_TCK)
registry_ticks() { awk '{print $14 + $15}' "/proc/${pids[0]}/stat"; }
# Starts each measurement alike: nothing of the last one left, no dirty pages, the registry's blobs in the page
# cache (as root the page cache is dropped first, so every round starts with the same free memory).
clean() {
  rm -rf "$work/curl" "$work/cache"; mkdir -p "$work/curl"; sync
  [ -w /proc/sys/vm/drop_caches ] && echo 1 > /proc/sys/vm/drop_caches
  while read -r d; do curl -sf -o /dev/null "$registry/v2/bench/model/blobs/$d"; done < "$work/layers"
}
# Prints the wall seconds, the command's CPU seconds (user + system, children included) and the registry's;
# the command's output goes to $work/measured.out.
measure() {
  local t0 r0 wall
  r0=$(registry_ticks); t0=$(now)
  /usr/bin/time -f "%U %S" -o "$work/time" "$@" > "$work/measured.out"
  wall=$(since "$t0")
  echo "$wall $(awk '{print $1 + $2}' "$work/time") $(awk -v a="$r0" -v b="$(registry_ticks)" -v hz="$hz" 'BEGIN {print (b - a) / hz}')"
}
log "warming the registry's page cache, then curl one blob at a time"
clean
t=$(now); while read -r d; do fetch_one "$registry/v2/bench/model/blobs/$d" "$work/curl/${d#sha256:}"; done < "$work/layers"; curl1=$(since "$t")
# Runs vary up to 2x here with the state of the disk's write-back: curl 4 at once and lading pull alternate,
# $rounds times each, and each round's ratio compares neighbours.
rounds="${PULLER_ROUNDS:-3}"
: > "$work/rounds"
for r in $(seq "$rounds"); do
  log "round $r of $rounds: curl 4 blobs at a time, then lading pull v1 into an empty cache"
  clean
  c=$(measure bash -c 'sed "s|^|$1/v2/bench/model/blobs/|" "$2" | xargs -P 4 -I{} bash -c '"'"'fetch_one "$1" "$2/$(basename "$1" | cut -d: -f2)"'"'"' _ {} "$3"' _ "$registry" "$work/layers" "$work/curl")
  clean
  p=$(measure "$root/bin/lading" pull --json --cache "$work/cache" bench/model:v1)
  echo "$c $p" >> "$work/rounds"
done
mv "$work/time" "$work/time.last"
log "lading pull v2 (one shard changed) into the same cache"
t=$(now); lading pull --json --cache "$work/cache" bench/model:v2 > "$work/pull2.json"; pull2=$(since "$t")
moved2=$(python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["bytesFetched"], j["totalBytes"])' "$work/pull2.json")

log "activation and rollback"
act() { local t0; t0=$(now); lading activate --cache "$work/cache" "$1" > /dev/null; since "$t0"; }
a1=$(act "bench/model@$v1"); a2=$(act "bench/model@$v2")
t=$(now); lading rollback --cache "$work/cache" bench/model > /dev/null; rb=$(since "$t")
[ "$(readlink "$work/cache/models/bench/model/current")" = "versions/${v1#sha256:}" ] || { echo "rollback did not point current at v1"; exit 1; }
cmp -s "$work/cache/models/bench/model/current/model-03-of-$shards.safetensors" "$work/v1/model-03-of-$shards.safetensors" || { echo "current shard 3 differs from v1"; exit 1; }
# JVM start-up is most of these: the same command on a version that is already current is the baseline.
t=$(now); lading activate --cache "$work/cache" "bench/model@$v1" > /dev/null; anoop=$(since "$t")

log "daemon pulling v1 into an empty cache with -Xmx192m (as the systemd unit runs it)"
cat > "$work/daemon.json" <<JSON
{"registry": "$registry", "cache": "$work/dcache", "listen": "127.0.0.1:0", "pollSeconds": 1,
 "models": [{"repository": "bench/model", "tag": "v1"}]}
JSON
# bin/lading execs java, so $! is the JVM whose memory we read.
LADING_CLI_JAVA_OPTS="-Xmx192m" "$root/bin/lading" daemon --config "$work/daemon.json" > "$work/daemon.log" 2>&1 &
dpid=$!; pids+=($dpid)
peak=0; t=$(now)
until [ "$(readlink "$work/dcache/models/bench/model/current" 2>/dev/null)" = "versions/${v1#sha256:}" ]; do
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$dpid/status" 2>/dev/null || echo 0); [ "${kb:-0}" -gt "$peak" ] && peak=$kb
  kill -0 "$dpid" 2>/dev/null || { echo "daemon died:"; tail "$work/daemon.log"; exit 1; }
  awk -v s="$(since "$t")" 'BEGIN {exit !(s > 600)}' && { echo "daemon did not activate v1 in 600 s"; tail "$work/daemon.log"; exit 1; }
  sleep 0.2
done
dsecs=$(since "$t")
kill -TERM "$dpid"; wait "$dpid" 2>/dev/null || true

echo
python3 - "$total" "$curl1" "$pull2" "$moved2" "$a1" "$a2" "$rb" "$anoop" "$peak" "$dsecs" "$shards" "$shard_mb" "$work/rounds" <<'PY'
import statistics, sys
n, c1, p2 = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
moved, whole = map(int, sys.argv[4].split())
a1, a2, rb, anoop = map(float, sys.argv[5:9])
peak_kb, dsecs, shards, shard_mb = int(sys.argv[9]), float(sys.argv[10]), int(sys.argv[11]), int(sys.argv[12])
rounds = [list(map(float, line.split())) for line in open(sys.argv[13]) if line.strip()]
gb = n / 1e9
print(f"puller bench: {shards} x {shard_mb} MiB = {gb:.2f} GB, registry on loopback, {len(rounds)} rounds")
print(f"  curl -> file + fsync, 1 blob at a time   {c1:7.2f} s {n / c1 / 1e6:6.0f} MB/s")
print("  round   curl -> file + fsync, 4 at once     lading pull into an empty cache    ratio")
print("          wall s   CPU-s  registry CPU-s      wall s   CPU-s  registry CPU-s      curl/lading")
for i, (cw, cc, cr, pw, pc, pr) in enumerate(rounds, 1):
    print(f"  {i:5d}  {cw:7.2f} {cc:7.2f} {cr:7.2f}              {pw:7.2f} {pc:7.2f} {pr:7.2f}              {cw / pw:.2f}")
curl4 = statistics.median(r[0] for r in rounds)
pull = statistics.median(r[3] for r in rounds)
ratio = statistics.median(r[0] / r[3] for r in rounds)
print(f"  median: curl 4 at once {curl4:.2f} s ({n / curl4 / 1e6:.0f} MB/s), lading pull {pull:.2f} s "
      f"({n / pull / 1e6:.0f} MB/s); median ratio {ratio:.2f} (target >= 0.9)")
cpu = [sum(r[i] for r in rounds) / len(rounds) for i in range(6)]
floor = (cpu[4] + cpu[5]) / 2
print(f"  CPU-s per GB (mean): curl {cpu[1] / gb:.2f} + registry {cpu[2] / gb:.2f}; lading pull {cpu[4] / gb:.2f} + registry "
      f"{cpu[5] / gb:.2f}")
print(f"    on 2 cores a pull using that CPU takes at least {floor:.2f} s: a ratio of at most {curl4 / floor:.2f} to the median curl")
print(f"  lading pull v2, 1 of {shards} shards changed    {p2:7.2f} s   bytes moved / total = {moved} / {whole} = "
      f"{moved / whole:.3f} (1/{shards} = {1 / shards:.3f})")
print(f"  lading activate v1, v2; rollback; no-op  {a1:.2f} s, {a2:.2f} s; {rb:.2f} s; {anoop:.2f} s (CLI wall time incl. JVM start)")
print(f"  daemon: pulled and activated v1 in {dsecs:.1f} s, peak RSS {peak_kb // 1024} MiB (target < 256)")
PY
