"""Turns the raw measurements of bench/registry-bench.sh into the comparison table.

    python3 bench/report.py RESULTS.tsv A_LABEL B_LABEL [UPLOAD_STREAMS=4 GET_STREAMS=8]

RESULTS.tsv has one line per measurement: `round  subject  operation  seconds  bytes  cpu_seconds  note`
where subject is `a` (docker-registry), `b` (Lading, or whatever ran in its slot), `limit` (nginx) or
`sha256` (seconds column holds GB/s). cpu_seconds is the registry process's utime+stime during the
operation, `-` when not measured; note is `ok` or why the measurement is not to be trusted.
With several rounds every figure is the median of the rounds (runs here vary up to 2x: the
ratios measured within one run are what to compare, not the absolute rates).
"""
import statistics
import sys
from collections import defaultdict

path, a_label, b_label = sys.argv[1], sys.argv[2], sys.argv[3]
up_streams = sys.argv[4] if len(sys.argv) > 4 else "4"
get_streams = sys.argv[5] if len(sys.argv) > 5 else "8"
rates = defaultdict(list)     # (subject, op) -> [MB/s per round]
cpu = defaultdict(list)       # (subject, op) -> [CPU-s per GB per round]
notes = defaultdict(set)      # (subject, op) -> {problems}
sha = []
rounds = set()
for line in open(path):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 7:
        continue
    rnd, subject, op, seconds, nbytes, cpu_s, note = parts[:7]
    rounds.add(rnd)
    if subject == "sha256":
        sha.append(float(seconds))
        continue
    seconds, nbytes = float(seconds), int(nbytes)
    rates[subject, op].append(nbytes / seconds / 1e6)
    if cpu_s != "-":
        cpu[subject, op].append(float(cpu_s) / (nbytes / 1e9))
    if note != "ok":
        notes[subject, op].add(note)


def med(values):
    return statistics.median(values) if values else None


def fmt(value, spec="{:.0f}"):
    return "-" if value is None else spec.format(value)


def verdict(ratio, target):
    if ratio is None:
        return ""
    return "ok" if ratio >= target else "MISS"


# operation key, label, Lading/docker target, nginx limit key (GET only), nginx target
ops = [
    ("push", "skopeo copy push", 1.0, None, None),
    ("pull", "skopeo copy pull", 1.0, None, None),
    ("up1", "raw upload, 1 stream", 1.5, None, None),
    ("up4", f"raw upload, {up_streams} streams", 1.5, None, None),
    ("get1", "blob GET, 1 stream", 1.0, "nginx1", 0.8),
    ("get8", f"blob GET, {get_streams} streams", 1.0, "nginx8", 0.8),
]

n = len(rounds)
print(f"{b_label} vs {a_label}: MB/s (10^6 bytes/s), higher is better; "
      + ("median of %d rounds" % n if n > 1 else "1 round"))
row = "{:<24} {:>15} {:>13} {:>7} {:>11} {:>9} {:>11}"
print(row.format("operation", a_label, b_label, "ratio", "target", "vs nginx", "target"))
shown = []
for key, label, target, limit_key, limit_target in ops:
    a, b = med(rates["a", key]), med(rates["b", key])
    if a is None and b is None:
        continue
    shown.append((key, label))
    ratio = b / a if a and b else None
    limit = med(rates["limit", limit_key]) if limit_key else None
    vs_limit = b / limit if limit and b else None
    a_cell = fmt(a) + ("*" if notes["a", key] else "")
    b_cell = fmt(b) + ("*" if notes["b", key] else "")
    print(row.format(label, a_cell, b_cell, fmt(ratio, "{:.2f}"),
                     f">={target} {verdict(ratio, target)}",
                     fmt(vs_limit, "{:.2f}") if limit_key else "",
                     f">={limit_target} {verdict(vs_limit, limit_target)}" if limit_key else ""))

# CPU time of the registry process per GB moved: what each byte costs the server.
if any(cpu.values()):
    print()
    print("registry process CPU seconds per GB (utime + stime from /proc; PostgreSQL not included)")
    row = "{:<24} {:>15} {:>13}"
    print(row.format("operation", a_label, b_label))
    for key, label in shown:
        print(row.format(label, fmt(med(cpu["a", key]), "{:.2f}"), fmt(med(cpu["b", key]), "{:.2f}")))

print()
print("limits measured in this run (same bytes, same page cache):")
for key, label in [("nginx1", "nginx sendfile -> curl -> /dev/null, 1 stream"),
                   ("nginx8", f"nginx sendfile -> curl -> /dev/null, {get_streams} streams"),
                   ("nginxfile", "nginx -> curl -> file, fsync, 1 stream")]:
    if rates["limit", key]:
        print(f"  {label:<48} {fmt(med(rates['limit', key])):>6} MB/s")
if sha:
    print(f"  {'JDK SHA-256 (MessageDigest, 1 MiB buffer, 1 core)':<48} {statistics.median(sha):>6.2f} GB/s")

if n > 1:
    print()
    print("per round, MB/s:")
    for subject, name in [("a", a_label), ("b", b_label), ("limit", "nginx")]:
        for key in sorted({k for s, k in rates if s == subject}):
            print(f"  {name:<16} {key:<10} " + " ".join(f"{v:7.0f}" for v in rates[subject, key]))

flagged = [(s, k, sorted(v)) for (s, k), v in notes.items() if v]
if flagged:
    print()
    for s, k, v in flagged:
        print(f"* {a_label if s == 'a' else b_label} {k}: {'; '.join(v)}")
