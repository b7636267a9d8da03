#!/usr/bin/env bash
# The control plane under a fleet's load (issue 7): a real registry with access control on, and a load
# generator simulating N pullers that register, heartbeat every 5 s and keep a long poll open on their
# desired state, while an operator pushes, moves a channel and rolls out in waves. Prints heartbeat and
# desired-state latencies, change-to-notify latency, the server's peak RSS and heap, and CPU seconds, with
# PASS/MISS against the targets (p99 < 50 ms, RSS < 1 GiB). See README.md beside this file.
#
#   bash bench/control-plane/control-plane-bench.sh                      # 1000 hosts, 120 s after 20 s warm-up
#   bash bench/control-plane/control-plane-bench.sh --hosts 50 --duration 30 --warmup 5   # a quick check
#
# Options: --hosts N (1000)  --duration S (120)  --warmup S (20)  --xmx SIZE (768m, the registry's heap cap)
#          --embedded (embedded PostgreSQL even when 127.0.0.1:5432 answers)  --port P (5390)
#          --dumps N (thread dumps of the registry, virtual threads included, during the window; kept with --keep)
#          --jfr (a Java Flight Recording of the registry over the window; prints its hot methods, kept with --keep)  --keep DIR (keep logs there)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
hosts=1000 duration=120 warmup=20 xmx=768m embedded=0 port=5390 dumps=0 jfr=0 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) hosts="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --xmx) xmx="$2"; shift 2 ;;
    --embedded) embedded=1; shift ;;
    --port) port="$2"; shift 2 ;;
    --dumps) dumps="$2"; shift 2 ;;
    --jfr) jfr=1; shift ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "control-plane-bench: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
source "$root/bin/lib/java.sh"
# The generator runs on virtual threads and the JDK's HttpClient; the team measures on JDK 25.
if [ "$(lading_java_major "$JAVA_HOME")" -lt 25 ] 2>/dev/null; then
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] && [ "$(lading_java_major "$candidate")" -ge 25 ] 2>/dev/null && { export JAVA_HOME="$candidate" PATH="$candidate/bin:$PATH"; break; }
  done
fi
command -v curl >/dev/null || { echo "control-plane-bench needs curl" >&2; exit 1; }

work="$(mktemp -d "${BENCH_TMPDIR:-/var/tmp}/lading-cp-bench.XXXXXX")"
pids=()
schema=""
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  [ -n "$schema" ] && psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$work"/*.log "$work"/*.txt "$work"/*.jfr "$keep"/ 2>/dev/null; fi
  rm -rf "$work"
}
trap 'rc=$?; cleanup; exit $rc' EXIT
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

log "building the registry and the load generator (puller test classes)"
"$root/bin/lading-registry" --help > /dev/null
(cd "$root" && mvn -q -B -pl puller test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt") >&2
classpath="$root/puller/target/test-classes:$root/puller/target/classes:$(cat "$work/classpath.txt")"

db=() db_note="embedded PostgreSQL"
if [ "$embedded" = 0 ] && pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  schema="cpbench_$RANDOM$RANDOM"
  db=(--database-url jdbc:postgresql://127.0.0.1:5432/test --database-user postgres --database-schema "$schema")
  db_note="PostgreSQL 127.0.0.1:5432, schema $schema"
fi
password="cp-bench-$RANDOM$RANDOM$RANDOM"
registry="http://127.0.0.1:$port"
log "starting the registry on $registry with -Xmx$xmx, access control on, $db_note"
# Access log at WARN as in the other benchmarks: 250 requests a second of INFO lines would measure the logger.
LADING_ADMIN_PASSWORD="$password" LADING_JAVA_OPTS="-Xmx$xmx" LADING_ACCESS_LOG=WARN \
  "$root/bin/lading-registry" --port "$port" --data-dir "$work/registry" --auth token "${db[@]}" > "$work/registry.log" 2>&1 &
rpid=$!  # bin/lading-registry execs java, so this is the JVM
pids+=("$rpid")
for _ in $(seq 120); do curl -sf "$registry/readyz" >/dev/null && break; kill -0 "$rpid" 2>/dev/null || break; sleep 1; done
curl -sf "$registry/readyz" >/dev/null || { echo "registry did not start:" >&2; tail -20 "$work/registry.log" >&2; exit 1; }

# Profilers start when the generator says the measured window has started (it creates window-started).
await_window() { while [ ! -f "$work/window-started" ]; do sleep 1; done; sleep 5; }
if [ "$dumps" -gt 0 ]; then
  ( await_window; for i in $(seq "$dumps"); do
      # Thread.dump_to_file includes virtual threads (each request runs on one); Thread.print shows only carriers.
      jcmd "$rpid" Thread.dump_to_file -format=text "$work/threads-$i.txt" > /dev/null 2>&1; sleep $(( (duration - 10) / dumps )); done ) &
  pids+=($!)
fi

if [ "$jfr" = 1 ]; then
  ( await_window; jcmd "$rpid" JFR.start name=cpbench settings=profile duration="$((duration - 10))s" \
      filename="$work/registry.jfr" > /dev/null 2>&1 ) &
  pids+=($!)
fi

log "load generator: $hosts hosts, ${warmup} s warm-up, ${duration} s measured"
set +e
"$JAVA_HOME/bin/java" -Xmx512m -XX:+UseSerialGC -cp "$classpath" io.lading.puller.loadgen.LoadGen \
  --registry "$registry" --user admin --password "$password" --hosts "$hosts" --duration-seconds "$duration" \
  --warmup-seconds "$warmup" --server-pid "$rpid" --window-file "$work/window-started" --label "registry -Xmx$xmx, $db_note, auth on, $(java -version 2>&1 | head -1)" \
  2> >(tee "$work/loadgen.log" >&2) | tee "$work/report.txt"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -le 1 ] || { echo "load generator failed (exit $rc):" >&2; tail -20 "$work/loadgen.log" >&2; }
if [ "$jfr" = 1 ] && [ -f "$work/registry.jfr" ]; then
  echo "registry hot methods (JFR execution samples over the window):"
  jfr view --width 160 hot-methods "$work/registry.jfr" 2>&1 | head -30
  jfr view --width 160 contention-by-site "$work/registry.jfr" 2>&1 | head -20
fi
problems=$(grep -cE ' (ERROR|WARN) ' "$work/registry.log" || true)
echo "registry log: $problems ERROR/WARN lines"
grep -E ' (ERROR|WARN) ' "$work/registry.log" | cut -c1-240 | sort | uniq -c | sort -rn | head -5
exit "$rc"
