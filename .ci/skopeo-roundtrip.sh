#!/usr/bin/env bash
# Copies a generated multi-shard model (an OCI image layout holding a ModelPack-style artifact) into a
# registry with skopeo and back out, and checks that the manifest and every blob came back byte for byte.
#   .ci/skopeo-roundtrip.sh http://127.0.0.1:5000 [USER:PASSWORD]
# Without credentials skopeo is told to send none (a registry with --auth none, or docker-registry).
# Knobs: ROUNDTRIP_SHARDS (4), ROUNDTRIP_SHARD_BYTES (3 MiB + 12345: not a multiple of any buffer size).
# Prints one final line; on any failure exits non-zero with a one-line reason starting with "FAIL".
set -euo pipefail
registry="${1:?usage: skopeo-roundtrip.sh REGISTRY_URL [USER:PASSWORD]}"
creds="${2:-}"
host="${registry#http://}"
host="${host#https://}"
host="${host%/}"
shards="${ROUNDTRIP_SHARDS:-4}"
shard_bytes="${ROUNDTRIP_SHARD_BYTES:-3158073}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() { echo "skopeo round trip: FAIL: $*"; exit 1; }
command -v skopeo >/dev/null || fail "skopeo is not installed (apt-get install skopeo)"
command -v python3 >/dev/null || fail "python3 is not installed"

# Runs one skopeo step; on failure reports its last error line only (skopeo's own output is multi-line).
step() {
  local what=$1; shift
  if ! "$@" > "$work/step.out" 2> "$work/step.err"; then
    fail "$what failed: $(grep -v '^\s*$' "$work/step.err" | tail -1)"
  fi
}

# The model: random shards as raw-typed layers (so skopeo never recompresses them), a ModelPack config,
# and a manifest with artifactType, written as an OCI image layout (oci-layout, index.json, blobs/sha256).
# Random bytes and a random repository name keep skopeo's local blob-info cache from skipping uploads.
python3 - "$work/in" "$shards" "$shard_bytes" <<'PY'
import hashlib, json, os, sys
root, shards, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(f"{root}/blobs/sha256")
def put(data):
    h = hashlib.sha256(data).hexdigest()
    with open(f"{root}/blobs/sha256/{h}", "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + h, "size": len(data)}
layers = []
for i in range(shards):
    d = put(os.urandom(size))
    d["mediaType"] = "application/vnd.cncf.model.weight.v1.raw"
    d["annotations"] = {"org.opencontainers.image.title": f"model-{i + 1:05d}-of-{shards:05d}.safetensors"}
    layers.append(d)
config = put(json.dumps({"descriptor": {"name": "roundtrip"},
                         "config": {"format": "safetensors", "paramSize": "1B"},
                         "modelfs": {"type": "layers", "diffIds": [l["digest"] for l in layers]}}).encode())
config["mediaType"] = "application/vnd.cncf.model.config.v1+json"
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "artifactType": "application/vnd.cncf.model.manifest.v1+json", "config": config, "layers": layers}
m = put(json.dumps(manifest, indent=2).encode())
m["mediaType"] = manifest["mediaType"]
m["annotations"] = {"org.opencontainers.image.ref.name": "v1"}
with open(f"{root}/index.json", "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [m]}, f)
with open(f"{root}/oci-layout", "w") as f:
    f.write('{"imageLayoutVersion":"1.0.0"}')
PY

repo="models/roundtrip-$RANDOM$RANDOM"
dest_creds=(--dest-no-creds); src_creds=(--src-no-creds); inspect_creds=(--no-creds)
if [ -n "$creds" ]; then
  dest_creds=(--dest-creds "$creds"); src_creds=(--src-creds "$creds"); inspect_creds=(--creds "$creds")
fi
# --preserve-digests: skopeo must not re-encode anything (it would gzip tar-typed layers without it).
step "push" skopeo copy --quiet --preserve-digests --dest-tls-verify=false "${dest_creds[@]}" \
  "oci:$work/in:v1" "docker://$host/$repo:v1"
step "pull" skopeo copy --quiet --src-tls-verify=false "${src_creds[@]}" \
  "docker://$host/$repo:v1" "oci:$work/out:v1"
step "inspect --raw" skopeo inspect --tls-verify=false "${inspect_creds[@]}" --raw "docker://$host/$repo:v1"
cp "$work/step.out" "$work/served-manifest"

manifest_digest() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"])' "$1"; }
pushed=$(manifest_digest "$work/in/index.json")
pulled=$(manifest_digest "$work/out/index.json") || fail "the pulled layout has no manifest in index.json"
pushed_file="$work/in/blobs/sha256/${pushed#sha256:}"

# The registry must serve the manifest exactly as pushed (same bytes, so the same digest).
cmp -s "$pushed_file" "$work/served-manifest" ||
  fail "registry serves a manifest of $(wc -c < "$work/served-manifest") bytes, sha256:$(sha256sum "$work/served-manifest" | cut -c1-64); pushed $pushed"
[ "$pulled" = "$pushed" ] || fail "pulled manifest is $pulled, pushed $pushed"

# Every blob (manifest, config, shards) came back, byte for byte, and nothing else did.
in_list=$(cd "$work/in/blobs/sha256" && ls | sort)
out_list=$(cd "$work/out/blobs/sha256" && ls | sort)
[ "$in_list" = "$out_list" ] ||
  fail "pulled blob set differs: missing [$(comm -23 <(echo "$in_list") <(echo "$out_list") | tr '\n' ' ')] extra [$(comm -13 <(echo "$in_list") <(echo "$out_list") | tr '\n' ' ')]"
for b in $in_list; do
  cmp -s "$work/in/blobs/sha256/$b" "$work/out/blobs/sha256/$b" || fail "blob sha256:$b came back different"
  # The file name is the digest: check the bytes still hash to it (catches a layout written wrongly on both sides).
  [ "$(sha256sum "$work/out/blobs/sha256/$b" | cut -c1-64)" = "$b" ] || fail "pulled blob sha256:$b does not hash to its name"
done

bytes=$(cat "$work/in/blobs/sha256"/* | wc -c)
echo "skopeo round trip: $shards shards, $bytes bytes, manifest $pushed, identical"
