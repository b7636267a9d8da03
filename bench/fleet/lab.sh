#!/usr/bin/env bash
# The fleet lab (issue 6): N hosts as Linux network namespaces on one bridge, each link shaped with tc htb, a
# registry in its own namespace behind a tighter "external" link, and a `lading daemon` on every host. It publishes
# a model and measures the time until every host has verified and activated it (each daemon's /status), once with
# LAN peers off and once with them on, and prints both against the lower bound size / external bandwidth, with the
# bytes the registry served (counted by tc on the registry's link, and by the registry's own /metrics).
#
#   bash bench/fleet/lab.sh                                       # 8 hosts, 2 GiB, 200 Mbit/s: ~15 minutes
#   bash bench/fleet/lab.sh --hosts 3 --size-mib 256 --rate-mbit 400   # smoke run, about a minute
#   bash bench/fleet/lab.sh --modes on --kill-one                 # peers on, one host killed mid-run
#
# Needs root (ip netns, tc), iproute2, socat, curl, jq, openssl, and the PostgreSQL on 127.0.0.1:5432 (trust auth,
# database `test`): the registry reaches it from its namespace through a socat relay to PostgreSQL's Unix socket, so
# database traffic never shares the shaped link. bench/fleet/README.md explains the topology and the figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

hosts=8
size_mib=2048
shards=4
rate_mbit=200          # every host link, each direction (full duplex)
external_mbit=""       # the registry's link; default: the same as the hosts'
modes="off on"
kill_one=0
kill_after=""          # seconds after publishing; default: 40 % of the lower bound
chunk_mib=64           # the registry's chunk index (--chunk-size); the unit hosts verify and pass on
timeout_factor=3       # give up when a run takes this many times the no-peers estimate
usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; cat <<'EOF'
Flags: --hosts N (8)  --size-mib M (2048)  --shards S (4)  --rate-mbit R (200, every host link, each direction)
       --external-mbit E (= R, the registry's link)  --modes "off on" (or "off", "on")
       --kill-one (kill -9 one host's daemon mid-run; the others must still finish)  --kill-after SECS
       --chunk-mib C (64, the registry's chunk size: a chunk must be whole and verified before a peer passes it on)
EOF
}
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) hosts="$2"; shift 2 ;;
    --size-mib) size_mib="$2"; shift 2 ;;
    --shards) shards="$2"; shift 2 ;;
    --rate-mbit) rate_mbit="$2"; shift 2 ;;
    --external-mbit) external_mbit="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --kill-one) kill_one=1; shift ;;
    --kill-after) kill_after="$2"; shift 2 ;;
    --chunk-mib) chunk_mib="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "lab: unknown flag $1 (try --help)" >&2; exit 2 ;;
  esac
done
external_mbit="${external_mbit:-$rate_mbit}"
for v in "$hosts" "$size_mib" "$shards" "$rate_mbit" "$external_mbit" "$chunk_mib"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "lab: sizes, counts and rates are positive integers, got '$v'" >&2; exit 2; }
done
[ "$hosts" -le 60 ] || { echo "lab: at most 60 hosts (one /24, and 2 cores)" >&2; exit 2; }
[ $((size_mib % shards)) -eq 0 ] || { echo "lab: --size-mib must be a multiple of --shards" >&2; exit 2; }
for m in $modes; do [ "$m" = on ] || [ "$m" = off ] || { echo "lab: --modes takes off and/or on, got $m" >&2; exit 2; }; done
[ "$(id -u)" = 0 ] || { echo "lab: needs root for ip netns and tc" >&2; exit 2; }
for tool in ip tc socat curl jq openssl awk psql; do command -v "$tool" >/dev/null || { echo "lab needs $tool" >&2; exit 2; }; done
source "$root/bin/lib/java.sh"

# Names and addresses. Everything this script creates starts with "fl" so cleanup can find exactly it.
net=10.231.0
bridge=flbr0
reg_ns=fl-reg
reg_ip=$net.2
host_ns() { echo "fl-h$1"; }
host_ip() { echo "$net.$((10 + $1))"; }
port=5000
daemon_port=7070
peer_port=7071
password="lab-$RANDOM$RANDOM"
repo=models/fleet-lab
bytes=$((size_mib * 1048576))

work="$(mktemp -d "${LAB_TMPDIR:-/var/tmp}/lading-fleet-lab.XXXXXX")"
pids=()
schema="fleetlab_$RANDOM$RANDOM"
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  for i in $(seq "$hosts"); do ip netns del "$(host_ns "$i")" 2>/dev/null; done
  ip netns del "$reg_ns" 2>/dev/null
  ip link del "$bridge" 2>/dev/null
  psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
  [ -n "${LAB_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap 'rc=$?; cleanup; exit $rc' EXIT
trap 'exit 130' INT TERM
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }
die() { echo "lab: $*" >&2; exit 1; }

ip netns list | grep -q '^fl-' && die "namespaces fl-* exist already: another lab is running (or was killed; remove them with ip netns del)"

log "building lading and lading-registry if needed"
"$root/bin/lading" --help >/dev/null
"$root/bin/lading-registry" --help >/dev/null

# One shaped link: htb on both ends of a veth pair, so the rate holds in each direction (the host's uplink is the
# egress of its end, its downlink the egress of the bridge's end). Without netem there is no delay or loss to add.
shape() { # shape <netns or ""> <device> <mbit>
  local ns=(); [ -n "$1" ] && ns=(ip netns exec "$1")
  "${ns[@]}" tc qdisc add dev "$2" root handle 1: htb default 10
  # quantum 60000: the r2q default gives a quantum of rate/10, which htb clamps (and warns about) at these rates.
  "${ns[@]}" tc class add dev "$2" parent 1: classid 1:10 htb rate "${3}mbit" ceil "${3}mbit" quantum 60000
}
# add_node <netns> <ip> <bridge-side veth> <mbit>
add_node() {
  ip netns add "$1"
  ip link add "$3" type veth peer name "$3-x"
  ip link set "$3-x" netns "$1"
  ip -n "$1" link set "$3-x" name eth0
  ip -n "$1" addr add "$2/24" dev eth0
  ip -n "$1" link set eth0 up
  ip -n "$1" link set lo up
  ip link set "$3" master "$bridge"
  ip link set "$3" up
  shape "$1" eth0 "$4"
  shape "" "$3" "$4"
}
log "network: bridge $bridge, registry $reg_ip at $external_mbit Mbit/s, $hosts hosts at $rate_mbit Mbit/s each way"
ip link add "$bridge" type bridge
ip addr add "$net.1/24" dev "$bridge"
ip link set "$bridge" up
add_node "$reg_ns" "$reg_ip" flv-reg "$external_mbit"
for i in $(seq "$hosts"); do add_node "$(host_ns "$i")" "$(host_ip "$i")" "flv-h$i" "$rate_mbit"; done

log "registry (auth on) in $reg_ns, PostgreSQL schema $schema through a socat relay"
ip netns exec "$reg_ns" socat TCP-LISTEN:5432,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:/var/run/postgresql/.s.PGSQL.5432 \
  2>"$work/socat.log" &
pids+=($!)
LADING_ADMIN_PASSWORD="$password" LADING_ACCESS_LOG=WARN ip netns exec "$reg_ns" "$root/bin/lading-registry" \
  --host 0.0.0.0 --port "$port" --data-dir "$work/registry" --chunk-size $((chunk_mib * 1048576)) \
  --database-url jdbc:postgresql://127.0.0.1:5432/test --database-user postgres --database-schema "$schema" \
  > "$work/registry.log" 2>&1 &
pids+=($!)
registry="http://$reg_ip:$port"
for _ in $(seq 120); do curl -sf "$registry/readyz" >/dev/null && break; sleep 1; done
curl -sf "$registry/readyz" >/dev/null || { tail "$work/registry.log"; die "registry did not start"; }

# The registry's own commands run in its namespace on loopback, so neither the push nor admin calls use the
# shaped link: only the hosts' downloads do.
reg_lading() { LADING_REGISTRY="http://127.0.0.1:$port" LADING_USER=admin LADING_PASSWORD="$password" \
  ip netns exec "$reg_ns" "$root/bin/lading" "$@"; }
secret=$(reg_lading admin robot-create fleet-hosts --json | jq -r .secret)
reg_lading admin grant-add --principal fleet-hosts --repository 'models/**' --actions pull >/dev/null
echo "$secret" > "$work/host-password"

log "generating $shards shards, $size_mib MiB in all, and pushing them (staged under tag 'staged')"
mkdir -p "$work/model"
shard_bytes=$((bytes / shards))
for i in $(seq -f '%02g' 1 "$shards"); do
  { openssl enc -aes-128-ctr -nosalt -pass "pass:lab-$i-$RANDOM" -in /dev/zero 2>/dev/null || true; } \
    | head -c "$shard_bytes" > "$work/model/shard-$i-of-$shards.safetensors"
done
digest=$(reg_lading push --json --index-chunk-size $((chunk_mib * 1048576)) "$repo:staged" "$work/model" | jq -r .digest)
[[ "$digest" == sha256:* ]] || die "push did not print a digest"

# Bytes the registry has sent: tc's counter on the egress of the registry's end of its link (everything it sent to
# any host), and the registry's own count of blob bytes sent.
tc_sent() { ip netns exec "$reg_ns" tc -s class show dev eth0 | awk '/^class htb 1:10/ {f=1} f && /Sent/ {print $2; exit}'; }
metric_sent() {
  curl -sf "$registry/metrics" | awk '/^lading_blob_bytes_sent_total/ {s += $NF} END {printf "%.0f", s}'
}

# A host's daemon config; with peers on, the peer block of the contract (contract-peers.md, spec/peers.md).
daemon_config() { # daemon_config <i> <mode> <tag>
  local i="$1" peer=""
  if [ "$2" = on ]; then
    # The id is explicit: every namespace shares the machine's host name, the default id.
    peer=$(printf ',\n "peer": {"id": "h%s", "listen": "0.0.0.0:%s", "advertise": "http://%s:%s"}' "$i" "$peer_port" \
      "$(host_ip "$i")" "$peer_port")
  fi
  cat <<JSON
{"registry": "$registry", "username": "fleet-hosts", "passwordFile": "$work/host-password",
 "cache": "$work/hosts/h$i/cache", "listen": "0.0.0.0:$daemon_port", "pollSeconds": 1, "parallelism": 4,
 "labels": {"region": "lab", "zone": "lab-1", "rack": "rack-$(( (i - 1) / 4 + 1 ))"},
 "models": [{"repository": "$repo", "tag": "$3"}]$peer}
JSON
}

declare -A results
run() { # run <mode>
  local mode="$1" tag="peers-$1" i pid t0 done_count left secs victim="" killed_at=""
  local -a dpids=() finish=()
  rm -rf "$work/hosts"; sync
  log "peers $mode: starting $hosts daemons"
  for i in $(seq "$hosts"); do
    mkdir -p "$work/hosts/h$i"
    daemon_config "$i" "$mode" "$tag" > "$work/hosts/h$i/daemon.json"
    # -Xmx192m as the systemd unit runs it; `ip netns exec` and bin/lading both exec, so $! is the JVM.
    LADING_CLI_JAVA_OPTS="-Xmx192m" ip netns exec "$(host_ns "$i")" "$root/bin/lading" daemon \
      --config "$work/hosts/h$i/daemon.json" > "$work/hosts/h$i/daemon-$mode.log" 2>&1 &
    dpids[$i]=$!; pids+=($!)
  done
  for i in $(seq "$hosts"); do
    for _ in $(seq 120); do curl -sf "http://$(host_ip "$i"):$daemon_port/healthz" >/dev/null && break; sleep 0.5; done
    curl -sf "http://$(host_ip "$i"):$daemon_port/healthz" >/dev/null || { tail "$work/hosts/h$i/daemon-$mode.log"; die "daemon h$i did not start"; }
  done
  local tc0 m0; tc0=$(tc_sent); m0=$(metric_sent)
  log "peers $mode: publishing $repo:$tag (the blobs are there already, so this moves only the tag)"
  reg_lading push --json --index-chunk-size $((chunk_mib * 1048576)) "$repo:$tag" "$work/model" >/dev/null
  t0=$(now)
  if [ "$kill_one" = 1 ]; then victim=$(( (hosts + 1) / 2 )); fi
  local kill_at="${kill_after:-$(awk -v b="$bytes" -v e="$external_mbit" 'BEGIN {printf "%.0f", 0.4 * b * 8 / (e * 1e6)}')}"
  local limit; limit=$(awk -v b="$bytes" -v e="$external_mbit" -v n="$hosts" -v f="$timeout_factor" 'BEGIN {printf "%.0f", f * n * b * 8 / (e * 1e6) + 60}')
  done_count=0
  while [ "$done_count" -lt "$hosts" ]; do
    secs=$(since "$t0")
    if [ -n "$victim" ] && [ -z "$killed_at" ] && awk -v s="$secs" -v k="$kill_at" 'BEGIN {exit !(s >= k)}'; then
      # Waited for at once, so bash's "Killed" job notice does not land in the report.
      { kill -9 "${dpids[$victim]}"; wait "${dpids[$victim]}"; } 2>/dev/null || true
      killed_at=$secs; finish[$victim]="killed"; done_count=$((done_count + 1))
      log "peers $mode: killed host h$victim at ${secs}s"
    fi
    for i in $(seq "$hosts"); do
      [ -n "${finish[$i]:-}" ] && continue
      active=$(curl -s --max-time 2 "http://$(host_ip "$i"):$daemon_port/status" | jq -r '.models[0].active // empty' 2>/dev/null || true)
      if [ "$active" = "$digest" ]; then finish[$i]=$(since "$t0"); done_count=$((done_count + 1)); fi
    done
    awk -v s="$secs" -v l="$limit" 'BEGIN {exit !(s > l)}' && die "peers $mode: not every host finished in ${limit}s (logs in $work, LAB_KEEP=1 keeps them)"
    sleep 0.5
  done
  local last=0
  for i in $(seq "$hosts"); do
    [ "${finish[$i]}" = killed ] && continue
    last=$(awk -v a="$last" -v b="${finish[$i]}" 'BEGIN {print (b > a ? b : a)}')
  done
  results[$mode.time]=$last
  results[$mode.hosts]=$(for i in $(seq "$hosts"); do printf 'h%d=%s ' "$i" "${finish[$i]}"; done)
  results[$mode.tc]=$(( $(tc_sent) - tc0 ))
  results[$mode.metric]=$(awk -v a="$(metric_sent)" -v b="$m0" 'BEGIN {printf "%.0f", a - b}')
  results[$mode.killed]=${killed_at:+h$victim at ${killed_at}s}
  # Where the hosts' bytes came from, by their own count (lading_puller_verified_bytes{source=...}).
  for i in $(seq "$hosts"); do
    [ "${finish[$i]}" = killed ] || curl -s --max-time 5 "http://$(host_ip "$i"):$daemon_port/metrics" > "$work/hosts/h$i/metrics-$mode.txt" || true
  done
  results[$mode.sources]=$(cat "$work"/hosts/h*/metrics-"$mode".txt 2>/dev/null | awk '
    /^lading_puller_verified_bytes\{/ { match($0, /source="[^"]*"/); s = substr($0, RSTART + 8, RLENGTH - 9); sum[s] += $NF }
    END { for (s in sum) printf "%s %.3f GB; ", s, sum[s] / 1e9 }')
  log "peers $mode: every host active after ${last}s; stopping the daemons"
  for i in $(seq "$hosts"); do kill -TERM "${dpids[$i]}" 2>/dev/null || true; done
  for i in $(seq "$hosts"); do wait "${dpids[$i]}" 2>/dev/null || true; done
  grep -h -E 'SEVERE|Exception' "$work"/hosts/h*/daemon-"$mode".log | sort | uniq -c | sort -rn | head -5 >&2 || true
}

for m in $modes; do run "$m"; done

echo
awk -v n="$hosts" -v b="$bytes" -v r="$rate_mbit" -v e="$external_mbit" -v sh="$shards" -v c="$chunk_mib" 'BEGIN {
  lb = b * 8 / (e * 1e6)
  printf "fleet lab: %d hosts, %d MiB in %d shards (%.2f GB), %d MiB chunks, host links %d Mbit/s each way, registry link %d Mbit/s\n", n, b / 1048576, sh, b / 1e9, c, r, e
  printf "  lower bound (size / external bandwidth)         %8.1f s\n", lb
}'
for m in $modes; do
  awk -v m="$m" -v t="${results[$m.time]}" -v tc="${results[$m.tc]}" -v me="${results[$m.metric]}" -v b="$bytes" \
      -v e="$external_mbit" -v n="$hosts" 'BEGIN {
    lb = b * 8 / (e * 1e6)
    printf "  peers %-3s: every host verified and active in %8.1f s  = %.2fx the lower bound\n", m, t, t / lb
    printf "             registry sent %.3f GB on its link (tc) = %.2fx the model; blob bytes by /metrics %.3f GB = %.2fx\n", tc / 1e9, tc / b, me / 1e9, me / b
  }'
  echo "             per host (s): ${results[$m.hosts]}${results[$m.killed]:+ (killed ${results[$m.killed]})}"
  echo "             hosts verified, by source: ${results[$m.sources]:-(no metrics)}"
done
if [[ " $modes " == *" on "* && " $modes " == *" off "* ]]; then
  awk -v on="${results[on.time]}" -v off="${results[off.time]}" -v ton="${results[on.tc]}" -v toff="${results[off.tc]}" 'BEGIN {
    printf "  ratios: time off/on %.2f; registry bytes off/on %.2f\n", off / on, toff / ton
  }'
fi
