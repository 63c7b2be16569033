#!/usr/bin/env bash
# Benchmark (not a test): how `evidence` scales as one repository grows to 300,000 items (issue 11).
#
#   scripts/bench-scale.sh [WORKDIR]        (default /tmp/evidence-scale-bench; never inside a git checkout)
#
# One repository is set up as scripts/bench-verify.sh's fresh_repo does: init --kdf-cost KDF_COST
# by the administrator, who invites the investigator "bench" (clearance SC); bench enrols and
# creates the case BENCH/1. It then grows, one case, to each of SIZES items in turn, by
# `evidence add --case BENCH/1 --json --no-index` of folders of 1,000 distinct tiny text files (a
# header with the file's number and 6-14 words from a vocabulary of 120, deterministic from SEED;
# the file that brings the repository to each size S, number S-1, also holds the word "window"
# and a marker word "scalemarkS" found in no other file). The files are generated just before
# they are added, GROW_FILES at a time, and deleted once added (unless KEEP=1), so the disk only
# ever holds one batch of them. At each size, with the repository holding exactly S items, it
# measures (median of RUNS runs, each under /usr/bin/time -v: wall seconds, CPU seconds, max RSS):
#   get      `evidence get ITEM -o FILE --reason …` of the first file ever added (the copy's
#            SHA-256 is checked; the default policy wants a reason to read content or search);
#   show     `evidence show ITEM` of that item;
#   prove    `evidence prove ITEM` of that item (RFC 9162 inclusion proofs of its ledger entries);
#   search   `evidence search --json 'window OR scalemarkS' --reason …`, the first page (20 hits, with
#            snippets and an exact total); the hits must include the marker file. The first
#            search at each size brings the index up to date with the ledger (every add here uses
#            --no-index), so one search runs first, un-timed for the goal, and is reported on its
#            own line as the "index catch-up";
#   list     `evidence list --case BENCH/1 --limit 50` and
#   log      `evidence log --limit 50`: the first page of each (50 items, 50 events); a binary
#            without --limit (before list and log paged) prints the whole listings instead,
#            written to a file whose first 50 lines (head -n 50) would be the first page, and the
#            output says so; the output is never piped into head, which would kill the command
#            with SIGPIPE part-way through and hide its exit status;
#   add      `evidence add --no-index` of the next 1,000 files (part of the growth: the RUNS adds
#            follow one another, S -> S+1,000 -> ..., after every other measurement of the size);
#   verify   `evidence verify --json` as bench, and
#   audit    `evidence audit --json --verifier-key KEY` key-less (KEY from `evidence checkpoint
#            --verifier-key`), each of which must report intact; entries/s over the entries each
#            reports (each verify appends an entry, as do each get and search).
# Every command's exit status is checked; a failure stops the benchmark and names its log.
# Goals (issue 11), against the figures at BASE_SIZE (1,000) items:
#   get, show, prove, search and the first pages of list and log within 1.5x their wall time;
#   an add of 1,000 files within 1.2x;
#   verify and audit under 256 MiB max RSS at every size, and at least as many entries/s at the
#   largest size (300,000) as at RATE_SIZE (10,000).
# It prints a table per size as it goes and, at the end, each goal's ratios and PASS/FAIL. When a
# size is less than RUNS x 1,000 above the one before it (SIZES="200 1000" adds 1,000 files at
# 200 items), the case already holds more than that size when it gets there: the tables then give
# the count actually measured beside the size asked for. The command logs stay in WORKDIR/logs
# (list's and log's cut to their first 50 lines).
# Duration and needs, estimated from runs at 1,000 to 10,000 items on a 2-core VM (2026-12-07,
# with other work on the machine; not from a full run): growth ~270-350 files/s (300,000 files:
# 15-20 minutes), the index catch-ups ~400 items/s (~13 minutes in all), verify ~1,200 entries/s
# and audit ~3,300 entries/s at 10,000 (three runs each at 300,000: ~15 and ~5 minutes), list and
# log ~10,000 lines/s, each wait for quiet at least 2 s (~30 per size): so about 1 to 1.5 hours
# on a quiet machine, more when it is busy (every measurement may wait up to QUIET_WAIT s).
# Verify and audit stream the ledger; what memory they still need grows with the authority state
# (who may do what, per item): 204 and 108 MiB at 59,000 items before items were kept encoded
# (docs/benchmarks.md). WORKDIR needs ~3 GB and ~350,000 inodes (about 8 KB
# and one file per item in the repository and state folder) plus one batch of GROW_FILES files.
#
# Environment:
#   SIZES="1000 10000 100000 300000"  the sizes (items in the case), ascending
#   RUNS=3                    measured runs of each command at each size (the median is reported)
#   KDF_COST=10               evidence init / user enrol --kdf-cost   SEED=20261207   data seed
#   GROW_FILES=10000          files per growth add (whole folders of 1,000; also the batch generated at a time)
#   BASE_SIZE=1000            the size the time goals compare with (the smallest size if not measured)
#   RATE_SIZE=10000           the size whose verify/audit entries/s the largest size must match
#                             (BASE_SIZE if not measured)
#   EVIDENCE_BIN=path         use this binary instead of building (swift build -c release)
#   BUILD_PATH=.build         SwiftPM build folder (e.g. .build-rel, to keep clear of a debug build)
#   QUIET_CORES=0.3 QUIET_WAIT=120  before each measurement, wait up to QUIET_WAIT s for other
#                             processes to use less than QUIET_CORES cores (the machine is shared)
#   KEEP=1                    keep the generated files, the repository and its state folder, and
#                             write the users' passphrase to WORKDIR/passphrase
#   RESUME=1                  continue a run kept with KEEP=1 in WORKDIR: its repository grows on to
#                             the SIZES above what it holds, measured as before, and its raw runs
#                             (raw.tsv) are kept, so the final report compares the new sizes with the
#                             sizes that run measured (by the binary it used: the report says so).
#                             Implies KEEP=1. A 300,000-item run then need not start from nothing.
# The page cache is not dropped: these are the figures of a repository in use. The results (tables,
# summary and raw runs) are also written to WORKDIR/results-<time>.txt, which stays.
# Validate changes to this script at a small scale, e.g.
#   SIZES="200 1000 2000" RUNS=1 scripts/bench-scale.sh
set -euo pipefail
WORKDIR=${1:-${WORKDIR:-/tmp/evidence-scale-bench}}
[[ $WORKDIR == /* ]] || WORKDIR="$PWD/$WORKDIR"
cd "$(dirname "$0")/.."
root=$(pwd)

SIZES=${SIZES:-1000 10000 100000 300000}
RUNS=${RUNS:-3}
KDF_COST=${KDF_COST:-10}
SEED=${SEED:-20261207}
GROW_FILES=${GROW_FILES:-10000}
BASE_SIZE=${BASE_SIZE:-1000}
RATE_SIZE=${RATE_SIZE:-10000}
BUILD_PATH=${BUILD_PATH:-.build}
QUIET_CORES=${QUIET_CORES:-0.3}
QUIET_WAIT=${QUIET_WAIT:-120}
KEEP=${KEEP:-0}
RESUME=${RESUME:-0}
[[ $RESUME == 1 ]] && KEEP=1
ADD_FILES=1000   # the measured add (the goal's "add of 1,000 files"); also the folder size
# Test hooks must not touch what is measured.
unset EVIDENCE_FAULT_KILL_AT EVIDENCE_FAULT_CLOCK_OFFSET_SECONDS EVIDENCE_REPO EVIDENCE_STATE EVIDENCE_REASON

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench-scale: %s\n' "$*" >&2; exit 1; }

for n in RUNS KDF_COST GROW_FILES BASE_SIZE RATE_SIZE; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number (got '${!n}')"
done
((RUNS >= 1)) || die "RUNS must be at least 1"
((GROW_FILES >= ADD_FILES && GROW_FILES % ADD_FILES == 0)) || die "GROW_FILES must be a multiple of $ADD_FILES"
read -r -a sizes <<<"$SIZES"
((${#sizes[@]} >= 1)) || die "SIZES is empty"
previous=0
for s in "${sizes[@]}"; do
    [[ $s =~ ^[0-9]+$ ]] && ((s >= 1)) || die "SIZES must be whole numbers of items (got '$s')"
    ((s > previous)) || die "SIZES must be in ascending order (got '$SIZES')"
    previous=$s
done

# ---------------------------------------------------------------- tools
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
wanted=(time python3 git)
if [[ -z ${EVIDENCE_BIN:-} ]]; then
    read -r -a build_packages <<<"$(sed -n 's/^packages=(\(.*\))$/\1/p' scripts/install-deps.sh)"
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
[[ -x /usr/bin/time ]] && command -v python3 >/dev/null && command -v git >/dev/null && command -v sha256sum >/dev/null \
    || die "/usr/bin/time, python3, git and sha256sum are needed"
if [[ -z ${EVIDENCE_BIN:-} ]] && ! command -v swift >/dev/null; then
    export PATH="/opt/swift/usr/bin:$PATH"
    command -v swift >/dev/null || die "swift is not on PATH nor in /opt/swift/usr/bin (or give EVIDENCE_BIN)"
fi

# ---------------------------------------------------------------- work folder
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd -P)
[[ $WORKDIR != / ]] || die "WORKDIR must not be /"
if top=$(git -C "$WORKDIR" rev-parse --show-toplevel 2>/dev/null); then
    die "WORKDIR $WORKDIR is inside the git checkout $top; use a folder outside any checkout"
fi
data="$WORKDIR/data"
repo="$WORKDIR/repo"
state="$WORKDIR/state"
logs="$WORKDIR/logs"
raw="$WORKDIR/raw.tsv"
phases="$WORKDIR/phases.tsv"
ids="$WORKDIR/ids.tsv"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$WORKDIR/results-$stamp.txt"
if [[ $RESUME == 1 ]]; then
    [[ -s $raw && -s $ids && -r $WORKDIR/passphrase && -d $repo && -d $state ]] \
        || die "RESUME=1 needs a run kept with KEEP=1 in $WORKDIR (raw.tsv, ids.tsv, passphrase, repo, state)"
    mkdir -p "$data" "$logs"
else
    rm -rf "$data" "$repo" "$state" "$logs"
    mkdir -p "$data" "$logs"
    : >"$raw"
    : >"$phases"
    : >"$ids"
fi

cleanup() {
    if [[ $KEEP != 1 ]]; then
        rm -rf "$data" "$repo" "$state"
        say "removed the generated files, the repository and its state under $WORKDIR (KEEP=1 keeps them)"
    fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- binary
if [[ -n ${EVIDENCE_BIN:-} ]]; then
    bin=$EVIDENCE_BIN
else
    say "building evidence (release, $BUILD_PATH)"
    # Others may be editing the sources while this builds ("modified during the build"): retry.
    for attempt in 1 2 3; do
        swift build -c release --product evidence --build-path "$BUILD_PATH" >&2 && break
        ((attempt < 3)) || die "swift build -c release failed"
        say "build failed (attempt $attempt); retrying in 20 s"
        sleep 20
    done
    bin="$(swift build -c release --build-path "$BUILD_PATH" --show-bin-path)/evidence"
fi
[[ -x $bin ]] || die "no evidence binary at $bin"
bin=$(cd "$(dirname "$bin")" && pwd -P)/$(basename "$bin")
# list and log page with --limit since 53fc81c; an older binary prints whole listings.
paged=0 page=()
if "$bin" list --help 2>&1 | grep -q -- '--limit'; then paged=1 page=(--limit 50); fi
export BENCH_PAGED=$paged

# ---------------------------------------------------------------- data
# Markers: file number S-1 holds "scalemarkS" (and "window"), for each size S.
markers_json=$(printf '%s\n' "${sizes[@]}" | python3 -c 'import json, sys; print(json.dumps({int(s) - 1: "scalemark%d" % int(s) for s in sys.stdin.read().split()}))')
SEARCH_WORD=window
# generate FIRST COUNT DIR: files number FIRST.. FIRST+COUNT-1 in DIR/g<FIRST/1000>/f<number>.txt.
# Each file's words come from its own generator, seeded by SEED and its number, so that a file
# is the same however the files are batched.
generate() {
    python3 - "$1" "$2" "$3" "$SEED" "$markers_json" "$SEARCH_WORD" <<'PY'
import json, os, random, sys
first, count, dest, seed, markers, word = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
markers = {int(k): v for k, v in json.loads(markers).items()}
VOCAB = """window door car van street garden kitchen bag phone laptop wallet watch bicycle fence gate
ladder glass shoe jacket hood glove torch crowbar screwdriver knife bottle cash card receipt camera
footprint fingerprint blood hair fibre paint tyre engine bonnet boot roof chimney hedge alley shed
garage drive pavement bus train station platform ticket bridge river canal park bench tree lamp
witness neighbour driver passenger suspect victim officer sergeant constable detective doctor nurse
morning evening night midnight dawn dusk monday tuesday wednesday thursday friday saturday sunday
red blue green black white grey silver brown yellow orange purple dark bright broken open shut
smashed forced damaged stolen missing found seen heard shouting running walking hiding climbing
carrying dropped parked arrived left returned""".split()
assert len(VOCAB) == len(set(VOCAB)) and word in VOCAB
for i in range(first, first + count):
    folder = os.path.join(dest, "g%04d" % (i // 1000))
    os.makedirs(folder, exist_ok=True)
    rng = random.Random("scale:%s:%d" % (seed, i))
    words = rng.choices(VOCAB, k=rng.randint(6, 14))
    if i in markers:
        words += [word, markers[i]]
        rng.shuffle(words)
    with open(os.path.join(folder, "f%06d.txt" % i), "w") as f:
        f.write("Note %d.\n%s.\n" % (i, " ".join(words).capitalize()))
PY
}

# ---------------------------------------------------------------- measuring
# Busy CPU ticks (all cores) and total ticks, from /proc/stat.
cpu_ticks() {
    local _label user nice system idle iowait irq softirq steal _rest
    read -r _label user nice system idle iowait irq softirq steal _rest </proc/stat
    echo "$((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal))"
}
ticks_per_second=$(getconf CLK_TCK)
cores=$(nproc)

# Waits (at most QUIET_WAIT seconds) until other processes use less than QUIET_CORES cores.
# wait_seconds sums the time spent here (each call takes at least the 2 s it samples for).
quiet_waited=0 wait_seconds=0
wait_quiet() {
    local begin=$SECONDS deadline=$((SECONDS + QUIET_WAIT)) busy0 total0 busy1 total1 used
    while true; do
        read -r busy0 total0 < <(cpu_ticks)
        sleep 2
        read -r busy1 total1 < <(cpu_ticks)
        used=$(awk -v b=$((busy1 - busy0)) -v t=$((total1 - total0)) -v c="$cores" 'BEGIN {printf "%.2f", t ? b / t * c : 0}')
        if awk -v u="$used" -v q="$QUIET_CORES" 'BEGIN {exit !(u < q)}'; then break; fi
        if ((SECONDS >= deadline)); then
            say "the machine stayed busy ($used cores in use by others); measuring anyway"
            break
        fi
        say "machine busy ($used cores in use by others, load $(cut -d' ' -f1-3 /proc/loadavg)); waiting"
        quiet_waited=$((quiet_waited + 1))
        sleep 8
    done
    wait_seconds=$((wait_seconds + SECONDS - begin))
}

# The current size being measured, the items the case holds and the ledger's entries.
size=0 items=0 entries=0

# measure COMMAND RUN LOG -- COMMAND…: runs COMMAND under /usr/bin/time -v (standard input from
# /dev/null, standard output to LOG, standard error to LOG.err) and keeps in last_line size, items, entries, command, run,
# wall, user, sys, max RSS (KiB), other processes' cores and load1, for record_units to append
# to raw.tsv once the output is checked. QUIET=0 in the environment skips the wait for quiet.
measure() {
    local command=$1 run=$2 log=$3
    shift 4
    [[ ${QUIET:-1} == 0 ]] || wait_quiet
    local timing="$logs/time.$$" busy0 total0 busy1 total1 load1 line
    load1=$(cut -d' ' -f1 /proc/loadavg)
    read -r busy0 total0 < <(cpu_ticks)
    # The wall time is taken here to the microsecond (/usr/bin/time gives hundredths of a second).
    local start=$EPOCHREALTIME end
    if ! /usr/bin/time -v -o "$timing" "$@" >"$log" 2>"$log.err" </dev/null; then
        tail -n 5 "$log" >&2
        tail -n 20 "$log.err" >&2
        die "evidence $command failed at $items items (run $run); its output is in $log and $log.err"
    fi
    end=$EPOCHREALTIME
    read -r busy1 total1 < <(cpu_ticks)
    line=$(awk -F': ' -v busy=$((busy1 - busy0)) -v hz="$ticks_per_second" -v start="$start" -v end="$end" '
        /User time \(seconds\)/ {user = $2}
        /System time \(seconds\)/ {sys = $2}
        /Maximum resident set size/ {rss = $2}
        END {
            wall = end - start
            others = wall > 0 ? (busy / hz - user - sys) / wall : 0
            if (others < 0) others = 0
            printf "%.4f\t%.2f\t%.2f\t%d\t%.2f", wall, user, sys, rss, others
        }' "$timing")
    rm -f "$timing"
    last_line="$size	$items	$entries	$command	$run	$line	$load1"
    local wall user sys rss others
    IFS=$'\t' read -r wall user sys rss others <<<"$line"
    say "$(printf '%7s items  %-8s run %s: %8.3f s wall, %7.2f s CPU, %7.1f MiB max RSS (others %s cores)' \
        "$items" "$command" "$run" "$wall" "$(awk -v a="$user" -v b="$sys" 'BEGIN {print a + b}')" \
        "$(awk -v r="$rss" 'BEGIN {print r / 1024}')" "$others")"
}
# record_units UNITS: appends the last measurement with UNITS (hits, lines, files or entries).
record_units() { printf '%s\t%s\n' "$last_line" "$1" >>"$raw"; }

# json_field LOG FIELD: FIELD of the last JSON object in LOG (the command's report).
json_field() {
    python3 - "$1" "$2" <<'PY'
import json, sys
for line in reversed(open(sys.argv[1], errors="replace").read().splitlines()):
    line = line.strip()
    if line.startswith("{"):
        try:
            print(json.loads(line)[sys.argv[2]])
            sys.exit(0)
        except (ValueError, KeyError):
            pass
sys.exit(1)
PY
}
check_intact() {  # LOG WHAT
    [[ $(json_field "$1" intact 2>/dev/null) == True ]] || { tail -n 20 "$1" >&2; die "$2 did not report intact (see $1)"; }
}

# ---------------------------------------------------------------- the repository
passphrase="bench passphrase $RANDOM$RANDOM"
resumed_at=0
if [[ $RESUME == 1 ]]; then
    passphrase=$(cat "$WORKDIR/passphrase")
    # Every file the kept run generated was added, by a growth add or a measured one.
    resumed_at=$(awk -F'\t' '$4 == "grow" || $4 == "add" {n += $NF} END {print n + 0}' "$raw")
    ((resumed_at > 0)) || die "the kept run in $WORKDIR added no files (see $raw)"
    ((sizes[0] > resumed_at)) || die "SIZES must start above the $resumed_at items the kept repository holds (got '$SIZES')"
    # Generated folders continue the kept run's numbering.
    batch=$(find "$data" -mindepth 1 -maxdepth 1 -name 'batch-*' | sed 's/.*batch-0*//' | sort -n | tail -1)
    batch=${batch:-$(awk -F'\t' '$4 == "grow" || $4 == "add"' "$raw" | wc -l)}
    items=$resumed_at
    say "resuming the kept repository in $repo at $resumed_at items"
elif [[ $KEEP == 1 ]]; then
    # A kept repository is for measuring by hand afterwards: its users' passphrase (both
    # "admin" and "bench") stays beside it. It holds only generated files.
    (umask 077 && printf '%s\n' "$passphrase" >"$WORKDIR/passphrase")
fi
at=(--repo "$repo" --state "$state")
why=(--reason "scaling benchmark")   # the default policy wants a reason for reading content and searching
# The administrator (who may not create cases or add items) invites the investigator "bench",
# who enrols and creates the case, as in scripts/bench-verify.sh.
setup_log="$logs/setup.log"
if [[ $RESUME != 1 ]]; then
say "creating the repository in $repo"
EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=admin "$bin" init "${at[@]}" --kdf-cost "$KDF_COST" \
    >"$setup_log" 2>&1 </dev/null || { cat "$setup_log" >&2; die "evidence init failed"; }
code=$(EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=admin "$bin" user add bench --role investigator --clearance SC \
        --kdf-cost "$KDF_COST" --json "${at[@]}" 2>>"$setup_log" </dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["enrolmentCode"])') \
    || { cat "$setup_log" >&2; die "evidence user add failed"; }
printf '%s\n' "$code" | EVIDENCE_NEW_PASSPHRASE=$passphrase EVIDENCE_USER=bench "$bin" user enrol \
    --kdf-cost "$KDF_COST" "${at[@]}" >>"$setup_log" 2>&1 || { cat "$setup_log" >&2; die "evidence user enrol failed"; }
# From here on every command runs as bench, the passphrase in the environment (never in an
# argument); audit runs without either (as_auditor).
fi
export EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=bench
as_bench=("$bin")
as_auditor=(env -u EVIDENCE_PASSPHRASE -u EVIDENCE_USER "$bin")
if [[ $RESUME != 1 ]]; then
    "${as_bench[@]}" case create BENCH/1 --title "Benchmark case" "${at[@]}" >>"$setup_log" 2>&1 </dev/null \
        || { cat "$setup_log" >&2; die "evidence case create failed"; }
fi
key=$("$bin" checkpoint --verifier-key "${at[@]}" 2>"$logs/key.log" </dev/null) \
    || { cat "$logs/key.log" >&2; die "evidence checkpoint --verifier-key failed"; }
[[ -n $key ]] || die "evidence checkpoint --verifier-key printed nothing"

ledger_size() {
    "$bin" checkpoint --json "${at[@]}" >"$logs/checkpoint.log" 2>&1 </dev/null \
        || { cat "$logs/checkpoint.log" >&2; die "evidence checkpoint failed"; }
    json_field "$logs/checkpoint.log" size || die "no size in evidence checkpoint's output (see $logs/checkpoint.log)"
}

# After an add: check it reported one item per file, and note the ids (and SHA-256) of the first
# file and of the marker files in ids.tsv.
note_added() {  # LOG FILES
    local added
    added=$(grep -c '"sha256"' "$1" || true)
    [[ $added == "$2" ]] || die "evidence add reported $added items, not $2 (see $1)"
    python3 - "$1" "$markers_json" >>"$ids" <<'PY'
import json, os, sys
wanted = {"f%06d.txt" % 0: "first"}
wanted.update({"f%06d.txt" % int(k): v for k, v in json.loads(sys.argv[2]).items()})
for line in open(sys.argv[1], errors="replace"):
    if line.startswith("{"):
        item = json.loads(line)
        name = os.path.basename(item["path"])
        if name in wanted:
            print("%s\t%s\t%s" % (wanted[name], item["id"], item["sha256"]))
PY
}
id_of() {  # NAME [FIELD]: the item id (field 2) or SHA-256 (field 3) noted for NAME
    awk -F'\t' -v n="$1" -v f="${2:-2}" '$1 == n {print $f; found = 1; exit} END {exit !found}' "$ids" \
        || die "no item noted for $1 (see $ids)"
}

# add_files COUNT COMMAND RUN: generates the next COUNT files (numbers items..) and adds them in
# one `evidence add`, measured as COMMAND (grow: without waiting for quiet, for information).
batch=${batch:-0}
add_files() {
    local count=$1 command=$2 run=$3 dir log folders
    batch=$((batch + 1))
    dir="$data/batch-$(printf '%04d' "$batch")"
    generate "$items" "$count" "$dir" || die "generating files $items.. failed"
    mapfile -t folders < <(find "$dir" -mindepth 1 -maxdepth 1 -type d | sort)
    log="$logs/$command-$batch.log"
    if [[ $command == grow ]]; then
        QUIET=0 measure "$command" "$run" "$log" -- "${as_bench[@]}" add --case BENCH/1 --json --no-index "${at[@]}" "${folders[@]}"
    else
        measure "$command" "$run" "$log" -- "${as_bench[@]}" add --case BENCH/1 --json --no-index "${at[@]}" "${folders[@]}"
    fi
    record_units "$count"
    note_added "$log" "$count"
    items=$((items + count))
    [[ $KEEP == 1 ]] || rm -rf "$dir"
}

# ---------------------------------------------------------------- per-size report
report() {  # RAW PHASES MODE [SIZE]: MODE is "size" (the table of SIZE) or "final"
    python3 - "$@" "$BASE_SIZE" "$RATE_SIZE" <<'PY'
import os, statistics, sys
SCOPE = "first page of 50" if os.environ.get("BENCH_PAGED") == "1" else "whole (no paging)"
raw, phases, mode = sys.argv[1], sys.argv[2], sys.argv[3]
only = int(sys.argv[4]) if mode == "size" else None
base_size, rate_size = int(sys.argv[-2]), int(sys.argv[-1])
rows = []
for line in open(raw):
    if line.strip():
        f = line.rstrip("\n").split("\t")
        rows.append(dict(size=int(f[0]), items=int(f[1]), entries=int(f[2]), command=f[3], run=int(f[4]), wall=float(f[5]),
                         cpu=float(f[6]) + float(f[7]), rss=int(f[8]) / 1024, others=float(f[9]), load1=f[10], units=int(f[11])))
phase = {}
for line in open(phases):
    if line.strip():
        s, grow, measured, waited = line.split("\t")
        phase[int(s)] = (float(grow), float(measured), float(waited))
sizes = sorted({r["size"] for r in rows})

def runs(size, command):
    return [r for r in rows if r["size"] == size and r["command"] == command]

def med(size, command):
    r = runs(size, command)
    if not r:
        return None
    return dict(n=len(r), wall=statistics.median(x["wall"] for x in r), cpu=statistics.median(x["cpu"] for x in r),
                rss=max(x["rss"] for x in r), others=statistics.median(x["others"] for x in r),
                units=statistics.median(x["units"] for x in r), items=min(x["items"] for x in r),
                rate=statistics.median(x["units"] / x["wall"] if x["wall"] else 0 for x in r))

LABELS = [("get", "get (first item)"), ("show", "show"), ("prove", "prove"), ("search", "search, first page"),
          ("list", "list, " + SCOPE), ("log", "log, " + SCOPE), ("add", "add of 1,000 files"),
          ("verify", "verify"), ("audit", "audit"), ("catchup", "search: index catch-up"), ("grow", "growth adds")]

def table(size):
    first = [r for r in rows if r["size"] == size and r["command"] != "grow"]
    items, entries = first[0]["items"], first[0]["entries"]
    grow, measured, waited = phase.get(size, (0, 0, 0))
    asked = "" if items == size else " (asked for %d: earlier adds went past it)" % size
    out = ["%d items%s, %d ledger entries before the measurements;" % (items, asked, entries),
           "growth to this size %.0f s, measurements %.0f s (of which %.0f s waiting for a quiet machine)" % (grow, measured, waited),
           "  %-26s %4s %9s %8s %12s %7s   %s" % ("command", "runs", "wall s", "CPU s", "max RSS MiB", "others", "")]
    for command, label in LABELS:
        m = med(size, command)
        if not m:
            continue
        if command == "grow":
            r = runs(size, command)
            files, wall = sum(x["units"] for x in r), sum(x["wall"] for x in r)
            note = "%d files in %d add(s), %.0f files/s, summed" % (files, len(r), files / wall if wall else 0)
            out.append("  %-26s %4d %9.2f %8.2f %12.1f %7s   %s" % (label, len(r), wall, sum(x["cpu"] for x in r), m["rss"], "-", note))
            continue
        note = {"search": "%d hits in all" % m["units"], "catchup": "one run, not in the goal; %d hits" % m["units"],
                "list": "%d lines" % m["units"], "log": "%d lines" % m["units"],
                "add": "%d files each (median)" % m["units"],
                "verify": "%d entries, %.0f entries/s" % (m["units"], m["rate"]),
                "audit": "%d entries, %.0f entries/s" % (m["units"], m["rate"])}.get(command, "")
        out.append("  %-26s %4d %9.3f %8.2f %12.1f %7.2f   %s" % (label, m["n"], m["wall"], m["cpu"], m["rss"], m["others"], note))
    return out

if mode == "size":
    print("\n".join(line.rstrip() for line in table(only)))
    sys.exit(0)

lines = []
for size in sizes:
    lines += table(size) + [""]
base = base_size if base_size in sizes else sizes[0]

def label_of(s):  # the size asked for, and the items measured when the adds went past it
    items = med(s, "get")["items"]
    return "%d" % s if items == s else "%d (%d items)" % (s, items)

rate_base = rate_size if rate_size in sizes and rate_size != sizes[-1] else base
top = sizes[-1]
lines.append("Goals (issue 11): each size against %s%s:" % (
    label_of(base), "" if base == base_size else "; %d was not measured" % base_size))
verdicts = []

def ratio_goal(command, label, limit):
    b = med(base, command)
    others = [s for s in sizes if s > base]
    if not b or not others:
        lines.append("  %-34s n/a (needs %d and a larger size)" % (label, base))
        return
    parts, ok = [], True
    for s in others:
        m = med(s, command)
        r = m["wall"] / b["wall"] if b["wall"] else float("inf")
        ok = ok and r <= limit
        parts.append("%s: %.2fx" % (label_of(s), r))
    verdicts.append(ok)
    lines.append("  %-34s %s   goal <= %.1fx   %s" % (label, ", ".join(parts), limit, "PASS" if ok else "FAIL"))

for command, label in LABELS[:6]:
    ratio_goal(command, label + " time", 1.5)
ratio_goal("add", "add of 1,000 files time", 1.2)
for command in ("verify", "audit"):
    worst = max(med(s, command)["rss"] for s in sizes)
    ok = worst < 256
    verdicts.append(ok)
    lines.append("  %-34s %s   goal < 256 MiB at every size   %s" % (
        command + " max RSS MiB", ", ".join("%s: %.0f" % (label_of(s), med(s, command)["rss"]) for s in sizes), "PASS" if ok else "FAIL"))
for command in ("verify", "audit"):
    if top == rate_base:
        lines.append("  %-34s n/a (needs two sizes)" % (command + " entries/s"))
        continue
    a, b = med(rate_base, command)["rate"], med(top, command)["rate"]
    r = b / a if a else 0
    verdicts.append(r >= 1)
    lines.append("  %-34s %s: %.0f, %s: %.0f (%.2fx)   goal >= 1.00x%s   %s" % (
        command + " entries/s", label_of(rate_base), a, label_of(top), b, r,
        "" if rate_base == rate_size else " (%d not measured below the largest size: against %d)" % (rate_size, rate_base),
        "PASS" if r >= 1 else "FAIL"))
lines.append("  all goals: %s" % ("PASS" if verdicts and all(verdicts) else "FAIL"))
lines += ["", "raw runs (size, items, ledger entries, command, run, wall s, user s, sys s, max RSS KiB, others' cores, load1, units):"]
lines += ["  " + line.rstrip("\n") for line in open(raw) if line.strip()]
print("\n".join(line.rstrip() for line in lines))
PY
}

# search_check LOG: the hits of the search's JSON must include the marker file; prints the total.
search_check() {
    python3 - "$1" "$marker" <<'PY' || die "the search's first page does not hold the marker file $marker (see $1)"
import json, sys
for line in reversed(open(sys.argv[1], errors="replace").read().splitlines()):
    if line.startswith("{"):
        result = json.loads(line)
        if any(hit["id"] == sys.argv[2] for hit in result["hits"]):
            print(result["total"])
            sys.exit(0)
        break
sys.exit(1)
PY
}
# keep_first_page LOG: a whole listing (up to 300,000 lines) is cut to what head -n 50 shows.
keep_first_page() {
    head -n 50 "$1" >"$1.tmp" && mv "$1.tmp" "$1"
}

# ---------------------------------------------------------------- the sizes
out="$data/out"   # get's copy
run_start=$SECONDS
for size in "${sizes[@]}"; do
    t0=$SECONDS w0=$wait_seconds
    if ((items > size)); then
        say "the case already holds $items items, more than $size: the previous size's adds went past it"
    fi
    entries=$(ledger_size)
    while ((items < size)); do
        n=$((size - items))
        ((n <= GROW_FILES)) || n=$GROW_FILES
        say "growing: adding files $items-$((items + n - 1))"
        add_files "$n" grow 0
    done
    t1=$SECONDS
    entries=$(ledger_size)
    say "measuring at $items items ($entries ledger entries)"
    first=$(id_of first)
    first_sha=$(id_of first 3)
    marker=$(id_of "scalemark$size")
    query="$SEARCH_WORD OR scalemark$size"

    # The search that brings the index up to date (every add used --no-index).
    measure catchup 0 "$logs/catchup-$size.log" -- "${as_bench[@]}" search --json "$query" "${why[@]}" "${at[@]}"
    hits=$(search_check "$logs/catchup-$size.log")
    record_units "$hits"

    for run in $(seq 1 "$RUNS"); do
        rm -f "$out"
        measure get "$run" "$logs/get-$size.$run.log" -- "${as_bench[@]}" get "$first" -o "$out" "${why[@]}" "${at[@]}"
        [[ $(sha256sum "$out" | cut -d' ' -f1) == "$first_sha" ]] || die "evidence get wrote a copy whose SHA-256 is not the item's"
        record_units 1
        measure show "$run" "$logs/show-$size.$run.log" -- "${as_bench[@]}" show "$first" "${at[@]}"
        grep -q "$first" "$logs/show-$size.$run.log" || die "evidence show did not name the item (see $logs/show-$size.$run.log)"
        record_units 1
        measure prove "$run" "$logs/prove-$size.$run.log" -- "${as_bench[@]}" prove "$first" "${at[@]}"
        [[ -s $logs/prove-$size.$run.log ]] || die "evidence prove printed nothing"
        record_units 1
        measure search "$run" "$logs/search-$size.$run.log" -- "${as_bench[@]}" search --json "$query" "${why[@]}" "${at[@]}"
        hits=$(search_check "$logs/search-$size.$run.log")
        record_units "$hits"
        log="$logs/list-$size.$run.log"
        measure list "$run" "$log" -- "${as_bench[@]}" list --case BENCH/1 "${page[@]}" "${at[@]}"
        lines=$(wc -l <"$log")
        if ((paged)); then
            ((lines == (items < 50 ? items : 50))) || die "evidence list --limit 50 printed $lines lines (see $log)"
        else
            ((lines == items)) || die "evidence list printed $lines lines, not one per item ($items; see $log)"
        fi
        record_units "$lines"
        keep_first_page "$log"
        log="$logs/log-$size.$run.log"
        measure log "$run" "$log" -- "${as_bench[@]}" log "${page[@]}" "${at[@]}"
        lines=$(wc -l <"$log")
        if ((paged)); then
            ((lines >= 50)) || die "evidence log --limit 50 printed $lines lines, fewer than 50 events (see $log)"
        else
            ((lines >= entries)) || die "evidence log printed $lines lines, fewer than the $entries ledger entries (see $log)"
        fi
        record_units "$lines"
        keep_first_page "$log"
    done
    for run in $(seq 1 "$RUNS"); do
        log="$logs/verify-$size.$run.log"
        measure verify "$run" "$log" -- "${as_bench[@]}" verify --json "${at[@]}"
        check_intact "$log" "evidence verify at $items items (run $run)"
        record_units "$(json_field "$log" entries)"
        log="$logs/audit-$size.$run.log"
        measure audit "$run" "$log" -- "${as_auditor[@]}" audit --json --verifier-key "$key" "${at[@]}"
        check_intact "$log" "evidence audit at $items items (run $run)"
        record_units "$(json_field "$log" entries)"
    done
    # The measured adds come last, so that everything else sees exactly this many items.
    for run in $(seq 1 "$RUNS"); do
        add_files "$ADD_FILES" add "$run"
    done
    printf '%s\t%s\t%s\t%s\n' "$size" "$((t1 - t0))" "$((SECONDS - t1))" "$((wait_seconds - w0))" >>"$phases"
    say "size $size done in $((SECONDS - t0)) s"
    report "$raw" "$phases" size "$size" >&2
done

# ---------------------------------------------------------------- report
commit="commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n $(git -C "$root" status --porcelain -- Sources Package.swift 2>/dev/null) ]]; then commit="$commit + uncommitted changes in Sources"; fi
[[ -n ${EVIDENCE_BIN:-} ]] && commit="EVIDENCE_BIN given (the source tree is at $commit)"
disk_line=$(df -h --output=source,fstype,size,avail "$WORKDIR" | tail -1 | awk '{printf "%s (%s), %s size, %s free", $1, $2, $3, $4}')
{
    echo "evidence scaling benchmark (scripts/bench-scale.sh)"
    echo "machine:   $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/ {print $2}') GiB memory, kernel $(uname -r)"
    echo "disk:      $WORKDIR on $disk_line; repository $(du -sh "$repo" | cut -f1), state folder $(du -sh "$state" | cut -f1) at the end"
    echo "binary:    $commit, evidence $("$bin" --version 2>/dev/null | head -1): $bin (built $(date -u -r "$bin" '+%Y-%m-%d %H:%M UTC'))"
    echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC'); whole run $((SECONDS - run_start)) s; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
    if ((resumed_at > 0)); then
        echo "resumed:   the repository a kept run grew to $resumed_at items (RESUME=1): the rows of the sizes up to"
        echo "           $resumed_at are that run's measurements, with the binary it used; the rest are this run's"
    fi
    echo "data:      sizes $SIZES; tiny text files (6-14 words of 120), seed $SEED, added with --no-index $GROW_FILES at most per growth add"
    echo "method:    median of $RUNS run(s) of each command at each size, warm page cache; init and enrol --kdf-cost $KDF_COST;"
    echo "           get/show/prove of the first item added; search '$SEARCH_WORD OR scalemarkS' --json (first page of 20);"
    if ((paged)); then
        echo "           list and log: the first page (--limit 50);"
    else
        echo "           list and log: this binary has no --limit, so these are the WHOLE listings, not a first page;"
    fi
    echo "           'others' = cores used by other processes during the measurement (the machine is shared); waits for quiet: $quiet_waited"
    echo
    report "$raw" "$phases" final
} >"$results"
cat "$results"
say "results written to $results"
