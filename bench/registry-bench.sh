#!/usr/bin/env bash
# Lading against Debian's docker-registry (CNCF Distribution 2.8.2), side by side in ONE run, with the
# machine's limits measured in the same run (nginx serving the same bytes; the JDK's SHA-256 rate).
# Runs here vary up to 2x from one run to the next, so only ratios measured within one run mean much.
#
#   bash bench/registry-bench.sh                                  # 8 shards of 512 MiB (4 GiB), 1 round
#   BENCH_SHARDS=4 BENCH_SHARD_MB=32 bash bench/registry-bench.sh # a quick check of the script (~2 min)
#
# Knobs (environment): BENCH_SHARDS (8), BENCH_SHARD_MB (512), BENCH_ROUNDS (1; medians are reported),
# BENCH_OPS ("push pull up1 up4 get": which measurements to run), BENCH_PORT (5190: nginx on it, docker-registry
# on +1, Lading on +2), BENCH_B (lading, or docker-registry to run a second docker-registry in Lading's slot
# and so test the bench itself), BENCH_LADING_CMD (bin/lading-registry), BENCH_DB (auto: the PostgreSQL on
# 127.0.0.1:5432 with a fresh schema per registry start when it answers, else embedded; "embedded" forces
# embedded), BENCH_TMPDIR (/var/tmp: needs ~3x the model size free), BENCH_RESULTS (a file to keep the raw
# measurements in). See bench/README.md for what each figure means and the pitfalls avoided.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shards="${BENCH_SHARDS:-8}"
shard_mb="${BENCH_SHARD_MB:-512}"
rounds="${BENCH_ROUNDS:-1}"
ops=" ${BENCH_OPS:-push pull up1 up4 get} "
port="${BENCH_PORT:-5190}"
slot_b="${BENCH_B:-lading}"
lading_cmd="${BENCH_LADING_CMD:-$root/bin/lading-registry}"
db_mode="${BENCH_DB:-auto}"
total_bytes=$((shards * shard_mb * 1024 * 1024))
get_streams=$((shards < 8 ? shards : 8))
up_streams=$((shards < 4 ? shards : 4))

for tool in skopeo docker-registry nginx curl python3 awk du; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install skopeo docker-registry nginx-light curl python3)"; exit 1; }
done
case "$slot_b" in
  lading) b_label="Lading"
    [ -x "$lading_cmd" ] || { echo "bench: $lading_cmd does not exist (set BENCH_B=docker-registry to test the bench alone)"; exit 1; } ;;
  docker-registry) b_label="docker-reg#2" ;;
  *) echo "bench: BENCH_B must be lading or docker-registry"; exit 1 ;;
esac
a_label="docker-registry"
for p in "$port" $((port + 1)) $((port + 2)); do
  if ss -ltn | awk '{print $4}' | grep -q ":$p\$"; then echo "bench: port $p is taken; set BENCH_PORT"; exit 1; fi
done
# The SHA-256 figure is the JDK's: use the newest JDK (bin/lib/java.sh finds 21+; here it is 25).
source "$root/bin/lib/java.sh"

work="$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/lading-bench.XXXXXX")"
pids=()      # every process this script started and has not stopped yet
schemas=()   # PostgreSQL schemas this script created and has not dropped yet

# Stops one process we started: TERM (Lading then stops its embedded PostgreSQL), KILL if it lingers.
stop_pid() {
  local p=$1 i
  kill -TERM "$p" 2>/dev/null || return 0
  for i in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}
# PostgreSQL servers whose command line names our work dir: an embedded PostgreSQL left behind by a
# Lading that had to be KILLed. (Only postgres processes: nginx's command line names the work dir too.)
own_orphans() {
  local d
  for d in /proc/[0-9]*; do
    [ "$(cat "$d/comm" 2>/dev/null)" = postgres ] || continue
    tr '\0' ' ' < "$d/cmdline" 2>/dev/null | grep -qF "$work/" && echo "${d#/proc/}"
  done
  return 0
}
drop_schema() { psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $1 CASCADE" >/dev/null 2>&1 || true; }
cleanup() {
  set +e
  for p in "${pids[@]}"; do stop_pid "$p"; done
  for p in $(own_orphans); do kill -KILL "$p" 2>/dev/null; done
  for s in "${schemas[@]}"; do drop_schema "$s"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "bench: interrupted"; exit 130' INT TERM

now() { date +%s.%N; }
clk=$(getconf CLK_TCK)
# utime + stime of one process, in clock ticks (fields 14 and 15 of /proc/PID/stat; the command name in
# parentheses may hold spaces, so cut everything up to ") " first).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
log() { echo "[$(date +%H:%M:%S)] $*"; }
results="$work/results.tsv"
: > "$results"

echo "== Lading registry bench: $shards x $shard_mb MiB, $rounds round(s), ops:$ops, A=$a_label, B=$b_label"
echo "   repo $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
if awk '{exit !($1 > 0.7)}' /proc/loadavg; then
  echo "   WARNING: the machine is busy (load above 0.7): figures will be low and noisy"
fi

# ---------------------------------------------------------------------------------------------------
log "generating $shards random shards of $shard_mb MiB and an OCI layout of them"
mkdir -p "$work/shards" "$work/model" "$work/nginx/tmp"
seed="$RANDOM$RANDOM$(date +%s%N)"
for i in $(seq -f '%03g' 1 "$shards"); do
  # AES-CTR of zeros: random-looking, incompressible, and ~1.5 GB/s, far faster than /dev/urandom.
  # head cuts openssl off with SIGPIPE, which is the expected end of its stream.
  if command -v openssl >/dev/null; then
    { openssl enc -aes-128-ctr -nosalt -pass "pass:$seed-$i" -in /dev/zero 2>/dev/null || true; } | head -c $((shard_mb * 1048576)) > "$work/shards/shard-$i"
  else
    head -c $((shard_mb * 1048576)) /dev/urandom > "$work/shards/shard-$i"
  fi
done
# shard path, digest, size, one line each: what the raw uploads send.
python3 "$root/bench/oci_layout.py" "$work/shards" "$work/model" v1 > "$work/shards.tsv"
[ "$(awk -F'\t' '{s += $3} END {print s}' "$work/shards.tsv")" = "$total_bytes" ] || { echo "bench: shard generation failed"; exit 1; }
cut -f2 "$work/shards.tsv" > "$work/digests"

# ---------------------------------------------------------------------------------------------------
# Runs a command, leaving its wall time in $elapsed, the CPU seconds the process $cpu_pid used meanwhile
# in $cpu_used ("-" without one), and its exit status in $status. Everything written before is flushed
# first, so that one measurement's writeback does not land in the next one.
cpu_pid=""
timed() {
  local t0 t1 c0="" c1
  sync
  [ -n "$cpu_pid" ] && c0=$(cpu_ticks "$cpu_pid")
  t0=$(now)
  status=0
  "$@" || status=$?
  t1=$(now)
  elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
  cpu_used="-"
  if [ -n "$c0" ]; then
    c1=$(cpu_ticks "$cpu_pid")
    cpu_used=$(awk -v a="$c0" -v b="$c1" -v t="$clk" 'BEGIN {printf "%.2f", (b - a) / t}')
  fi
}
# record ROUND SUBJECT OP BYTES NOTE: one line of results (seconds and CPU from the last `timed`).
record() {
  local note=$5
  [ "$status" = 0 ] || note="failed (exit $status)${note#ok}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$elapsed" "$4" "$cpu_used" "$note" >> "$results"
  awk -v s="$elapsed" -v b="$4" -v c="$cpu_used" -v n="$note" -v what="$2 $3" \
    'BEGIN {printf "    %-22s %7.2f s %8.0f MB/s  cpu %s s  %s\n", what, s, b / s / 1e6, c, n}'
}

# Fetches every URL on standard input with N curls at once to /dev/null; fails unless each answered 200
# with the expected total of bytes.
fetch_all() { # parallelism expected_bytes
  xargs -P "$1" -I{} curl -s -o /dev/null -w '%{http_code} %{size_download}\n' {} > "$work/fetch.out" || true
  awk -v want="$2" '$1 != 200 {bad++} {got += $2} END {if (bad || got != want) {printf "fetch: %d bad answers, %d of %d bytes\n", bad, got, want > "/dev/stderr"; exit 1}}' "$work/fetch.out"
}

# Monolithic upload of one blob: POST for a session, then PUT the whole file with ?digest=.
# -T streams the file (--data-binary @file would load it into memory first); "Expect:" stops curl
# from waiting for a 100-continue before the body, as Go clients (skopeo) never ask for one.
upload_one() { # base repo file digest
  local loc code sep='?'
  loc=$(curl -s -X POST -D - -o /dev/null "$1/v2/$2/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: *//p')
  [ -n "$loc" ] || { echo "upload: POST $1/v2/$2/blobs/uploads/ gave no Location" >&2; return 1; }
  case "$loc" in http://*|https://*) ;; /*) loc="$1$loc" ;; *) loc="$1/v2/$2/blobs/uploads/$loc" ;; esac
  case "$loc" in *\?*) sep='&' ;; esac
  code=$(curl -s -X PUT -H 'Content-Type: application/octet-stream' -H 'Expect:' -T "$3" -o /dev/null \
    -w '%{http_code}' "$loc${sep}digest=$4")
  [ "$code" = 201 ] || { echo "upload: PUT of $3 answered $code" >&2; return 1; }
}
export -f upload_one
upload_all() { # base repo parallelism
  cut -f1,2 "$work/shards.tsv" | xargs -P "$3" -L 1 bash -c 'upload_one "$0" "$1" "$2" "$3"' "$1" "$2"
}

# ---------------------------------------------------------------------------------------------------
# A fresh, empty registry of one kind: sets reg_pid, reg_base, reg_data, reg_log, reg_schema.
start_registry() { # kind port
  local kind=$1 p=$2 i
  local dir
  dir=$(mktemp -d "$work/$kind.XXXX")
  reg_data="$dir/data"; reg_log="$dir/log"; reg_base="http://127.0.0.1:$p"; reg_schema=""
  if [ "$kind" = docker-registry ]; then
    # The Debian package's configuration, minus the access log (Lading's is off too), on a fresh directory.
    cat > "$dir/config.yml" <<EOF
version: 0.1
log: {level: warn, accesslog: {disabled: true}}
storage:
  filesystem: {rootdirectory: $reg_data}
  delete: {enabled: true}
  cache: {blobdescriptor: inmemory}
http: {addr: 127.0.0.1:$p}
EOF
    docker-registry serve "$dir/config.yml" > "$reg_log" 2>&1 &
    reg_pid=$!
  else
    local db=()
    if [ "$db_mode" = auto ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
      reg_schema="bench_$RANDOM$RANDOM"; schemas+=("$reg_schema")
      db=(--database-url jdbc:postgresql://127.0.0.1:5432/test --database-user postgres --database-schema "$reg_schema")
    fi
    # --auth none: docker-registry runs without auth too. The access log off, as docker-registry's.
    # bin/lading-registry execs java, so $! is the JVM whose CPU time we read.
    LADING_ACCESS_LOG=WARN "$lading_cmd" --port "$p" --data-dir "$reg_data" --auth none "${db[@]}" > "$reg_log" 2>&1 &
    reg_pid=$!
  fi
  pids+=("$reg_pid")
  for i in $(seq 600); do
    curl -sf -m 2 -o /dev/null "$reg_base/v2/" && { cpu_pid=$reg_pid; return 0; }
    kill -0 "$reg_pid" 2>/dev/null || break
    sleep 0.2
  done
  echo "bench: $kind did not start on port $p; its log:"; tail -30 "$reg_log"; exit 1
}
# Stops the registry, keeps the notable lines of its log, and wipes its data and schema.
stop_registry() { # subject
  stop_pid "$reg_pid"
  local keep=() p
  for p in "${pids[@]}"; do [ "$p" != "$reg_pid" ] && keep+=("$p"); done
  pids=("${keep[@]}")
  for p in $(own_orphans); do kill -KILL "$p" 2>/dev/null || true; done
  # Errors and warnings, less the expected ones: Lading's start-up notes (auth off, jOOQ's PostgreSQL
  # version), docker-registry's missing http.secret and its "blob unknown" answers to skopeo's HEADs.
  grep -E 'ERROR|WARN|level=error|level=warn|panic|Exception' "$reg_log" \
    | grep -vE 'access control is OFF|Version mismatch|jooq.org|No HTTP secret provided|err.code="blob unknown"' \
    >> "$work/problems-$1" || true
  if [ -n "$reg_schema" ]; then drop_schema "$reg_schema"; fi
  rm -rf "$(dirname "$reg_data")"
  cpu_pid=""
}
# Bytes of blob data the registry holds (its embedded PostgreSQL, if any, left out).
stored_bytes() { du -sb --exclude=postgres "$reg_data" 2>/dev/null | cut -f1; }
check_stored() { # -> "ok" or why not: an upload that was skipped would make a push look fast
  local got
  got=$(stored_bytes)
  if [ "${got:-0}" -ge "$total_bytes" ]; then echo ok; else echo "server holds only ${got:-0} of $total_bytes bytes"; fi
}
# skopeo remembers which blobs it pushed where, and skips them even into another repository or a
# registry wiped since: forget all that before every push. Root's cache is under /var/lib/containers.
wipe_skopeo_cache() {
  rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb \
    "${XDG_DATA_HOME:-$HOME/.local/share}/containers/cache/blob-info-cache-v1.boltdb"
}

# All measurements against one registry kind, each phase on a fresh, empty registry.
bench_registry() { # round subject kind port
  local r=$1 s=$2 kind=$3 p=$4 repo note
  if [[ "$ops" == *" push "* || "$ops" == *" pull "* ]]; then
    start_registry "$kind" "$p"
    repo="bench/model-$RANDOM$RANDOM"
    wipe_skopeo_cache
    # --preserve-digests: skopeo must send the layers as they are (it gzips tar-typed ones otherwise).
    timed skopeo copy --quiet --preserve-digests --dest-tls-verify=false --dest-no-creds \
      "oci:$work/model:v1" "docker://${reg_base#http://}/$repo:v1"
    record "$r" "$s" push "$total_bytes" "$(check_stored)"
    if [[ "$ops" == *" pull "* ]]; then
      rm -rf "$work/pulled"
      timed skopeo copy --quiet --src-tls-verify=false --src-no-creds \
        "docker://${reg_base#http://}/$repo:v1" "oci:$work/pulled:v1"
      note=ok
      [ "$(du -sb "$work/pulled/blobs" 2>/dev/null | cut -f1)" -ge "$total_bytes" ] || note="pulled layout is short of bytes"
      record "$r" "$s" pull "$total_bytes" "$note"
      rm -rf "$work/pulled"
    fi
    stop_registry "$s"
  fi
  if [[ "$ops" == *" up1 "* || "$ops" == *" get "* ]]; then
    start_registry "$kind" "$p"
    repo="bench/raw-$RANDOM"
    timed upload_all "$reg_base" "$repo" 1
    record "$r" "$s" up1 "$total_bytes" "$(check_stored)"
    if [[ "$ops" == *" get "* ]]; then
      local n url_list="$work/urls"
      sed "s|^|$reg_base/v2/$repo/blobs/|" "$work/digests" > "$url_list"
      for n in 1 "$get_streams"; do
        # One untimed pass first: the registry serves from the page cache, as nginx does below.
        fetch_all "$n" "$total_bytes" < "$url_list" || true
        timed fetch_all "$n" "$total_bytes" < "$url_list"
        record "$r" "$s" "get$([ "$n" = 1 ] && echo 1 || echo 8)" "$total_bytes" ok
      done
    fi
    stop_registry "$s"
  fi
  if [[ "$ops" == *" up4 "* ]]; then
    start_registry "$kind" "$p"
    timed upload_all "$reg_base" "bench/raw-$RANDOM" "$up_streams"
    record "$r" "$s" up4 "$total_bytes" "$(check_stored)"
    stop_registry "$s"
  fi
}

# ---------------------------------------------------------------------------------------------------
# nginx serving the shard directory: the ceiling of what any HTTP server can send from the page cache.
# Workers run as root: the work dir is private (mktemp), and nginx's default "nobody" could not read it.
cat > "$work/nginx/nginx.conf" <<EOF
daemon off; user root; worker_processes 2; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off; sendfile on; tcp_nopush on;
  client_body_temp_path $work/nginx/tmp; proxy_temp_path $work/nginx/tmp; fastcgi_temp_path $work/nginx/tmp;
  uwsgi_temp_path $work/nginx/tmp; scgi_temp_path $work/nginx/tmp;
  server { listen 127.0.0.1:$port; root $work/shards; }
}
EOF
nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" > "$work/nginx/out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$port/shard-001" && break; sleep 0.1; done
sed "s|^$work/shards/|http://127.0.0.1:$port/|" <(cut -f1 "$work/shards.tsv") > "$work/nginx-urls"

# One shard file after another to a file, each fsynced: the disk-bound ceiling of a pull to disk.
fetch_to_file() {
  local url
  while read -r url; do
    curl -sf -o "$work/nginx/copy" "$url" && sync "$work/nginx/copy" || return 1
    rm -f "$work/nginx/copy"
  done < "$work/nginx-urls"
}

measure_limits() { # round
  # The JDK's SHA-256 over a shard in the page cache: the most a single upload can go when the
  # registry hashes on one core (docker-registry's Go SHA-256 is ~4x slower here).
  printf '%s\tsha256\tjdk\t%s\t0\t-\tok\n' "$1" "$("$JAVA_HOME/bin/java" "$root/bench/Sha256Rate.java" "$work/shards/shard-001")" >> "$results"
  log "  JDK SHA-256: $(tail -1 "$results" | cut -f4) GB/s"
  fetch_all 1 "$total_bytes" < "$work/nginx-urls" # warm
  timed fetch_all 1 "$total_bytes" < "$work/nginx-urls"; record "$1" limit nginx1 "$total_bytes" ok
  timed fetch_all "$get_streams" "$total_bytes" < "$work/nginx-urls"; record "$1" limit nginx8 "$total_bytes" ok
  timed fetch_to_file; record "$1" limit nginxfile "$total_bytes" ok
}

if [ "$slot_b" = lading ]; then
  log "building Lading if needed ($lading_cmd --help)"
  "$lading_cmd" --help > /dev/null
fi
started=$(date +%s)
for r in $(seq 1 "$rounds"); do
  log "round $r of $rounds: limits"
  measure_limits "$r"
  # Alternate which registry goes first, so neither always gets the cooler machine.
  order=("a docker-registry $((port + 1))" "b $slot_b $((port + 2))")
  [ $((r % 2)) = 0 ] && order=("${order[1]}" "${order[0]}")
  for entry in "${order[@]}"; do
    read -r s kind p <<< "$entry"
    log "round $r of $rounds: $([ "$s" = a ] && echo "$a_label" || echo "$b_label")"
    bench_registry "$r" "$s" "$kind" "$p"
  done
done
log "done in $(( $(date +%s) - started )) s"

echo
python3 "$root/bench/report.py" "$results" "$a_label" "$b_label" "$up_streams" "$get_streams"
echo
echo "targets: raw upload >=1.5x docker-registry; blob GET >=1.0x docker-registry and >=0.8x nginx (same"
echo "number of streams); skopeo push and pull >=1.0x. CPU-s/GB: the registry process only (not PostgreSQL)."
for s in a b; do
  label=$([ "$s" = a ] && echo "$a_label" || echo "$b_label")
  if [ -s "$work/problems-$s" ]; then
    echo
    echo "$label logged $(wc -l < "$work/problems-$s") error/warning line(s); the first few:"
    head -5 "$work/problems-$s" | cut -c1-400
  fi
done
[ -n "${BENCH_RESULTS:-}" ] && cp "$results" "$BENCH_RESULTS" && echo "raw measurements kept in $BENCH_RESULTS"
exit 0
