"""Writes a ModelPack-style OCI image layout whose layers are the given shard files.

    python3 bench/oci_layout.py SHARDS_DIR LAYOUT_DIR [TAG=v1]

The shard files are hard-linked into LAYOUT_DIR/blobs/sha256 (not copied), so skopeo reads the very
pages that nginx and curl read: every measurement of a run starts from the same page cache.
Layers are typed `application/vnd.cncf.model.weight.v1.raw`, so skopeo never tries to compress them
(it would gzip `...tar` types unless given --preserve-digests, which the bench passes anyway).
Prints one line per shard, in layer order: `PATH<TAB>sha256:HEX<TAB>SIZE` (the bench uploads these).
"""
import hashlib
import json
import os
import sys

shards_dir, out = sys.argv[1], sys.argv[2]
tag = sys.argv[3] if len(sys.argv) > 3 else "v1"
blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)


def digest_file(path):
    h = hashlib.sha256()  # OpenSSL underneath: ~1.7 GB/s here, one pass per shard
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def put_bytes(data):
    h = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, h), "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + h, "size": len(data)}


layers, lines = [], []
names = sorted(os.listdir(shards_dir))
for i, name in enumerate(names):
    path = os.path.join(shards_dir, name)
    h = digest_file(path)
    target = os.path.join(blobs, h)
    if not os.path.exists(target):
        os.link(path, target)
    size = os.path.getsize(path)
    title = f"model-{i + 1:05d}-of-{len(names):05d}.safetensors"
    layers.append({"mediaType": "application/vnd.cncf.model.weight.v1.raw", "digest": "sha256:" + h,
                   "size": size, "annotations": {"org.opencontainers.image.title": title}})
    lines.append(f"{path}\tsha256:{h}\t{size}")

config = put_bytes(json.dumps({"descriptor": {"name": "bench"},
                               "config": {"format": "safetensors"},
                               "modelfs": {"type": "layers", "diffIds": [l["digest"] for l in layers]}}).encode())
config["mediaType"] = "application/vnd.cncf.model.config.v1+json"
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "artifactType": "application/vnd.cncf.model.manifest.v1+json", "config": config, "layers": layers}
m = put_bytes(json.dumps(manifest).encode())
m["mediaType"] = manifest["mediaType"]
m["annotations"] = {"org.opencontainers.image.ref.name": tag}
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [m]}, f)
with open(os.path.join(out, "oci-layout"), "w") as f:
    f.write('{"imageLayoutVersion":"1.0.0"}')
print("\n".join(lines))
