#!/usr/bin/env bash
# Benchmark (not a test): evidence ingest and verify against restic, the disk and openssl.
#
#   scripts/bench-ingest.sh [WORKDIR]        (default /tmp/evidence-bench; never inside a git checkout)
#
# On ~1 GiB of incompressible exhibit files of mixed sizes (scripts/make-exhibits.py) and one
# 4 GiB incompressible file, it prints side by side:
#   1. `evidence add` into a fresh repository (init --kdf-cost 16, so the add pays real scrypt) vs
#      `restic backup` into a fresh restic repository vs `dd … conv=fdatasync` of the same byte count;
#   2. `evidence verify` vs `openssl dgst -sha256` over the same plaintext files;
#   3. `evidence add` of the 4 GiB file (peak memory, throughput), with restic and dd beside it,
#      and, as a bound rather than a goal, one stream of direct reads of the file (dd iflag=direct);
#      3b. the same file read from a RAM disk (BIG_RAM_DIR), so that the repository's disk only
#      writes, as when exhibits are read from their own media: here both the source and the
#      repository share one virtual disk, and an add of one big file keeps it busy reading
#      and writing (the 'disk busy' column), whereas dd only writes;
# wall seconds, CPU seconds (user+sys, /usr/bin/time -v), max RSS, the median of N runs, and
# the goals of issue 2 with PASS/FAIL. MB/s are decimal (10^6 bytes per second).
# The adds run with --no-index: the figures are the durable commit alone (indexing for search
# runs after the commit and is measured by scripts/bench-search.sh).
#
# Environment:
#   EXHIBIT_BYTES=1073741824  size of the exhibit set      BIG_BYTES=4294967296  size of the big file (0: skip)
#   RUNS=3                    runs on the exhibit set      BIG_RUNS=3            runs on the big file
#   BIG_RAM_DIR=/dev/shm      a RAM-backed folder for 3b (empty: skip 3b; skipped too without room)
#   KDF_COST=16               evidence init --kdf-cost     SEED=20261127         corpus seed
#   BIG_COMPARE=1             also restic/dd/openssl on the big file (0: evidence only)
#   QUIET_CORES=0.3 QUIET_WAIT=120  before each measurement, wait up to QUIET_WAIT s for other
#                             processes to use less than QUIET_CORES cores (the machine is shared)
#   DROP_CACHES=1             drop the page cache before each measurement (needs root or sudo -n)
#   EVIDENCE_BIN=path         use this binary instead of building (swift build -c release)
#   KEEP=1                    keep the generated data (reused by the next run); repositories always go
# The results (table and raw runs) are also written to WORKDIR/results-<time>.txt, which stays.
# On our VMs the durable write rate is bimodal: ~350-480 MB/s when the page cache lands on guest
# memory the host must back afresh (as after dropping caches), ~1.3 GB/s otherwise; compare the
# ratios within one run, and look at 'faults/MiB' and CPU s/GiB, which are steadier than MB/s.
set -euo pipefail
WORKDIR=${1:-${WORKDIR:-/tmp/evidence-bench}}
[[ $WORKDIR == /* ]] || WORKDIR="$PWD/$WORKDIR"
cd "$(dirname "$0")/.."
root=$(pwd)

EXHIBIT_BYTES=${EXHIBIT_BYTES:-1073741824}
BIG_BYTES=${BIG_BYTES:-4294967296}
RUNS=${RUNS:-3}
BIG_RUNS=${BIG_RUNS:-3}
BIG_RAM_DIR=${BIG_RAM_DIR-/dev/shm}
KDF_COST=${KDF_COST:-16}
SEED=${SEED:-20261127}
BIG_COMPARE=${BIG_COMPARE:-1}
QUIET_CORES=${QUIET_CORES:-0.3}
QUIET_WAIT=${QUIET_WAIT:-120}
DROP_CACHES=${DROP_CACHES:-1}
KEEP=${KEEP:-0}
CORPUS_GEN=${CORPUS_GEN:-$root/scripts/make-exhibits.py}

say() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench-ingest: %s\n' "$*" >&2; exit 1; }

for n in EXHIBIT_BYTES BIG_BYTES RUNS BIG_RUNS KDF_COST; do
    [[ ${!n} =~ ^[0-9]+$ ]] || die "$n must be a whole number (got '${!n}')"
done
((RUNS >= 1)) || die "RUNS must be at least 1"
((EXHIBIT_BYTES >= 1048576)) || die "EXHIBIT_BYTES must be at least 1 MiB"
[[ -f $CORPUS_GEN ]] || die "corpus generator not found at $CORPUS_GEN (set CORPUS_GEN)"

# ---------------------------------------------------------------- tools
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
wanted=(restic time python3 openssl)
# The build's own packages (scripts/install-deps.sh), so that apt-get update runs at most once.
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
command -v restic >/dev/null && [[ -x /usr/bin/time ]] && command -v openssl >/dev/null && command -v python3 >/dev/null \
    || die "restic, /usr/bin/time, openssl and python3 are needed"

if [[ -n ${EVIDENCE_BIN:-} ]]; then
    evidence=$EVIDENCE_BIN
else
    source scripts/install-deps.sh
    say "building evidence (release)"
    # Others may be editing the sources while this builds ("modified during the build"): retry.
    for attempt in 1 2 3; do
        swift build -c release --product evidence >&2 && break
        ((attempt < 3)) || die "swift build -c release failed"
        say "build failed (attempt $attempt); retrying in 20 s"
        sleep 20
    done
    evidence="$(swift build -c release --show-bin-path)/evidence"
fi
[[ -x $evidence ]] || die "no evidence binary at $evidence"

# ---------------------------------------------------------------- work folder
mkdir -p "$WORKDIR"
WORKDIR=$(cd "$WORKDIR" && pwd -P)
[[ $WORKDIR != / ]] || die "WORKDIR must not be /"
if top=$(git -C "$WORKDIR" rev-parse --show-toplevel 2>/dev/null); then
    die "WORKDIR $WORKDIR is inside the git checkout $top; use a folder outside any checkout"
fi
corpus="$WORKDIR/corpus"
exhibits="$corpus/exhibits"
bigdir="$WORKDIR/big"
big="$bigdir/big-4g.bin"
logs="$WORKDIR/logs"
raw="$WORKDIR/raw.tsv"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="$WORKDIR/results-$stamp.txt"
mkdir -p "$logs"
: >"$raw"

# Everything large lives in these; only they are removed at the end (unless KEEP=1).
scratch=("$WORKDIR/ev-repo" "$WORKDIR/ev-state" "$WORKDIR/ev-big-repo" "$WORKDIR/ev-big-state"
         "$WORKDIR/restic-repo" "$WORKDIR/restic-cache" "$WORKDIR/dd.out" "$WORKDIR/exhibits.list0")
ram_big=""
[[ -n $BIG_RAM_DIR ]] && ram_big="$BIG_RAM_DIR/evidence-bench-big-$$.bin" && scratch+=("$ram_big")
cleanup() {
    rm -rf "${scratch[@]}"
    if [[ $KEEP != 1 ]]; then
        rm -rf "$corpus" "$bigdir"
        say "removed the data and repositories under $WORKDIR (KEEP=1 keeps them)"
    fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- data
corpus_ok() {
    [[ -f $corpus/MANIFEST.json ]] && python3 - "$corpus/MANIFEST.json" "$SEED" "$EXHIBIT_BYTES" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
ok = m.get("seed") == sys.argv[2] and m.get("exhibits", {}).get("bytes") == int(sys.argv[3])
sys.exit(0 if ok else 1)
PY
}
if corpus_ok; then
    say "exhibit set already in $exhibits (seed $SEED, $EXHIBIT_BYTES bytes)"
else
    say "generating $EXHIBIT_BYTES bytes of exhibits in $exhibits (seed $SEED)"
    if [[ -d $corpus && -n $(ls -A "$corpus") && ! -f $corpus/MANIFEST.json ]]; then
        die "$corpus exists and is not a generated corpus; choose another WORKDIR"
    fi
    rm -rf "$corpus"
    mkdir -p "$corpus"
    python3 "$CORPUS_GEN" "$corpus" --seed "$SEED" --bytes "$EXHIBIT_BYTES" >/dev/null
fi
find "$exhibits" -type f -print0 | sort -z >"$WORKDIR/exhibits.list0"
exhibit_files=$(tr -cd '\0' <"$WORKDIR/exhibits.list0" | wc -c)
exhibit_bytes=$(find "$exhibits" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
[[ $exhibit_bytes == "$EXHIBIT_BYTES" ]] || die "the exhibit set holds $exhibit_bytes bytes, not $EXHIBIT_BYTES"

if ((BIG_BYTES > 0)); then
    if [[ -f $big && $(stat -c %s "$big") == "$BIG_BYTES" ]]; then
        say "big file already at $big"
    else
        say "generating the big file: $BIG_BYTES incompressible bytes"
        rm -rf "$bigdir"
        mkdir -p "$bigdir"
        { openssl enc -aes-256-ctr -pbkdf2 -pass pass:evidence-bench -nosalt </dev/zero 2>/dev/null || true; } \
            | head -c "$BIG_BYTES" >"$big"
        [[ $(stat -c %s "$big") == "$BIG_BYTES" ]] || die "could not write $BIG_BYTES bytes to $big"
    fi
fi

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
cores=$(nproc)

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

# measure SECTION TOOL RUN BYTES LOG -- COMMAND…: runs COMMAND under /usr/bin/time -v and appends
# section, tool, run, bytes, wall, user, sys, max RSS (KiB), other processes' cores, load1 to raw.tsv.
measure() {
    local section=$1 tool=$2 run=$3 bytes=$4 log=$5
    shift 6
    drop_caches
    wait_quiet
    local timing="$logs/time.$$" busy0 total0 busy1 total1 load1 read0 written0 ms0 read1 written1 ms1
    load1=$(cut -d' ' -f1 /proc/loadavg)
    read -r busy0 total0 < <(cpu_ticks)
    read -r read0 written0 ms0 < <(disk_counters)
    if ! /usr/bin/time -v -o "$timing" "$@" >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "$tool failed (run $run); its output is in $log"
    fi
    read -r busy1 total1 < <(cpu_ticks)
    read -r read1 written1 ms1 < <(disk_counters)
    local disk
    disk=$(awk -v r=$((read1 - read0)) -v w=$((written1 - written0)) -v ms=$((ms1 - ms0)) \
        'BEGIN {printf "%.3f\t%.3f\t%.2f", r * 512 / 1e9, w * 512 / 1e9, ms / 1000}')
    local line
    line=$(awk -F': ' -v busy=$((busy1 - busy0)) -v hz="$ticks_per_second" '
        /User time \(seconds\)/ {user = $2}
        /System time \(seconds\)/ {sys = $2}
        /Maximum resident set size/ {rss = $2}
        /Minor \(reclaiming a frame\) page faults/ {faults = $2}
        /Elapsed \(wall clock\)/ {n = split($2, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i]}
        END {
            others = wall > 0 ? (busy / hz - user - sys) / wall : 0
            if (others < 0) others = 0
            printf "%.2f\t%.2f\t%.2f\t%d\t%.2f\t%d", wall, user, sys, rss, others, faults
        }' "$timing")
    rm -f "$timing"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$section" "$tool" "$run" "$bytes" "$line" "$load1" "$disk" >>"$raw"
    IFS=$'\t' read -r wall user sys rss others faults <<<"$line"
    say "$(printf '%-28s run %s: %7.2f s wall, %6.2f s CPU, %6.1f MiB max RSS, %6.1f MB/s (others %s cores, load %s)' \
        "$section: $tool" "$run" "$wall" "$(awk -v a="$user" -v b="$sys" 'BEGIN {print a + b}')" \
        "$(awk -v r="$rss" 'BEGIN {print r / 1024}')" "$(awk -v b="$bytes" -v w="$wall" 'BEGIN {print (w > 0 ? b / w / 1e6 : 0)}')" \
        "$others" "$load1")"
}

passphrase="bench passphrase $RANDOM$RANDOM"
ev() { EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=${EVIDENCE_USER:-bench} "$evidence" "$@"; }
# The administrator (who may not create cases or add items) invites the investigator "bench",
# who enrols with the same scrypt cost and does the measured work, as a force would set it up.
fresh_evidence_repo() {  # REPO STATE
    rm -rf "$1" "$2"
    local code
    EVIDENCE_USER=admin ev init --repo "$1" --state "$2" --kdf-cost "$KDF_COST" >"$logs/init.log" 2>&1 \
        || { cat "$logs/init.log" >&2; die "evidence init failed"; }
    code=$(EVIDENCE_USER=admin ev user add bench --role investigator --clearance SC --kdf-cost "$KDF_COST" --json \
            --repo "$1" --state "$2" 2>"$logs/user.log" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["enrolmentCode"])') \
        || { cat "$logs/user.log" >&2; die "evidence user add failed"; }
    # Later versions take the enrolment code on standard input only; earlier ones (an
    # EVIDENCE_BIN built from an older commit, to compare) as an argument.
    if ev user enrol --help 2>&1 | grep -q -- '--code-file'; then
        printf '%s\n' "$code" | EVIDENCE_NEW_PASSPHRASE=$passphrase ev user enrol --kdf-cost "$KDF_COST" --repo "$1" --state "$2" \
            >"$logs/enrol.log" 2>&1
    else
        EVIDENCE_NEW_PASSPHRASE=$passphrase ev user enrol "$code" --kdf-cost "$KDF_COST" --repo "$1" --state "$2" \
            >"$logs/enrol.log" 2>&1 </dev/null
    fi || { cat "$logs/enrol.log" >&2; die "evidence user enrol failed"; }
    ev case create BENCH/1 --title "Benchmark case" --repo "$1" --state "$2" >"$logs/case.log" 2>&1 \
        || { cat "$logs/case.log" >&2; die "evidence case create failed"; }
}
export RESTIC_PASSWORD="bench restic $RANDOM$RANDOM" RESTIC_CACHE_DIR="$WORKDIR/restic-cache"
fresh_restic_repo() {
    rm -rf "$WORKDIR/restic-repo" "$WORKDIR/restic-cache"
    restic init --repo "$WORKDIR/restic-repo" -q >"$logs/restic-init.log" 2>&1 || { cat "$logs/restic-init.log" >&2; die "restic init failed"; }
}
check_added() {  # LOG EXPECTED_COUNT
    local added
    added=$(grep -c '"sha256"' "$1" || true)
    [[ $added == "$2" ]] || die "evidence add reported $added items, not $2 (see $1)"
}

# 1. Ingest of the exhibit set; the runs interleave so that a disturbance hits all three alike.
for run in $(seq 1 "$RUNS"); do
    fresh_evidence_repo "$WORKDIR/ev-repo" "$WORKDIR/ev-state"
    measure ingest "evidence add" "$run" "$exhibit_bytes" "$logs/add.$run.log" -- \
        env EVIDENCE_PASSPHRASE="$passphrase" EVIDENCE_USER=bench "$evidence" add --case BENCH/1 --json --no-index \
        --repo "$WORKDIR/ev-repo" --state "$WORKDIR/ev-state" "$exhibits"
    check_added "$logs/add.$run.log" "$exhibit_files"
    fresh_restic_repo
    measure ingest "restic backup" "$run" "$exhibit_bytes" "$logs/restic.$run.log" -- \
        restic backup -q --repo "$WORKDIR/restic-repo" "$exhibits"
    rm -rf "$WORKDIR/restic-repo" "$WORKDIR/restic-cache"
    rm -f "$WORKDIR/dd.out"
    measure ingest "dd conv=fdatasync" "$run" "$exhibit_bytes" "$logs/dd.$run.log" -- \
        dd if=/dev/zero of="$WORKDIR/dd.out" bs=4M iflag=count_bytes count="$exhibit_bytes" conv=fdatasync
    rm -f "$WORKDIR/dd.out"
done
ev_repo_bytes=$(du -sb "$WORKDIR/ev-repo" | cut -f1)

# 2. Verify (the repository of the last ingest run) against openssl dgst over the plaintext.
for run in $(seq 1 "$RUNS"); do
    measure verify "evidence verify" "$run" "$exhibit_bytes" "$logs/verify.$run.log" -- \
        env EVIDENCE_PASSPHRASE="$passphrase" EVIDENCE_USER=bench "$evidence" verify --json \
        --repo "$WORKDIR/ev-repo" --state "$WORKDIR/ev-state"
    grep -q '"intact":true' "$logs/verify.$run.log" || die "evidence verify did not report intact (see $logs/verify.$run.log)"
    measure verify "openssl dgst -sha256" "$run" "$exhibit_bytes" "$logs/dgst.$run.log" -- \
        xargs -0 -a "$WORKDIR/exhibits.list0" openssl dgst -sha256
done
rm -rf "$WORKDIR/ev-repo" "$WORKDIR/ev-state"

# 3. The big file: peak memory and throughput of one large add.
if ((BIG_BYTES > 0)); then
    for run in $(seq 1 "$BIG_RUNS"); do
        fresh_evidence_repo "$WORKDIR/ev-big-repo" "$WORKDIR/ev-big-state"
        measure big "evidence add" "$run" "$BIG_BYTES" "$logs/big-add.$run.log" -- \
            env EVIDENCE_PASSPHRASE="$passphrase" EVIDENCE_USER=bench "$evidence" add --case BENCH/1 --json --no-index \
            --repo "$WORKDIR/ev-big-repo" --state "$WORKDIR/ev-big-state" "$big"
        check_added "$logs/big-add.$run.log" 1
        if [[ $BIG_COMPARE == 1 ]]; then
            fresh_restic_repo
            measure big "restic backup" "$run" "$BIG_BYTES" "$logs/big-restic.$run.log" -- \
                restic backup -q --repo "$WORKDIR/restic-repo" "$big"
            rm -rf "$WORKDIR/restic-repo" "$WORKDIR/restic-cache"
            rm -f "$WORKDIR/dd.out"
            measure big "dd conv=fdatasync" "$run" "$BIG_BYTES" "$logs/big-dd.$run.log" -- \
                dd if=/dev/zero of="$WORKDIR/dd.out" bs=4M iflag=count_bytes count="$BIG_BYTES" conv=fdatasync
            rm -f "$WORKDIR/dd.out"
            # Not a goal: how fast the disk gives the file back (one stream of direct reads),
            # which bounds any ingest of it, whereas dd above writes zeros from memory.
            measure big "dd read iflag=direct" "$run" "$BIG_BYTES" "$logs/big-read.$run.log" -- \
                dd if="$big" of=/dev/null bs=4M iflag=direct
            measure big-verify "evidence verify" "$run" "$BIG_BYTES" "$logs/big-verify.$run.log" -- \
                env EVIDENCE_PASSPHRASE="$passphrase" EVIDENCE_USER=bench "$evidence" verify --json \
                --repo "$WORKDIR/ev-big-repo" --state "$WORKDIR/ev-big-state"
            grep -q '"intact":true' "$logs/big-verify.$run.log" || die "evidence verify of the big file did not report intact"
            measure big-verify "openssl dgst -sha256" "$run" "$BIG_BYTES" "$logs/big-dgst.$run.log" -- \
                openssl dgst -sha256 "$big"
        fi
        if [[ -n $ram_big ]]; then
            if [[ ! -f $ram_big ]]; then
                ram_free=$(df --output=avail -B1 "$BIG_RAM_DIR" 2>/dev/null | tail -1 || echo 0)
                if [[ $(stat -f -c %T "$BIG_RAM_DIR" 2>/dev/null) != tmpfs ]] || ((ram_free < BIG_BYTES + (1 << 30))); then
                    say "$BIG_RAM_DIR is not a tmpfs with $BIG_BYTES bytes to spare; skipping 3b"
                    ram_big=""
                    continue
                fi
                cp "$big" "$ram_big"
            fi
            fresh_evidence_repo "$WORKDIR/ev-big-repo" "$WORKDIR/ev-big-state"
            measure big-ram "evidence add" "$run" "$BIG_BYTES" "$logs/big-ram-add.$run.log" -- \
                env EVIDENCE_PASSPHRASE="$passphrase" EVIDENCE_USER=bench "$evidence" add --case BENCH/1 --json --no-index \
                --repo "$WORKDIR/ev-big-repo" --state "$WORKDIR/ev-big-state" "$ram_big"
            check_added "$logs/big-ram-add.$run.log" 1
            if [[ $BIG_COMPARE == 1 ]]; then
                fresh_restic_repo
                measure big-ram "restic backup" "$run" "$BIG_BYTES" "$logs/big-ram-restic.$run.log" -- \
                    restic backup -q --repo "$WORKDIR/restic-repo" "$ram_big"
                rm -rf "$WORKDIR/restic-repo" "$WORKDIR/restic-cache"
            fi
        fi
    done
    [[ -n $ram_big ]] && rm -f "$ram_big"
    rm -rf "$WORKDIR/ev-big-repo" "$WORKDIR/ev-big-state"
fi

# ---------------------------------------------------------------- report
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$root" status --porcelain -- Sources Package.swift 2>/dev/null) ]]; then commit="$commit + uncommitted changes in Sources"; fi
[[ -n ${EVIDENCE_BIN:-} ]] && commit="EVIDENCE_BIN given; the source tree is at $commit"
disk_line=$(df -h --output=source,fstype,size,avail "$WORKDIR" | tail -1 | awk '{printf "%s (%s), %s size, %s free", $1, $2, $3, $4}')
{
    echo "machine:  $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')$(grep -qw sha_ni /proc/cpuinfo && echo ', SHA extensions')), $(free -g | awk '/^Mem:/ {print $2}') GiB memory, kernel $(uname -r)"
    echo "disk:     $WORKDIR on $disk_line (before cleanup)"
    echo "versions: evidence $("$evidence" --version 2>/dev/null | head -1) (commit $commit); $(restic version | head -1 | cut -d' ' -f1-2); $(openssl version); $(swift --version 2>/dev/null | head -1 || echo 'swift ?')"
    echo "binary:   $evidence (built $(date -u -r "$evidence" '+%Y-%m-%d %H:%M UTC'))"
    echo "date:     $(date -u '+%Y-%m-%d %H:%M UTC'); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "data:     exhibit set of $exhibit_files files, $exhibit_bytes bytes (seed $SEED); big file $BIG_BYTES bytes; all incompressible"
    echo "method:   median of $RUNS run(s) on the exhibit set, $BIG_RUNS on the big file; page cache dropped before each measurement: $(if ((drops_failed == 0)); then echo yes; elif ((drops_ok == 0)); then echo "no (warm cache after the first read)"; else echo "only $drops_ok of $((drops_ok + drops_failed)) times"; fi);"
    echo "          evidence repository initialised with --kdf-cost $KDF_COST (add and verify each run scrypt once); repository after ingest: $ev_repo_bytes bytes"
    echo "          'others' = cores used by other processes during the measurement (this machine is shared); waits for quiet: $quiet_waited"
    echo "          'faults/MiB' = minor page faults per MiB of data (256 = every byte lands on a freshly faulted page once)"
} >"$WORKDIR/header.txt"

python3 - "$raw" "$WORKDIR/header.txt" >"$results" <<'PY'
import statistics, sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
runs = {}
for section, tool, run, nbytes, wall, user, sys_, rss, others, faults, load1, disk_read, disk_written, disk_busy in rows:
    runs.setdefault((section, tool), []).append(dict(
        run=int(run), bytes=int(nbytes), wall=float(wall), cpu=float(user) + float(sys_),
        user=float(user), sys=float(sys_), rss=int(rss), others=float(others), faults=int(faults), load=float(load1),
        disk=float(disk_read) + float(disk_written), busy=float(disk_busy) / float(wall) if float(wall) else 0))

def med(section, tool):
    r = runs.get((section, tool))
    if not r:
        return None
    wall = statistics.median(x["wall"] for x in r)
    return dict(n=len(r), bytes=r[0]["bytes"], wall=wall, mbs=r[0]["bytes"] / wall / 1e6 if wall else 0,
                cpu=statistics.median(x["cpu"] for x in r), rss=max(x["rss"] for x in r) / 1024,
                others=statistics.median(x["others"] for x in r), faults=statistics.median(x["faults"] for x in r),
                disk=statistics.median(x["disk"] for x in r), busy=statistics.median(x["busy"] for x in r))

def table(title, section, tools):
    out = [title, "  %-22s %9s %9s %10s %10s %11s %12s %8s %8s %6s" % (
        "", "MB/s", "wall s", "CPU s", "CPU s/GiB", "max RSS MiB", "faults/MiB", "others", "disk GB", "busy")]
    for tool in tools:
        m = med(section, tool)
        if m:
            out.append("  %-22s %9.1f %9.2f %10.2f %10.2f %11.1f %12.1f %8.2f %8.2f %5.0f%%" % (
                tool, m["mbs"], m["wall"], m["cpu"], m["cpu"] / (m["bytes"] / 2**30), m["rss"],
                m["faults"] / (m["bytes"] / 2**20), m["others"], m["disk"], 100 * m["busy"]))
    return out

def goal(label, value, op, target, unit="x"):
    if value is None:
        return "  %-48s %9s" % (label, "n/a")
    ok = value >= target if op == ">=" else (value < target if op == "<" else value <= target)
    fmt = "%9.2f%s" % (value, unit if unit == "x" else " " + unit)
    return "  %-48s %-14s goal %s %s%s   %s" % (label, fmt, op, target, unit if unit == "x" else " " + unit, "PASS" if ok else "FAIL")

def ratio(a, b, key):
    return a[key] / b[key] if a and b and b[key] else None

lines = ["evidence ingest/verify benchmark (scripts/bench-ingest.sh)"] + [l.rstrip("\n") for l in open(sys.argv[2])] + [""]
ev, rs, dd = med("ingest", "evidence add"), med("ingest", "restic backup"), med("ingest", "dd conv=fdatasync")
if ev:
    n = ev["n"]
    lines += table("1. Ingest of the exhibit set (%d bytes; median of %d)" % (ev["bytes"], n), "ingest",
                   ["evidence add", "restic backup", "dd conv=fdatasync"])
    lines += [goal("throughput evidence / restic", ratio(ev, rs, "mbs"), ">=", 1.5),
              goal("throughput evidence / dd (durable write rate)", ratio(ev, dd, "mbs"), ">=", 0.8),
              goal("CPU seconds evidence / restic", ratio(ev, rs, "cpu"), "<=", 0.5), ""]
vf, dg = med("verify", "evidence verify"), med("verify", "openssl dgst -sha256")
if vf:
    lines += table("2. Verify of the exhibit set (median of %d)" % vf["n"], "verify", ["evidence verify", "openssl dgst -sha256"])
    lines += [goal("throughput evidence verify / openssl dgst", ratio(vf, dg, "mbs"), ">=", 0.8),
              "  %-48s %9.2fx" % ("CPU seconds evidence verify / openssl dgst", ratio(vf, dg, "cpu") or 0), ""]
bev, brs, bdd = med("big", "evidence add"), med("big", "restic backup"), med("big", "dd conv=fdatasync")
if bev:
    lines += table("3. One big file (%d bytes; median of %d)" % (bev["bytes"], bev["n"]), "big",
                   ["evidence add", "restic backup", "dd conv=fdatasync", "dd read iflag=direct"])
    lines += [goal("peak memory (max RSS) of evidence add", bev["rss"], "<", 100, "MiB")]
    if med("ingest", "evidence add"):
        lines += [goal("peak memory (max RSS) of evidence add, exhibit set", ev["rss"], "<", 100, "MiB")]
    if brs:
        lines += [goal("throughput evidence / restic", ratio(bev, brs, "mbs"), ">=", 1.5),
                  goal("throughput evidence / dd (durable write rate)", ratio(bev, bdd, "mbs"), ">=", 0.8),
                  goal("CPU seconds evidence / restic", ratio(bev, brs, "cpu"), "<=", 0.5)]
        brd = med("big", "dd read iflag=direct")
        if brd:
            lines += ["  %-48s %9.2fx     (no goal: reading the file once, one stream)"
                      % ("throughput evidence / dd read iflag=direct", ratio(bev, brd, "mbs") or 0)]
    bvf, bdg = med("big-verify", "evidence verify"), med("big-verify", "openssl dgst -sha256")
    if bvf:
        lines += [""] + table("   verify of the big file", "big-verify", ["evidence verify", "openssl dgst -sha256"])
        lines += [goal("throughput evidence verify / openssl dgst", ratio(bvf, bdg, "mbs"), ">=", 0.8)]
    lines += [""]
rev, rrs = med("big-ram", "evidence add"), med("big-ram", "restic backup")
if rev:
    runs[("big-ram", "dd conv=fdatasync")] = runs.get(("big", "dd conv=fdatasync"), [])
    lines += table("3b. The big file read from a RAM disk: the repository's disk only writes (median of %d;"
                   " dd is section 3's)" % rev["n"], "big-ram", ["evidence add", "restic backup", "dd conv=fdatasync"])
    lines += [goal("peak memory (max RSS) of evidence add", rev["rss"], "<", 100, "MiB")]
    if rrs:
        lines += [goal("throughput evidence / restic", ratio(rev, rrs, "mbs"), ">=", 1.5),
                  goal("throughput evidence / dd (durable write rate)", ratio(rev, bdd, "mbs"), ">=", 0.8),
                  goal("CPU seconds evidence / restic", ratio(rev, rrs, "cpu"), "<=", 0.5)]
    lines += ["  'disk GB' = bytes the repository's disk read and wrote during the run; 'busy' = the share of the",
              "  wall time it had requests in flight (/proc/diskstats)", ""]
lines += ["raw runs (section, tool, run, bytes, wall s, user s, sys s, max RSS KiB, others' cores, minor faults, load1,"
          "  disk GB read, disk GB written, disk busy s):"]
lines += ["  " + "  ".join(r) for r in rows]
print("\n".join(lines))
PY
cat "$results"
say "results written to $results"
