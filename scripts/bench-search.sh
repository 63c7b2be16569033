#!/usr/bin/env bash
# Benchmark (not a test): search quality and speed of SearchIndex beside plain Xapian and SQLite FTS5.
#
#   scripts/bench-search.sh [WORKDIR]        (default /tmp/evidence-search-bench; never inside a git checkout)
#
# Prints side by side, with ratios and the goals of issue 3:
#   1. quality on Cranfield 1400 (Tests/Fixtures/corpora/ir/cranfield) through the product's own
#      pipeline (every document an item indexed by CaseIndex, every question a Searcher search
#      with the visibility filter), MAP, nDCG@10, P@10 and recall@1000 beside plain Xapian
#      (python3-xapian, run here) and the baseline of Tests/Fixtures/README.md, both rankings scored
#      by the same code (SearchBenchKit.TrecMeasures);
#   2. indexing rate on DOCS generated English documents (scripts/bench/make_text_corpus.py:
#      sentences of the Cranfield abstracts and Debian's licence texts): CaseIndex beside plain Xapian (the same TermGenerator settings, one
#      writer; with its defaults, with spelling data as CaseIndex builds, and with spelling and
#      XAPIAN_FLUSH_THRESHOLD=500, CaseIndex's flush threshold) and SQLite FTS5 (porter tokenizer);
#   3. in-process query latency p50/p95 over a fixed mix of 50 queries (single words, AND,
#      phrases, NEAR, wildcards, kind: filters, date ranges; scripts/bench/make_query_mix.py),
#      first 10 hits with their stored data, beside plain Xapian and FTS5, and plain Xapian
#      running the product's whole query (prefixes, visibility filter, relevance
#      order) on the product's index, which separates the cost of the query from the Swift side.
# Speed figures are the median of RUNS runs (the engines take turns within each run, so a
# disturbance hits them alike); quality is deterministic and measured once.
#
# Environment:
#   RUNS=3      runs of the speed measurements      DOCS=4000   documents in the generated corpus
#   REPS=20     timed passes over the query mix      SEED=20261127  corpus seed
#   QUALITY=1   measure quality (0: skip)            SPEED=1     measure speed (0: skip)
#   BUILD_PATH=.build-bench   SwiftPM build folder of the release build (kept apart from .build,
#                             so a debug build or test run elsewhere does not wait on its lock)
#   SEARCHBENCH_BIN=path      use this SearchBench binary instead of building
#   PYTHON=/usr/bin/python3   the Python with Debian's python3-xapian
#   QUIET_CORES=0.5 QUIET_WAIT=120  before the indexing and the queries of each run, wait up to
#                             QUIET_WAIT s for other processes to use less than QUIET_CORES cores
#   KEEP=1                    keep the generated corpus for the next run (default; 0 removes it);
#                             the indexes always go
# The results are also written to WORKDIR/results-<time>.txt, which stays.
set -euo pipefail
WORKDIR=${1:-${WORKDIR:-/tmp/evidence-search-bench}}
[[ $WORKDIR == /* ]] || WORKDIR="$PWD/$WORKDIR"
cd "$(dirname "$0")/.."
root=$(pwd)

RUNS=${RUNS:-3}
DOCS=${DOCS:-4000}
REPS=${REPS:-20}
SEED=${SEED:-20261127}
QUALITY=${QUALITY:-1}
SPEED=${SPEED:-1}
BUILD_PATH=${BUILD_PATH:-.build-bench}
PYTHON=${PYTHON:-/usr/bin/python3}
KEEP=${KEEP:-1}
QUIET_CORES=${QUIET_CORES:-0.5}
QUIET_WAIT=${QUIET_WAIT:-120}
CORPUS_GEN=${CORPUS_GEN:-$root/scripts/bench/make_text_corpus.py}
CRANFIELD=${CRANFIELD:-$root/Tests/Fixtures/corpora/ir/cranfield}

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench-search: %s\n' "$*" >&2; exit 1; }

for n in RUNS DOCS REPS; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number (got '${!n}')"
done
((RUNS >= 1 && REPS >= 1)) || die "RUNS and REPS must be at least 1"
((DOCS >= 1000)) || die "DOCS must be at least 1000 (the query mix needs the generator's 50 queries)"
if [[ $QUALITY == 1 ]]; then
    [[ -f $CRANFIELD/cran.all.1400 ]] || die "Cranfield not found at $CRANFIELD (set CRANFIELD, or QUALITY=0)"
fi
if [[ $SPEED == 1 ]]; then
    [[ -f $CORPUS_GEN ]] || die "corpus generator not found at $CORPUS_GEN (set CORPUS_GEN, or SPEED=0)"
fi

# ---------------------------------------------------------------- tools
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
# The references need Debian's python3-xapian; the build's own packages (scripts/install-deps.sh)
# are checked in the same go, so that apt-get update runs at most once.
wanted=(python3 python3-xapian)
if [[ -z ${SEARCHBENCH_BIN:-} ]]; then
    # Its `packages=(…)` declaration, which may span lines, read without running the rest.
    read -r -a build_packages <<<"$(bash -c 'eval "$(sed -n "/^packages=(/,/)\$/p" "$1")"; echo "${packages[*]}"' _ scripts/install-deps.sh)"
    ((${#build_packages[@]} > 0)) || die "could not read the package list of scripts/install-deps.sh"
    wanted+=("${build_packages[@]}")
fi
missing=()
for package in "${wanted[@]}"; do
    is_installed "$package" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
    say "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
"$PYTHON" -c 'import sqlite3, xapian' 2>/dev/null || die "$PYTHON cannot import xapian and sqlite3 (set PYTHON)"

if [[ -n ${SEARCHBENCH_BIN:-} ]]; then
    bench=$SEARCHBENCH_BIN
else
    source scripts/install-deps.sh
    say "building SearchBench (release, in $BUILD_PATH)"
    # Others may be editing the sources while this builds ("modified during the build"): retry.
    for attempt in 1 2 3; do
        swift build -c release --product SearchBench --build-path "$BUILD_PATH" >&2 && break
        ((attempt < 3)) || die "swift build -c release failed"
        say "build failed (attempt $attempt); retrying in 20 s"
        sleep 20
    done
    bench="$(swift build -c release --build-path "$BUILD_PATH" --show-bin-path)/SearchBench"
fi
[[ -x $bench ]] || die "no SearchBench binary at $bench"

# ---------------------------------------------------------------- work folder
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd -P)
[[ $WORKDIR != / ]] || die "WORKDIR must not be /"
if top=$(git -C "$WORKDIR" rev-parse --show-toplevel 2>/dev/null); then
    die "WORKDIR $WORKDIR is inside the git checkout $top; use a folder outside any checkout"
fi
corpus="$WORKDIR/text-corpus-$DOCS-$SEED"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$WORKDIR/out-$stamp"
results="$WORKDIR/results-$stamp.txt"
raw="$out/raw.tsv"
mkdir -p "$out/latency" "$out/logs"
: >"$raw"

# Indexes and run files live under $out/db; only they (and, with KEEP=0, the corpus) are removed.
cleanup() {
    rm -rf "$out/db"
    if [[ $KEEP != 1 ]]; then
        rm -rf "$corpus" "$WORKDIR/cache"
        say "removed the corpus (KEEP=0)"
    fi
}
trap cleanup EXIT
mkdir -p "$out/db"

# run_logged LOG RUN -- COMMAND…: runs COMMAND, keeps its output in LOG and its RESULT lines in raw.tsv.
run_logged() {
    local log=$1 run=$2
    shift 3
    if ! "$@" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "$(basename "$log" .log) failed; its output is in $log"
    fi
    grep '^RESULT ' "$log" | sed "s/^/$run\t/" >>"$raw" || true
    grep -v '^RESULT ' "$log" | sed 's/^/  /' >&2 || true
}

# ---------------------------------------------------------------- quiet
# Busy CPU ticks (all cores) and total ticks, from /proc/stat.
cpu_ticks() {
    local _label user nice system idle iowait irq softirq steal _rest
    read -r _label user nice system idle iowait irq softirq steal _rest </proc/stat
    echo "$((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal))"
}
cores=$(nproc)
# Waits (at most QUIET_WAIT seconds) until other processes use less than QUIET_CORES cores:
# the machine is shared, and a build beside the benchmark halves what it measures.
quiet_waited=0
wait_quiet() {
    local deadline=$((SECONDS + QUIET_WAIT)) busy0 total0 busy1 total1 used
    while true; do
        read -r busy0 total0 < <(cpu_ticks)
        sleep 2
        read -r busy1 total1 < <(cpu_ticks)
        used=$(awk -v b=$((busy1 - busy0)) -v t=$((total1 - total0)) -v c="$cores" 'BEGIN {printf "%.2f", t ? b / t * c : 0}')
        if awk -v u="$used" -v q="$QUIET_CORES" 'BEGIN {exit !(u < q)}'; then return; fi
        if ((SECONDS >= deadline)); then
            say "the machine stayed busy ($used cores in use by others); measuring anyway"
            return
        fi
        say "machine busy ($used cores in use by others, load $(cut -d' ' -f1-3 /proc/loadavg)); waiting"
        quiet_waited=$((quiet_waited + 1))
        sleep 8
    done
}

# ---------------------------------------------------------------- 1. quality
if [[ $QUALITY == 1 ]]; then
    say "Cranfield: evidence (CaseIndex + Searcher)"
    run_logged "$out/logs/cranfield-evidence.log" 0 -- \
        "$bench" cranfield "$CRANFIELD" --work "$out/db/cranfield" --run "$out/cranfield-evidence.run"
    say "Cranfield: plain Xapian"
    run_logged "$out/logs/cranfield-xapian-run.log" 0 -- \
        "$PYTHON" scripts/bench/xapian_reference.py cranfield "$CRANFIELD" "$out/cranfield-xapian.run"
    run_logged "$out/logs/cranfield-xapian.log" 0 -- \
        "$bench" score-run "$CRANFIELD" "$out/cranfield-xapian.run" --engine xapian
fi

# ---------------------------------------------------------------- 2, 3. speed
if [[ $SPEED == 1 ]]; then
    if [[ -f $corpus/MANIFEST.json && -f $corpus/list.txt && -f $corpus/query-mix.json ]]; then
        say "corpus already in $corpus"
    else
        say "generating $DOCS documents in $corpus (seed $SEED)"
        rm -rf "$corpus"
        mkdir -p "$corpus"
        "$PYTHON" "$CORPUS_GEN" "$corpus" --seed "$SEED" --docs "$DOCS" >"$out/logs/corpus.log" 2>&1 || { tail "$out/logs/corpus.log" >&2; die "corpus generation failed"; }
        # Documents in the generator's order (doc-NNNNNN), whatever folder they are in.
        (cd "$corpus" && find text -name 'doc-*.txt' -printf '%f\t%p\n' | sort | cut -f2) >"$corpus/list.txt"
        "$PYTHON" scripts/bench/make_query_mix.py "$corpus"
    fi
    listed=$(wc -l <"$corpus/list.txt")
    ((listed == DOCS)) || die "$corpus/list.txt names $listed documents, not $DOCS"

    for run in $(seq 1 "$RUNS"); do
        wait_quiet
        say "run $run of $RUNS: indexing (load $(cut -d' ' -f1-3 /proc/loadavg))"
        run_logged "$out/logs/index-evidence.$run.log" "$run" -- \
            "$bench" index "$corpus" --db "$out/db/evidence"
        run_logged "$out/logs/index-xapian.$run.log" "$run" -- \
            "$PYTHON" scripts/bench/xapian_reference.py index "$corpus" "$out/db/xapian"
        run_logged "$out/logs/index-xapian-spelling.$run.log" "$run" -- \
            "$PYTHON" scripts/bench/xapian_reference.py index "$corpus" "$out/db/xapian-spelling" --spelling
        run_logged "$out/logs/index-xapian-spelling-500.$run.log" "$run" -- \
            env XAPIAN_FLUSH_THRESHOLD=500 "$PYTHON" scripts/bench/xapian_reference.py index "$corpus" \
            "$out/db/xapian-spelling-500" --spelling
        rm -rf "$out/db/xapian-spelling" "$out/db/xapian-spelling-500"
        run_logged "$out/logs/index-fts5.$run.log" "$run" -- \
            "$PYTHON" scripts/bench/fts5_reference.py index "$corpus" "$out/db/fts5.sqlite"

        wait_quiet
        say "run $run of $RUNS: queries (load $(cut -d' ' -f1-3 /proc/loadavg))"
        run_logged "$out/logs/query-evidence.$run.log" "$run" -- \
            "$bench" query "$corpus" --db "$out/db/evidence" --reps "$REPS" --latencies "$out/latency/evidence.$run.tsv"
        run_logged "$out/logs/query-evidence-snippets.$run.log" "$run" -- \
            "$bench" query "$corpus" --db "$out/db/evidence" --reps "$REPS" --snippets \
            --latencies "$out/latency/evidence+snippets.$run.tsv"
        run_logged "$out/logs/query-xapian.$run.log" "$run" -- \
            "$PYTHON" scripts/bench/xapian_reference.py query "$corpus" "$out/db/xapian" "$corpus/query-mix.json" \
            "$REPS" "$out/latency/xapian.$run.tsv"
        run_logged "$out/logs/query-xapian-product-shape.$run.log" "$run" -- \
            "$PYTHON" scripts/bench/xapian_reference.py query "$corpus" "$out/db/evidence/shards/official" \
            "$corpus/query-mix.json" "$REPS" "$out/latency/xapian-product-shape.$run.tsv" --product-shape
        run_logged "$out/logs/query-fts5.$run.log" "$run" -- \
            "$PYTHON" scripts/bench/fts5_reference.py query "$corpus" "$out/db/fts5.sqlite" "$corpus/query-mix.json" \
            "$REPS" "$out/latency/fts5.$run.tsv"
    done
fi

# ---------------------------------------------------------------- report
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$root" status --porcelain -- Sources Package.swift scripts 2>/dev/null) ]]; then
    commit="$commit + uncommitted changes"
fi
[[ -n ${SEARCHBENCH_BIN:-} ]] && commit="SEARCHBENCH_BIN given; the source tree is at $commit"
kib=""
[[ -f $corpus/list.txt ]] && kib=$(cd "$corpus" && xargs -a list.txt cat | wc -c | awk '{printf "%.0f", $1 / 1024}')
{
    echo "machine:  $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ {print $2}') GiB memory, kernel $(uname -r); shared with other work"
    echo "versions: commit $commit; Xapian $("$PYTHON" -c 'import xapian; print(xapian.version_string())') (python3-xapian and libxapian);" \
        "SQLite $("$PYTHON" -c 'import sqlite3; print(sqlite3.sqlite_version)'); $(swift --version 2>/dev/null | head -1 || echo 'swift ?')"
    echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC'); load average at the end $(cut -d' ' -f1-3 /proc/loadavg); waits for quiet: $quiet_waited"
    if [[ $SPEED == 1 ]]; then
        echo "corpus:   $DOCS documents, $kib KiB of text (seed $SEED; scripts/bench/make_text_corpus.py); query mix of 50, $REPS timed passes per run after one warm-up pass"
    fi
} >"$out/header.txt"
"$PYTHON" scripts/bench/search_report.py "$raw" "$out/latency" "$out/header.txt" >"$results"
cat "$results"
say "results in $results; raw figures and logs in $out"
