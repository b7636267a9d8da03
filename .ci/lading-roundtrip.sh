#!/usr/bin/env bash
# Pushes a generated multi-shard model with `lading push`, pulls it back with `lading pull --activate -o`,
# and checks every file byte for byte, through the cache's `current` version and the output directory.
#   .ci/lading-roundtrip.sh http://127.0.0.1:5000 USER:PASSWORD
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
registry="${1:?usage: lading-roundtrip.sh REGISTRY_URL USER:PASSWORD}"
creds="${2:?usage: lading-roundtrip.sh REGISTRY_URL USER:PASSWORD}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "lading round trip: FAIL: $*"; exit 1; }

mkdir -p "$work/model"
for i in 1 2 3; do head -c $((3000000 + i * 12345)) /dev/urandom > "$work/model/model-0000$i-of-00003.safetensors"; done
echo '{"architectures": ["Test"]}' > "$work/model/config.json"
repo="ci/lading-$RANDOM$RANDOM"
export LADING_REGISTRY="$registry" LADING_USER="${creds%%:*}" LADING_PASSWORD="${creds#*:}"

digest=$("$root/bin/lading" push --json "$repo:v1" "$work/model" | python3 -c 'import json,sys; print(json.load(sys.stdin)["digest"])')
"$root/bin/lading" pull --json --cache "$work/cache" --activate -o "$work/out" "$repo:v1" > "$work/pull.json"
python3 - "$work/pull.json" "$digest" <<'PY' || fail "lading pull reported something else than it should"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["digest"] == sys.argv[2], j
assert j["bytesFetched"] == j["totalBytes"] > 0, j
assert j["activated"] is True, j
PY
for f in "$work"/model/*; do
  name=$(basename "$f")
  cmp -s "$f" "$work/out/$name" || fail "$name differs in the -o directory"
  cmp -s "$f" "$work/cache/models/$repo/current/$name" || fail "$name differs under current"
done
again=$("$root/bin/lading" pull --json --cache "$work/cache" "$repo@$digest" | python3 -c 'import json,sys; print(json.load(sys.stdin)["bytesFetched"])')
[ "$again" = 0 ] || fail "a second pull of a cached version moved $again bytes"
echo "lading round trip: $(ls "$work/model" | wc -l) files, manifest $digest, identical through current and -o; second pull moved 0 bytes"
