#!/usr/bin/env bash
# Benchmark (not a test): `evidence verify` and `evidence audit` of this tree against a baseline commit.
#
#   scripts/bench-verify.sh [WORKDIR]        (default /tmp/evidence-verify-bench; never inside a git checkout)
#
# The goal: verify and audit keep within 10% of the baseline's throughput (candidate/baseline
# >= 0.90) on two kinds of repository. The baseline is BASELINE (default 445e13f, the last commit
# before ledger entries were replayed against their signers' authority, FORMAT §7.10); the
# candidate is this working tree (swift build -c release) or EVIDENCE_BIN.
#   1. the ingest benchmark's kind of repository: an exhibit set of EXHIBIT_BYTES of
#      incompressible files of mixed sizes (1 KiB to 64 MiB, log-normal around 256 KiB, as
#      scripts/bench-ingest.sh has them) in one case; throughput in MB/s of plaintext;
#   2. a big ledger: ENTRIES tiny distinct files (64-512 bytes) added to one case, one ledger
#      entry each, so the ledger holds at least ENTRIES entries; throughput in entries/s.
# Each binary verifies and audits a repository it created itself from the same inputs (the
# candidate's format records facts the baseline does not know): init --kdf-cost KDF_COST (low, so
# that scrypt does not weigh on verify), the administrator invites the investigator "bench", who
# enrols, creates the case and adds the files with --no-index (these adds are timed too, as
# information). Then, RUNS times, interleaved (the binary that goes first alternates from run to
# run, so that a disturbance or a warming cache does not always favour the same one):
#   `evidence verify --json`  as bench (EVIDENCE_PASSPHRASE): ledger, objects decrypted and
#                             re-hashed, catalog; each run appends one verification entry;
#   `evidence audit --json --verifier-key KEY`  key-less (KEY from `evidence checkpoint --verifier-key`).
# Each must exit 0 and report intact, or the benchmark stops. It prints, per repository and
# command, the median wall seconds, MB/s or entries/s, CPU seconds (user+sys), max RSS (from
# /usr/bin/time -v) of baseline and candidate side by side, their throughput ratio and PASS/FAIL.
# MB/s are decimal (10^6 bytes per second) of the exhibits' plaintext, for audit too (which reads
# only ciphertext); entries/s count the whole ledger as the run reports it (ENTRIES items plus the
# setup's and earlier verify runs' entries).
# Duration and needs, estimated from runs at 2,000 and 10,000 entries on a 2-core VM (not from a
# full run): the adds take ~700 entries/s, verify ~1,400 entries/s, audit ~3,200 entries/s, so
# roughly 20 minutes after the builds; verify's memory grows with the ledger (218 MiB at 10,000
# entries), so expect it near 2 GB at 100,000; WORKDIR needs ~4 GB and ~500,000 inodes (each
# repository holds about two files per entry).
#
# Environment:
#   EXHIBIT_BYTES=536870912   size of the exhibit set (512 MiB)   ENTRIES=100000  tiny files for the big ledger
#   LEDGER_ADDS=4             the tiny files are added in this many `evidence add` runs (one per
#                             group of folders of 1,000 files), each committing its files as it goes
#   RUNS=3                    measured runs of each command       SEED=20261127   data seed
#   KDF_COST=10               evidence init / user enrol --kdf-cost
#   GOAL=0.90                 the lowest acceptable candidate/baseline throughput ratio
#   BASELINE=445e13f          the baseline commit, built in release mode from a temporary
#                             `git worktree add --detach` under WORKDIR (removed once built); the build
#                             folder WORKDIR/baseline-build/<commit> stays, and the next run reuses it
#   BASELINE_BIN=path         use this binary as the baseline instead (BASELINE is then only a label)
#   EVIDENCE_BIN=path         use this binary as the candidate instead of building (swift build -c release)
#   BUILD_PATH=.build         SwiftPM build folder of the candidate (e.g. .build-bench, to keep clear of
#                             a debug build or a test run holding .build's lock)
#   QUIET_CORES=0.3 QUIET_WAIT=120  before each measurement, wait up to QUIET_WAIT s for other
#                             processes to use less than QUIET_CORES cores (the machine is shared)
#   DROP_CACHES=1             drop the page cache before each measurement (needs root or sudo -n); the
#                             binary and its shared libraries are then read back in, so that loading
#                             the program from disk is not part of what is measured
#   KEEP=1                    keep the generated data (reused by the next run); repositories always go
# The results (table and raw runs) are also written to WORKDIR/results-<time>.txt, which stays.
# Both release builds take a while on a small machine; the baseline's is built once per commit.
# Validate changes to this script at a small scale, e.g.
#   EXHIBIT_BYTES=33554432 ENTRIES=2000 RUNS=1 scripts/bench-verify.sh
set -euo pipefail
WORKDIR=${1:-${WORKDIR:-/tmp/evidence-verify-bench}}
[[ $WORKDIR == /* ]] || WORKDIR="$PWD/$WORKDIR"
cd "$(dirname "$0")/.."
root=$(pwd)

EXHIBIT_BYTES=${EXHIBIT_BYTES:-536870912}
ENTRIES=${ENTRIES:-100000}
LEDGER_ADDS=${LEDGER_ADDS:-4}
RUNS=${RUNS:-3}
SEED=${SEED:-20261127}
KDF_COST=${KDF_COST:-10}
GOAL=${GOAL:-0.90}
BASELINE=${BASELINE:-445e13f}
BUILD_PATH=${BUILD_PATH:-.build}
QUIET_CORES=${QUIET_CORES:-0.3}
QUIET_WAIT=${QUIET_WAIT:-120}
DROP_CACHES=${DROP_CACHES:-1}
KEEP=${KEEP:-0}
# Test hooks must not touch what is measured.
unset EVIDENCE_FAULT_KILL_AT EVIDENCE_FAULT_CLOCK_OFFSET_SECONDS EVIDENCE_REPO EVIDENCE_STATE

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench-verify: %s\n' "$*" >&2; exit 1; }

for n in EXHIBIT_BYTES ENTRIES LEDGER_ADDS RUNS KDF_COST; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number (got '${!n}')"
done
[[ $GOAL =~ ^[0-9]*\.?[0-9]+$ ]] || die "GOAL must be a number (got '$GOAL')"
((RUNS >= 1)) || die "RUNS must be at least 1"
((LEDGER_ADDS >= 1)) || die "LEDGER_ADDS must be at least 1"
((EXHIBIT_BYTES >= 1048576)) || die "EXHIBIT_BYTES must be at least 1 MiB"
((ENTRIES >= 100)) || die "ENTRIES must be at least 100"

# ---------------------------------------------------------------- tools
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
wanted=(time python3 openssl git)
# The build's own packages (scripts/install-deps.sh), so that apt-get update runs at most once.
if [[ -z ${EVIDENCE_BIN:-} || -z ${BASELINE_BIN:-} ]]; then
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
[[ -x /usr/bin/time ]] && command -v openssl >/dev/null && command -v python3 >/dev/null && command -v git >/dev/null \
    || die "/usr/bin/time, openssl, python3 and git are needed"
if [[ -z ${EVIDENCE_BIN:-} || -z ${BASELINE_BIN:-} ]] && ! command -v swift >/dev/null; then
    export PATH="/opt/swift/usr/bin:$PATH"
    command -v swift >/dev/null || die "swift is not on PATH nor in /opt/swift/usr/bin (or give EVIDENCE_BIN and BASELINE_BIN)"
fi

# ---------------------------------------------------------------- work folder
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd -P)
[[ $WORKDIR != / ]] || die "WORKDIR must not be /"
if top=$(git -C "$WORKDIR" rev-parse --show-toplevel 2>/dev/null); then
    die "WORKDIR $WORKDIR is inside the git checkout $top; use a folder outside any checkout"
fi
data="$WORKDIR/data"
exhibits="$data/exhibits"
ledger_files="$data/ledger"
logs="$WORKDIR/logs"
raw="$WORKDIR/raw.tsv"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$WORKDIR/results-$stamp.txt"
base_src="$WORKDIR/baseline-src"
mkdir -p "$logs"
: >"$raw"

# Everything large lives in these; only they are removed at the end (unless KEEP=1). The
# baseline's build folder stays: it is the cache the next run reuses.
scratch=()
for which in baseline candidate; do
    for kind in exhibits ledger; do scratch+=("$WORKDIR/repo-$which-$kind" "$WORKDIR/state-$which-$kind"); done
done
worktree_made=0
remove_worktree() {
    if ((worktree_made)); then
        git -C "$root" worktree remove --force "$base_src" >/dev/null 2>&1 || rm -rf "$base_src"
        git -C "$root" worktree prune >/dev/null 2>&1 || true
        worktree_made=0
    fi
}
cleanup() {
    remove_worktree
    rm -rf "${scratch[@]}"
    if [[ $KEEP != 1 ]]; then
        rm -rf "$data"
        say "removed the data and repositories under $WORKDIR (KEEP=1 keeps the data)"
    fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- binaries
# Others may be editing the sources while this builds ("modified during the build"): retry.
build_release() {  # LABEL BUILD_PATH (in the current folder)
    local attempt
    for attempt in 1 2 3; do
        swift build -c release --product evidence --build-path "$2" >&2 && return 0
        ((attempt < 3)) || die "swift build -c release of the $1 failed"
        say "build of the $1 failed (attempt $attempt); retrying in 20 s"
        sleep 20
    done
}

if [[ -n ${EVIDENCE_BIN:-} ]]; then
    candidate=$EVIDENCE_BIN
else
    say "building the candidate (release, $BUILD_PATH)"
    build_release candidate "$BUILD_PATH"
    candidate="$(swift build -c release --build-path "$BUILD_PATH" --show-bin-path)/evidence"
fi
[[ -x $candidate ]] || die "no candidate binary at $candidate"
candidate=$(cd "$(dirname "$candidate")" && pwd -P)/$(basename "$candidate")

if [[ -n ${BASELINE_BIN:-} ]]; then
    baseline=$BASELINE_BIN
    base_label="$BASELINE (BASELINE_BIN given)"
else
    base_sha=$(git -C "$root" rev-parse --verify --quiet "$BASELINE^{commit}") || die "BASELINE $BASELINE is not a commit of this repository"
    base_label=$(git -C "$root" rev-parse --short "$base_sha")
    base_build="$WORKDIR/baseline-build/$base_sha"
    if [[ -f $base_build/built && -x $(cat "$base_build/built") ]]; then
        baseline=$(cat "$base_build/built")
        say "baseline $base_label already built: $baseline"
    else
        say "building the baseline $base_label (release) from a temporary worktree at $base_src"
        if [[ -e $base_src ]]; then  # left by an interrupted run
            git -C "$root" worktree remove --force "$base_src" >/dev/null 2>&1 || rm -rf "$base_src"
            git -C "$root" worktree prune
        fi
        git -C "$root" worktree add --detach "$base_src" "$base_sha" >&2 || die "git worktree add of $base_sha failed"
        worktree_made=1
        # Package.resolved is not tracked: build the baseline against the candidate's resolved
        # dependency versions, so that only our code differs.
        [[ -f $root/Package.resolved && ! -f $base_src/Package.resolved ]] && cp "$root/Package.resolved" "$base_src/"
        mkdir -p "$base_build"
        (cd "$base_src" && build_release baseline "$base_build")
        baseline="$(cd "$base_src" && swift build -c release --build-path "$base_build" --show-bin-path)/evidence"
        [[ -x $baseline ]] || die "no baseline binary at $baseline"
        echo "$baseline" >"$base_build/built"
        remove_worktree
    fi
fi
[[ -x $baseline ]] || die "no baseline binary at $baseline"
baseline=$(cd "$(dirname "$baseline")" && pwd -P)/$(basename "$baseline")
[[ $baseline != "$candidate" ]] || die "the baseline and the candidate are the same file ($baseline)"
bin_of() { if [[ $1 == baseline ]]; then echo "$baseline"; else echo "$candidate"; fi; }

# ---------------------------------------------------------------- data
# Deterministic from SEED: the exhibits are an AES-256-CTR keystream keyed from the seed (openssl),
# cut into log-normal sizes; the tiny files hold their number and pseudo-random hex, so each differs.
data_ok() {  # PART
    [[ -f $data/MANIFEST-$1.json ]] && python3 - "$data/MANIFEST-$1.json" "$SEED" "$2" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
sys.exit(0 if m.get("seed") == sys.argv[2] and m.get("size") == int(sys.argv[3]) else 1)
PY
}
if [[ -d $data && -n $(ls -A "$data") ]] && ! ls "$data"/MANIFEST-*.json >/dev/null 2>&1; then
    die "$data exists and holds no generated data; choose another WORKDIR"
fi
mkdir -p "$data"
generate() {  # PART SIZE
    rm -rf "${data:?}/$1" "$data/MANIFEST-$1.json"
    python3 - "$data" "$1" "$2" "$SEED" <<'PY'
import hashlib, json, math, os, random, subprocess, sys
dest, part, size, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
root = os.path.join(dest, part)
files = total = 0
if part == "exhibits":
    # The sizes of scripts/make-exhibits.py (the ingest benchmark's exhibit set).
    rng = random.Random("exhibits:%s" % seed)
    sizes, acc = [], 0
    while acc < size:
        s = max(1024, min(64 << 20, int(math.exp(rng.gauss(math.log(256 * 1024), 2.0)))))
        sizes.append(s)
        acc += s
    sizes[-1] -= acc - size
    if sizes[-1] < 1024:
        short = 1024 - sizes[-1]
        sizes[-1] = 1024
        sizes[max(range(len(sizes) - 1), key=lambda k: sizes[k])] -= short
    key = hashlib.sha256(("exhibit-key:%s" % seed).encode()).hexdigest()
    proc = subprocess.Popen(["openssl", "enc", "-aes-256-ctr", "-nosalt", "-K", key, "-iv", "0" * 32, "-in", "/dev/zero"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        for i, s in enumerate(sizes):
            d = os.path.join(root, "case-%02d" % (i % 8))
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "exhibit-%05d.bin" % i), "wb") as f:
                left = s
                while left:
                    chunk = proc.stdout.read(min(left, 4 << 20))
                    if not chunk:
                        raise SystemExit("openssl keystream ended early")
                    f.write(chunk)
                    left -= len(chunk)
            files += 1
            total += s
    finally:
        proc.kill()
        proc.wait()
else:
    # Folders of 1,000 files, so that the adds can take whole folders.
    rng = random.Random("ledger:%s" % seed)
    for i in range(size):
        d = os.path.join(root, "d%04d" % (i // 1000))
        if i % 1000 == 0:
            os.makedirs(d, exist_ok=True)
        head = b"evidence bench ledger entry %d (seed %s)\n" % (i, seed.encode())
        body = rng.randbytes(rng.randint(64, 512) // 2).hex().encode()
        with open(os.path.join(d, "entry-%06d.txt" % i), "wb") as f:
            f.write(head + body + b"\n")
        files += 1
        total += len(head) + len(body) + 1
json.dump({"seed": seed, "size": size, "files": files, "bytes": total}, open(os.path.join(dest, "MANIFEST-%s.json" % part), "w"))
PY
}
if data_ok exhibits "$EXHIBIT_BYTES"; then
    say "exhibit set already in $exhibits (seed $SEED, $EXHIBIT_BYTES bytes)"
else
    say "generating $EXHIBIT_BYTES bytes of exhibits in $exhibits (seed $SEED)"
    generate exhibits "$EXHIBIT_BYTES"
fi
if data_ok ledger "$ENTRIES"; then
    say "$ENTRIES tiny files already in $ledger_files (seed $SEED)"
else
    say "generating $ENTRIES tiny files in $ledger_files (seed $SEED)"
    generate ledger "$ENTRIES"
fi
exhibit_files=$(find "$exhibits" -type f | wc -l)
exhibit_bytes=$(find "$exhibits" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
[[ $exhibit_bytes == "$EXHIBIT_BYTES" ]] || die "the exhibit set holds $exhibit_bytes bytes, not $EXHIBIT_BYTES"
ledger_count=$(find "$ledger_files" -type f | wc -l)
[[ $ledger_count == "$ENTRIES" ]] || die "$ledger_files holds $ledger_count files, not $ENTRIES"
# The folders of tiny files, dealt out to LEDGER_ADDS adds.
mapfile -t ledger_dirs < <(find "$ledger_files" -mindepth 1 -maxdepth 1 -type d | sort)
((LEDGER_ADDS <= ${#ledger_dirs[@]})) || LEDGER_ADDS=${#ledger_dirs[@]}

# ---------------------------------------------------------------- measuring
drops_ok=0 drops_failed=0
drop_caches() {
    [[ $DROP_CACHES == 1 ]] || { drops_failed=$((drops_failed + 1)); return 0; }
    sync
    if { [[ -z $sudo ]] && (echo 3 >/proc/sys/vm/drop_caches) 2>/dev/null; } \
        || { [[ -n $sudo ]] && sudo -n sh -c 'echo 3 > /proc/sys/vm/drop_caches' 2>/dev/null; }; then
        drops_ok=$((drops_ok + 1))
    else
        drops_failed=$((drops_failed + 1))
    fi
}

# Busy CPU ticks (all cores) and total ticks, from /proc/stat.
cpu_ticks() {
    local _label user nice system idle iowait irq softirq steal _rest
    read -r _label user nice system idle iowait irq softirq steal _rest </proc/stat
    echo "$((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal))"
}
ticks_per_second=$(getconf CLK_TCK)
cores=$(nproc)

# The block device under WORKDIR, as /proc/diskstats names it (empty if not found there).
disk_device=$(basename "$(df --output=source "$WORKDIR" | tail -1)")
grep -q " $disk_device " /proc/diskstats 2>/dev/null || disk_device=""
# Sectors read, sectors written and milliseconds busy of that device, from /proc/diskstats.
disk_counters() {
    if [[ -n $disk_device ]]; then
        awk -v d="$disk_device" '$3 == d {print $6, $10, $13}' /proc/diskstats
    else
        echo "0 0 0"
    fi
}

# Waits (at most QUIET_WAIT seconds) until other processes use less than QUIET_CORES cores.
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

# After the page cache is dropped, the binary (~35 MB) and its shared libraries (~85 MB, Swift's
# runtime and Foundation among them) are read back before the measurement: what is measured is the
# work on the repository, not loading the program from disk, which would weigh on the small runs.
warm_program() {  # BINARY
    { echo "$1"; ldd "$1" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3}'; } | xargs cat >/dev/null 2>&1 || true
}

# measure REPOSITORY COMMAND WHICH RUN UNITS LOG -- COMMAND…: runs COMMAND under /usr/bin/time -v
# and appends repository, command, which, run, units, wall, user, sys, max RSS (KiB), other
# processes' cores, minor faults, load1, disk GB read and written, disk busy s to raw.tsv.
# UNITS is the bytes or entries the run covers; "entries" takes the count from the run's JSON.
measure() {
    local repository=$1 command=$2 which=$3 run=$4 units=$5 log=$6
    shift 7
    drop_caches
    warm_program "$(bin_of "$which")"
    wait_quiet
    local timing="$logs/time.$$" busy0 total0 busy1 total1 load1 read0 written0 ms0 read1 written1 ms1
    load1=$(cut -d' ' -f1 /proc/loadavg)
    read -r busy0 total0 < <(cpu_ticks)
    read -r read0 written0 ms0 < <(disk_counters)
    # The wall time is taken here to the microsecond (/usr/bin/time gives hundredths of a second,
    # too coarse for the small runs that validate this script); it includes time's own fork and exec.
    local start=$EPOCHREALTIME end
    if ! /usr/bin/time -v -o "$timing" "$@" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "$which $command failed on the $repository repository (run $run); its output is in $log"
    fi
    end=$EPOCHREALTIME
    read -r busy1 total1 < <(cpu_ticks)
    read -r read1 written1 ms1 < <(disk_counters)
    if [[ $units == entries ]]; then
        units=$(json_field "$log" entries) || die "no entry count in $log"
    fi
    local disk line
    disk=$(awk -v r=$((read1 - read0)) -v w=$((written1 - written0)) -v ms=$((ms1 - ms0)) \
        'BEGIN {printf "%.3f\t%.3f\t%.2f", r * 512 / 1e9, w * 512 / 1e9, ms / 1000}')
    line=$(awk -F': ' -v busy=$((busy1 - busy0)) -v hz="$ticks_per_second" -v start="$start" -v end="$end" '
        /User time \(seconds\)/ {user = $2}
        /System time \(seconds\)/ {sys = $2}
        /Maximum resident set size/ {rss = $2}
        /Minor \(reclaiming a frame\) page faults/ {faults = $2}
        END {
            wall = end - start
            others = wall > 0 ? (busy / hz - user - sys) / wall : 0
            if (others < 0) others = 0
            printf "%.4f\t%.2f\t%.2f\t%d\t%.2f\t%d", wall, user, sys, rss, others, faults
        }' "$timing")
    rm -f "$timing"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$repository" "$command" "$which" "$run" "$units" "$line" "$load1" "$disk" >>"$raw"
    IFS=$'\t' read -r wall user sys rss others _faults <<<"$line"
    say "$(printf '%-9s %-7s %-9s run %s: %7.2f s wall, %6.2f s CPU, %6.1f MiB max RSS, %s units (others %s cores, load %s)' \
        "$repository" "$command" "$which" "$run" "$wall" "$(awk -v a="$user" -v b="$sys" 'BEGIN {print a + b}')" \
        "$(awk -v r="$rss" 'BEGIN {print r / 1024}')" "$units" "$others" "$load1")"
}

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

passphrase="bench passphrase $RANDOM$RANDOM"
# The administrator (who may not create cases or add items) invites the investigator "bench",
# who enrols and creates the case, as in scripts/bench-ingest.sh.
fresh_repo() {  # WHICH KIND
    local bin repo state code which=$1 kind=$2
    bin=$(bin_of "$which")
    repo="$WORKDIR/repo-$which-$kind" state="$WORKDIR/state-$which-$kind"
    rm -rf "$repo" "$state"
    local setup="$logs/setup-$which-$kind.log"
    EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=admin "$bin" init --repo "$repo" --state "$state" --kdf-cost "$KDF_COST" \
        >"$setup" 2>&1 || { cat "$setup" >&2; die "$which: evidence init failed"; }
    code=$(EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=admin "$bin" user add bench --role investigator --clearance SC \
            --kdf-cost "$KDF_COST" --json --repo "$repo" --state "$state" 2>>"$setup" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["enrolmentCode"])') \
        || { cat "$setup" >&2; die "$which: evidence user add failed"; }
    # Later versions take the enrolment code on standard input only; earlier ones as an argument.
    if "$bin" user enrol --help 2>&1 | grep -q -- '--code-file'; then
        printf '%s\n' "$code" | EVIDENCE_NEW_PASSPHRASE=$passphrase EVIDENCE_USER=bench "$bin" user enrol \
            --kdf-cost "$KDF_COST" --repo "$repo" --state "$state" >>"$setup" 2>&1
    else
        EVIDENCE_NEW_PASSPHRASE=$passphrase EVIDENCE_USER=bench "$bin" user enrol "$code" \
            --kdf-cost "$KDF_COST" --repo "$repo" --state "$state" >>"$setup" 2>&1 </dev/null
    fi || { cat "$setup" >&2; die "$which: evidence user enrol failed"; }
    EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=bench "$bin" case create BENCH/1 --title "Benchmark case" \
        --repo "$repo" --state "$state" >>"$setup" 2>&1 || { cat "$setup" >&2; die "$which: evidence case create failed"; }
}
check_added() {  # LOG EXPECTED_COUNT
    local added
    added=$(grep -c '"sha256"' "$1" || true)
    [[ $added == "$2" ]] || die "evidence add reported $added items, not $2 (see $1)"
}
declare -A keys tree_size
setup() {  # WHICH KIND
    local which=$1 kind=$2 bin repo state i
    bin=$(bin_of "$which")
    repo="$WORKDIR/repo-$which-$kind" state="$WORKDIR/state-$which-$kind"
    say "$which: creating the $kind repository"
    fresh_repo "$which" "$kind"
    if [[ $kind == exhibits ]]; then
        measure "$kind" add "$which" 1 "$exhibit_bytes" "$logs/add-$which-$kind.log" -- \
            env EVIDENCE_PASSPHRASE="$passphrase" EVIDENCE_USER=bench \
            "$bin" add --case BENCH/1 --json --no-index --repo "$repo" --state "$state" "$exhibits"
        check_added "$logs/add-$which-$kind.log" "$exhibit_files"
    else
        local part added=0 group
        for ((part = 0; part < LEDGER_ADDS; part++)); do
            group=()
            for ((i = part; i < ${#ledger_dirs[@]}; i += LEDGER_ADDS)); do group+=("${ledger_dirs[i]}"); done
            measure "$kind" add "$which" $((part + 1)) "$(find "${group[@]}" -type f | wc -l)" "$logs/add-$which-$kind.$part.log" -- \
                env EVIDENCE_PASSPHRASE="$passphrase" EVIDENCE_USER=bench \
                "$bin" add --case BENCH/1 --json --no-index --repo "$repo" --state "$state" "${group[@]}"
            added=$((added + $(grep -c '"sha256"' "$logs/add-$which-$kind.$part.log" || true)))
        done
        [[ $added == "$ENTRIES" ]] || die "$which: the adds reported $added items, not $ENTRIES (see $logs/add-$which-$kind.*.log)"
    fi
    keys[$which-$kind]=$("$bin" checkpoint --verifier-key --repo "$repo" --state "$state" 2>"$logs/key-$which-$kind.log") \
        || { cat "$logs/key-$which-$kind.log" >&2; die "$which: evidence checkpoint --verifier-key failed"; }
    [[ -n ${keys[$which-$kind]} ]] || die "$which: evidence checkpoint --verifier-key printed nothing"
    "$bin" checkpoint --json --repo "$repo" --state "$state" >"$logs/checkpoint-$which-$kind.log" 2>&1 \
        || { cat "$logs/checkpoint-$which-$kind.log" >&2; die "$which: evidence checkpoint failed"; }
    tree_size[$which-$kind]=$(json_field "$logs/checkpoint-$which-$kind.log" size) || die "$which: no checkpoint size"
    if [[ $kind == ledger ]] && ((tree_size[$which-$kind] < ENTRIES)); then
        die "$which: the ledger holds ${tree_size[$which-$kind]} entries, fewer than $ENTRIES"
    fi
    say "$which: the $kind repository holds ${tree_size[$which-$kind]} ledger entries"
}

for kind in exhibits ledger; do
    for which in baseline candidate; do setup "$which" "$kind"; done
done

# The measurements: per run, each repository and command, both binaries back to back, the one
# that goes first alternating from run to run.
for run in $(seq 1 "$RUNS"); do
    if ((run % 2)); then order=(baseline candidate); else order=(candidate baseline); fi
    for kind in exhibits ledger; do
        if [[ $kind == exhibits ]]; then units=$exhibit_bytes; else units=entries; fi
        for command in verify audit; do
            for which in "${order[@]}"; do
                bin=$(bin_of "$which")
                repo="$WORKDIR/repo-$which-$kind" state="$WORKDIR/state-$which-$kind"
                log="$logs/$command-$which-$kind.$run.log"
                if [[ $command == verify ]]; then
                    measure "$kind" verify "$which" "$run" "$units" "$log" -- \
                        env EVIDENCE_PASSPHRASE="$passphrase" EVIDENCE_USER=bench \
                        "$bin" verify --json --repo "$repo" --state "$state"
                else
                    measure "$kind" audit "$which" "$run" "$units" "$log" -- \
                        "$bin" audit --json --verifier-key "${keys[$which-$kind]}" --repo "$repo" --state "$state"
                fi
                check_intact "$log" "$which $command of the $kind repository (run $run)"
            done
        done
    done
done
repo_bytes() { du -sb "$WORKDIR/repo-$1-$2" | cut -f1; }
sizes_line="exhibits $(repo_bytes baseline exhibits)/$(repo_bytes candidate exhibits), ledger $(repo_bytes baseline ledger)/$(repo_bytes candidate ledger)"

# ---------------------------------------------------------------- report
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$root" status --porcelain -- Sources Package.swift 2>/dev/null) ]]; then commit="$commit + uncommitted changes in Sources"; fi
[[ -n ${EVIDENCE_BIN:-} ]] && commit="EVIDENCE_BIN given; the source tree is at $commit"
disk_line=$(df -h --output=source,fstype,size,avail "$WORKDIR" | tail -1 | awk '{printf "%s (%s), %s size, %s free", $1, $2, $3, $4}')
ledger_bytes=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["bytes"])' "$data/MANIFEST-ledger.json")
{
    echo "machine:   $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')$(grep -qw sha_ni /proc/cpuinfo && echo ', SHA extensions')), $(free -g | awk '/^Mem:/ {print $2}') GiB memory, kernel $(uname -r)"
    echo "disk:      $WORKDIR on $disk_line (before cleanup)"
    echo "baseline:  $base_label, evidence $("$baseline" --version 2>/dev/null | head -1): $baseline (built $(date -u -r "$baseline" '+%Y-%m-%d %H:%M UTC'))"
    echo "candidate: commit $commit, evidence $("$candidate" --version 2>/dev/null | head -1): $candidate (built $(date -u -r "$candidate" '+%Y-%m-%d %H:%M UTC'))"
    echo "toolchain: $(swift --version 2>/dev/null | head -1 || echo 'swift ?'); $(openssl version)"
    echo "date:      $(date -u '+%Y-%m-%d %H:%M UTC'); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "data:      exhibit set of $exhibit_files files, $exhibit_bytes bytes, incompressible; $ENTRIES tiny files ($ledger_bytes bytes) added in $LEDGER_ADDS add(s); seed $SEED"
    echo "ledgers:   entries after setup (baseline/candidate): exhibits ${tree_size[baseline-exhibits]}/${tree_size[candidate-exhibits]}, ledger ${tree_size[baseline-ledger]}/${tree_size[candidate-ledger]}"
    echo "           checkpoints verify checked in run 1 (baseline/candidate): exhibits $(json_field "$logs/verify-baseline-exhibits.1.log" checkpoints)/$(json_field "$logs/verify-candidate-exhibits.1.log" checkpoints), ledger $(json_field "$logs/verify-baseline-ledger.1.log" checkpoints)/$(json_field "$logs/verify-candidate-ledger.1.log" checkpoints)"
    echo "           repository bytes at the end (baseline/candidate): $sizes_line"
    echo "method:    median of $RUNS run(s) of each command, interleaved, the first binary alternating; each binary on its own repository"
    echo "           (init and enrol --kdf-cost $KDF_COST); page cache dropped before each measurement: $(if ((drops_failed == 0)); then echo yes; elif ((drops_ok == 0)); then echo "no (warm cache)"; else echo "only $drops_ok of $((drops_ok + drops_failed)) times"; fi)"
    echo "           'others' = cores used by other processes during the measurement (this machine is shared); waits for quiet: $quiet_waited"
} >"$WORKDIR/header.txt"

python3 - "$raw" "$WORKDIR/header.txt" "$GOAL" >"$results" <<'PY'
import statistics, sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
goal = float(sys.argv[3])
runs = {}
for repository, command, which, run, units, wall, user, sys_, rss, others, faults, load1, disk_read, disk_written, disk_busy in rows:
    runs.setdefault((repository, command, which), []).append(dict(
        units=int(units), wall=float(wall), cpu=float(user) + float(sys_), rss=int(rss), others=float(others),
        disk=float(disk_read) + float(disk_written)))

def med(repository, command, which):
    r = runs.get((repository, command, which))
    if not r:
        return None
    # Throughput per run (units may differ by a few entries between runs), then the median.
    return dict(n=len(r), units=statistics.median(x["units"] for x in r), wall=statistics.median(x["wall"] for x in r),
                rate=statistics.median(x["units"] / x["wall"] if x["wall"] else float("inf") for x in r),
                cpu=statistics.median(x["cpu"] for x in r), rss=max(x["rss"] for x in r) / 1024,
                others=statistics.median(x["others"] for x in r), disk=statistics.median(x["disk"] for x in r))

def rate_text(value, unit):
    return "%10.1f" % (value / 1e6) if unit == "MB/s" else "%10.0f" % value

def block(repository, command, unit, goal_line=True, label=None):
    b, c = med(repository, command, "baseline"), med(repository, command, "candidate")
    if not b or not c:
        return [], None
    out = ["  %-22s %9s %10s %9s %12s %8s %8s" % (label or "evidence " + command, "wall s", unit, "CPU s", "max RSS MiB", "disk GB", "others")]
    for which, m in (("baseline", b), ("candidate", c)):
        out.append("    %-20s %9.3f %s %9.2f %12.1f %8.2f %8.2f" % (which, m["wall"], rate_text(m["rate"], unit), m["cpu"], m["rss"],
                                                                 m["disk"], m["others"]))
    ratio = c["rate"] / b["rate"] if b["rate"] else None
    cpu = c["cpu"] / b["cpu"] if b["cpu"] else None
    if goal_line:
        verdict = "n/a" if ratio is None else ("PASS" if ratio >= goal else "FAIL")
        out.append("    %-46s %6.2fx  goal >= %.2fx   %s" % ("throughput candidate / baseline", ratio or 0, goal, verdict))
    else:
        out.append("    %-46s %6.2fx  (information, no goal)" % ("throughput candidate / baseline", ratio or 0))
    out.append("    %-46s %6.2fx" % ("CPU seconds candidate / baseline", cpu or 0))
    return out, (ratio >= goal if ratio is not None else False) if goal_line else None

lines = ["evidence verify/audit benchmark against a baseline (scripts/bench-verify.sh)"]
lines += [l.rstrip("\n") for l in open(sys.argv[2])] + [""]
verdicts = []
titles = {"exhibits": "1. The exhibit set (the ingest benchmark's kind of repository; MB/s of plaintext)",
          "ledger": "2. The big ledger (tiny files, one entry each; entries/s over the whole ledger)"}
for repository, unit in (("exhibits", "MB/s"), ("ledger", "entries/s")):
    n = (med(repository, "verify", "baseline") or {}).get("n", 0)
    lines.append(titles[repository] + ", median of %d" % n)
    for command in ("verify", "audit"):
        out, ok = block(repository, command, unit)
        lines += out
        if ok is not None:
            verdicts.append(ok)
    lines.append("")
lines.append("3. For information, no goal: the adds that built each repository (the ledger's adds summed)")
for repository, unit in (("exhibits", "MB/s"), ("ledger", "entries/s")):
    # The ledger's adds are summed: one repository, LEDGER_ADDS adds.
    for which in ("baseline", "candidate"):
        r = runs.get((repository, "add", which), [])
        if r:
            units, wall = sum(x["units"] for x in r), sum(x["wall"] for x in r)
            runs[(repository, "add-total", which)] = [dict(units=units, wall=wall, cpu=sum(x["cpu"] for x in r),
                                                           rss=max(x["rss"] for x in r), others=statistics.median(x["others"] for x in r),
                                                           disk=sum(x["disk"] for x in r))]
    out, _ = block(repository, "add-total", unit, goal_line=False, label="evidence add (%s)" % repository)
    lines += out
lines += ["", "goal: verify and audit throughput within %d%% of the baseline's on both repositories: %s"
          % (round((1 - goal) * 100), "PASS" if verdicts and all(verdicts) else "FAIL"), ""]
lines += ["raw runs (repository, command, binary, run, units, wall s, user s, sys s, max RSS KiB, others' cores,"
          " minor faults, load1, disk GB read, disk GB written, disk busy s):"]
lines += ["  " + "  ".join(r) for r in rows]
print("\n".join(lines))
PY
cat "$results"
say "results written to $results"
