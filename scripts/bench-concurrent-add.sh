#!/usr/bin/env bash
# Items per second committed by N concurrent adders in one process (the service layer, one
# add per file, as a server's uploads would be) against one CLI `evidence add` of the same
# files (one process, one command, its own group commits). Both start from a fresh
# repository each run, without indexing (the CLI with --no-index, the service indexing at
# the next search); the median of RUNS runs is printed.
#
#   scripts/bench-concurrent-add.sh [WORKDIR]
#   FILES=2000 ADDERS=16 RUNS=3 KDF_COST=10 BUILD_PATH=.build-bench KEEP=0
# Prints one line per side and their ratio (the issue sets no goal for it: it shows what
# sharing group commits buys concurrent one-file adds against the CLI's pipelined add).
set -euo pipefail
WORKDIR=${1:-${WORKDIR:-/tmp/evidence-concurrent-add-bench}}
[[ $WORKDIR == /* ]] || WORKDIR="$PWD/$WORKDIR"
cd "$(dirname "$0")/.."
FILES=${FILES:-2000}
ADDERS=${ADDERS:-16}
RUNS=${RUNS:-3}
KDF_COST=${KDF_COST:-10}
BUILD_PATH=${BUILD_PATH:-.build-bench}
KEEP=${KEEP:-0}
unset EVIDENCE_REPO EVIDENCE_STATE EVIDENCE_REASON EVIDENCE_USER EVIDENCE_PASSPHRASE

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench-concurrent-add: %s\n' "$*" >&2; exit 1; }
for n in FILES ADDERS RUNS KDF_COST; do
    [[ ${!n} =~ ^[0-9]+$ ]] && ((${!n} >= 1)) || die "$n must be a whole number of at least 1 (got '${!n}')"
done
command -v python3 >/dev/null || die "python3 is needed"
if ! command -v swift >/dev/null; then
    export PATH="/opt/swift/usr/bin:$PATH"
    command -v swift >/dev/null || die "swift is not on PATH nor in /opt/swift/usr/bin"
fi
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd -P)
[[ $WORKDIR != / ]] || die "WORKDIR must not be /"
if top=$(git -C "$WORKDIR" rev-parse --show-toplevel 2>/dev/null); then
    die "WORKDIR $WORKDIR is inside the git checkout $top; use a folder outside any checkout"
fi
cleanup() { [[ $KEEP == 1 ]] || rm -rf "$WORKDIR/data" "$WORKDIR/runs"; }
trap cleanup EXIT

say "building evidence and ServiceBench (release, $BUILD_PATH)"
swift build -c release --product evidence --build-path "$BUILD_PATH" >&2
swift build -c release --product ServiceBench --build-path "$BUILD_PATH" >&2
bin_dir=$(swift build -c release --build-path "$BUILD_PATH" --show-bin-path)
bin="$bin_dir/evidence"
service_bench="$bin_dir/ServiceBench"

data="$WORKDIR/data"
rm -rf "$data" "$WORKDIR/runs"
mkdir -p "$data"
say "writing $FILES small statements"
python3 - "$data" "$FILES" <<'PY'
import os, random, sys
dest, count = sys.argv[1], int(sys.argv[2])
words = "window door car van street garden kitchen bag phone laptop wallet watch bicycle fence gate witness neighbour driver suspect victim officer morning evening night red blue green".split()
for i in range(count):
    rng = random.Random("concurrent-add:%d" % i)
    with open(os.path.join(dest, "s%06d.txt" % i), "w") as f:
        f.write("Statement %d.\n%s.\n" % (i, " ".join(rng.choices(words, k=rng.randint(20, 200)))))
PY

passphrase="bench-passphrase-$$-long-enough"
# fresh_repo DIR: init by the administrator, the investigator "bench" invited and enrolled,
# and the case BENCH/1 created by bench.
fresh_repo() {
    local dir=$1 code
    mkdir -p "$dir"
    local at=(--repo "$dir/repo" --state "$dir/state")
    EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=admin "$bin" init "${at[@]}" --kdf-cost "$KDF_COST" >/dev/null 2>&1 </dev/null \
        || die "evidence init failed"
    code=$(EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=admin "$bin" user add bench --role investigator \
        --role senior-investigating-officer --clearance SC --kdf-cost "$KDF_COST" --json "${at[@]}" </dev/null \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["enrolmentCode"])') || die "evidence user add failed"
    printf '%s\n' "$code" | EVIDENCE_NEW_PASSPHRASE=$passphrase EVIDENCE_USER=bench "$bin" user enrol \
        --kdf-cost "$KDF_COST" "${at[@]}" >/dev/null 2>&1 || die "evidence user enrol failed"
    EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=bench "$bin" case create BENCH/1 --title "Benchmark case" "${at[@]}" \
        >/dev/null 2>&1 </dev/null || die "evidence case create failed"
}

cli_rates=() service_rates=() checkpoints=()
for run in $(seq 1 "$RUNS"); do
    dir="$WORKDIR/runs/cli-$run"
    fresh_repo "$dir"
    start=$(date +%s.%N)
    EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=bench "$bin" add --no-index --case BENCH/1 \
        --repo "$dir/repo" --state "$dir/state" "$data" >/dev/null 2>"$dir/add.err" </dev/null || { cat "$dir/add.err" >&2; die "evidence add failed"; }
    end=$(date +%s.%N)
    cli_rates+=("$(python3 -c "print('%.1f' % ($FILES / ($end - $start)))")")
    rm -rf "$dir"

    dir="$WORKDIR/runs/service-$run"
    fresh_repo "$dir"
    line=$(EVIDENCE_PASSPHRASE=$passphrase "$service_bench" --repo "$dir/repo" --state "$dir/state" --user bench \
        --case BENCH/1 --adders "$ADDERS" "$data") || die "ServiceBench failed"
    service_rates+=("$(python3 -c "import json, sys; print(json.loads(sys.argv[1])['itemsPerSecond'])" "$line")")
    checkpoints+=("$(python3 -c "import json, sys; print(json.loads(sys.argv[1])['checkpoints'])" "$line")")
    rm -rf "$dir"
    say "run $run: CLI ${cli_rates[-1]} items/s; $ADDERS adders ${service_rates[-1]} items/s (${checkpoints[-1]} checkpoints)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
cli=$(median "${cli_rates[@]}")
service=$(median "${service_rates[@]}")
echo "files: $FILES small statements; median of $RUNS run(s); fresh repository each run; no indexing"
printf '%-44s %10s items/s\n' "one CLI add of every file" "$cli"
printf '%-44s %10s items/s  (checkpoints: %s)\n' "$ADDERS concurrent in-process adders (one file each add)" "$service" "$(median "${checkpoints[@]}")"
python3 -c "print('ratio: %.2fx' % ($service / $cli))"
