#!/usr/bin/env bash
# Benchmark (not a test): how fast archive members are extracted and become items.
#
#   scripts/bench-archive.sh [WORKDIR]     (default /tmp/evidence-archive-bench)
#
# Makes one ZIP of MEMBERS small text members (deflated, ~2 KB of generated words each, seeded)
# and prints, each the median of RUNS runs, in members per second:
#   1. extraction alone: the ZIP sent to the extraction child (`evidence __extract`, the
#      process the indexer runs, with its memory limit) and its answer read back: libarchive
#      reading every member, the members' bytes and paths, and the JSON that carries them to
#      the parent (a fresh child per run, so every run pays its start);
#   2. end to end: `evidence add` of the ZIP into a fresh repository and case, with indexing:
#      the archive extracted, its MEMBERS members recorded as items (`item.derived`, each
#      sealed into an object of its own) and indexed in the next derivation round. This
#      includes one scrypt unlock (init --kdf-cost KDF_COST) and the add of the ZIP itself.
#
# Environment:
#   MEMBERS=2000   members in the ZIP          RUNS=3        runs of each measurement
#   SEED=20261208  word generator seed         KDF_COST=16   evidence init/user --kdf-cost
#   EVIDENCE_BIN=path   use this binary instead of building (swift build -c release)
# The results are also written to WORKDIR/results-<time>.txt, which stays.
set -euo pipefail
WORKDIR=${1:-${WORKDIR:-/tmp/evidence-archive-bench}}
[[ $WORKDIR == /* ]] || WORKDIR="$PWD/$WORKDIR"
cd "$(dirname "$0")/.."
root=$(pwd)

MEMBERS=${MEMBERS:-2000}
RUNS=${RUNS:-3}
SEED=${SEED:-20261208}
KDF_COST=${KDF_COST:-16}

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench-archive: %s\n' "$*" >&2; exit 1; }

for n in MEMBERS RUNS SEED KDF_COST; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number (got '${!n}')"
done
((RUNS >= 1 && MEMBERS >= 1)) || die "RUNS and MEMBERS must be at least 1"
case $WORKDIR in "$root"|"$root"/*) die "WORKDIR must be outside the checkout";; esac

if [[ -n ${EVIDENCE_BIN:-} ]]; then
    evidence=$EVIDENCE_BIN
else
    source scripts/install-deps.sh
    say "building evidence (release)"
    for attempt in 1 2 3; do
        swift build -c release --product evidence >&2 && break
        ((attempt < 3)) || die "swift build -c release failed"
        say "build failed (attempt $attempt); retrying in 20 s"
        sleep 20
    done
    evidence="$root/.build/release/evidence"
fi
[[ -x $evidence ]] || die "no evidence binary at $evidence"

mkdir -p "$WORKDIR"
logs="$WORKDIR/logs"
mkdir -p "$logs"
zip="$WORKDIR/bench-$MEMBERS.zip"

say "making $zip ($MEMBERS members)"
python3 - "$zip" "$MEMBERS" "$SEED" <<'PY'
import random, sys, zipfile
path, members, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
syllables = ["ka", "lo", "mer", "tin", "sa", "vu", "rel", "dor", "pa", "quin", "ho", "zel", "bri", "nat", "fo"]
words = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(5000)]
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(members):
        text = " ".join(rng.choice(words) for _ in range(280))
        z.writestr(f"export/folder{i % 40:02d}/note{i:05d}.txt", text + "\n")
PY

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# 1. The extraction child alone.
extract_times=()
for run in $(seq 1 "$RUNS"); do
    seconds=$(python3 - "$evidence" "$zip" "$MEMBERS" <<'PY'
import json, struct, subprocess, sys, time
evidence, path, members = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = open(path, "rb").read()
header = json.dumps({"name": "bench.zip", "mediaType": "application/zip"}).encode()
frame = struct.pack(">I", len(header)) + header + struct.pack(">Q", len(body)) + body
start = time.perf_counter()
child = subprocess.Popen([evidence, "__extract"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
child.stdin.write(frame)
child.stdin.flush()
length = struct.unpack(">Q", child.stdout.read(8))[0]
document = json.loads(child.stdout.read(length))
elapsed = time.perf_counter() - start
child.stdin.close()
child.wait()
if document["outcome"] != "ok" or len(document["children"]) != members:
    sys.exit(f"the extraction was {document['outcome']} with {len(document['children'])} members: {document.get('reason')}")
print(f"{elapsed:.4f}")
PY
) || die "extraction run $run failed"
    say "extraction run $run: $seconds s"
    extract_times+=("$seconds")
done

# 2. End to end: add with indexing into a fresh repository each run.
passphrase="bench passphrase $RANDOM$RANDOM"
ev() { EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=${EVIDENCE_USER:-bench} "$evidence" "$@"; }
fresh_repo() {  # REPO STATE
    rm -rf "$1" "$2"
    local code
    EVIDENCE_USER=admin ev init --repo "$1" --state "$2" --kdf-cost "$KDF_COST" >"$logs/init.log" 2>&1 \
        || { cat "$logs/init.log" >&2; die "evidence init failed"; }
    code=$(EVIDENCE_USER=admin ev user add bench --role investigator --clearance SC --kdf-cost "$KDF_COST" --json \
            --repo "$1" --state "$2" 2>"$logs/user.log" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["enrolmentCode"])') \
        || { cat "$logs/user.log" >&2; die "evidence user add failed"; }
    printf '%s\n' "$code" | EVIDENCE_NEW_PASSPHRASE=$passphrase ev user enrol --kdf-cost "$KDF_COST" --repo "$1" --state "$2" \
        >"$logs/enrol.log" 2>&1 || { cat "$logs/enrol.log" >&2; die "evidence user enrol failed"; }
    ev case create BENCH/1 --title "Archive benchmark" --repo "$1" --state "$2" >"$logs/case.log" 2>&1 \
        || { cat "$logs/case.log" >&2; die "evidence case create failed"; }
}
add_times=()
for run in $(seq 1 "$RUNS"); do
    repo="$WORKDIR/repo" state="$WORKDIR/state"
    fresh_repo "$repo" "$state"
    start=$(date +%s.%N)
    ev add --case BENCH/1 --json --repo "$repo" --state "$state" "$zip" >"$logs/add.log" 2>&1 \
        || { cat "$logs/add.log" >&2; die "evidence add failed"; }
    end=$(date +%s.%N)
    items=$(ev list --case BENCH/1 --json --repo "$repo" --state "$state" | wc -l)
    ((items == MEMBERS + 1)) || die "the case holds $items items, not the ZIP and its $MEMBERS members (see $logs/add.log)"
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", b - a}')
    say "add run $run: $seconds s"
    add_times+=("$seconds")
done
rm -rf "$WORKDIR/repo" "$WORKDIR/state"

extract_median=$(printf '%s\n' "${extract_times[@]}" | median)
add_median=$(printf '%s\n' "${add_times[@]}" | median)
results="$WORKDIR/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
{
    echo "archive benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "ZIP: $MEMBERS deflated text members, $(stat -c %s "$zip") bytes; median of $RUNS runs; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
    awk -v m="$MEMBERS" -v s="$extract_median" 'BEGIN {printf "extraction (evidence __extract):    %8.3f s   %9.0f members/s\n", s, m / s}'
    awk -v m="$MEMBERS" -v s="$add_median" 'BEGIN {printf "evidence add, indexed, end to end: %8.3f s   %9.0f members/s\n", s, m / s}'
    echo "runs: extraction ${extract_times[*]} s; add ${add_times[*]} s"
} | tee "$results"
