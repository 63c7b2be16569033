#!/usr/bin/env bash
# Benchmark (not a test): OCR speed and what scanned material costs indexing.
#
#   scripts/bench-ocr.sh [WORKDIR]        (default /tmp/evidence-ocr-bench; never inside a git checkout)
#
# Prints, each the median of RUNS runs of the release build:
#   1. OCR pages per second: PAGES rendered A4 pages (300 dpi greyscale PNG of 11 pt Helvetica
#      typeset by scripts/bench/make_ocr_page.py and rasterised by pdftoppm; English sentences of
#      scripts/bench/make_text_corpus.py) added to a case with --no-index,
#      then `evidence reindex` of that case (the extraction child OCRs every page); beside it the
#      `tesseract` command on the same pages one after another (the same library, no store), so
#      the store's own cost shows;
#   2. indexing throughput (files/s and MiB/s of `evidence reindex`) of a case of DOCS files with
#      0% scanned material (all text files) against one with 10% (every tenth file a rendered page
#      of the same text instead): what scanned material costs.
#
# Environment:
#   RUNS=3   PAGES=20   DOCS=200   SEED=20261207   KDF_COST=14 (init/enrol scrypt cost: cheap, not measured)
#   EVIDENCE_BIN=path   use this binary instead of building (swift build -c release)
#   BUILD_PATH=.build-bench   SwiftPM build folder of the release build
#   EVIDENCE_OCR_LANGUAGES, EVIDENCE_EXTRACT_TIMEOUT   passed through to evidence as set
# Needs the tesseract command for the reference, besides scripts/install-deps.sh:
# apt-get install tesseract-ocr
set -euo pipefail
WORKDIR=${1:-${WORKDIR:-/tmp/evidence-ocr-bench}}
[[ $WORKDIR == /* ]] || WORKDIR="$PWD/$WORKDIR"
cd "$(dirname "$0")/.."
root=$(pwd)

RUNS=${RUNS:-3}
PAGES=${PAGES:-20}
DOCS=${DOCS:-200}
SEED=${SEED:-20261207}
KDF_COST=${KDF_COST:-14}
BUILD_PATH=${BUILD_PATH:-.build-bench}

say() { printf '[bench-ocr] %s\n' "$*" >&2; }
die() { printf 'bench-ocr: %s\n' "$*" >&2; exit 1; }

for n in RUNS PAGES DOCS; do
    [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "$n must be a positive whole number"
done
((DOCS >= 10)) || die "DOCS must be at least 10 (a tenth of them are scans)"
case $WORKDIR in "$root"|"$root"/*) die "WORKDIR must be outside the checkout" ;; esac
command -v pdftoppm >/dev/null || die "pdftoppm is needed: apt-get install poppler-utils"
command -v tesseract >/dev/null || die "the tesseract command is needed for the reference: apt-get install tesseract-ocr"

if [[ -n ${EVIDENCE_BIN:-} ]]; then
    evidence=$EVIDENCE_BIN
else
    say "building evidence (release)"
    swift build -c release --product evidence --build-path "$BUILD_PATH" >&2 || die "swift build -c release failed"
    evidence="$(swift build -c release --build-path "$BUILD_PATH" --show-bin-path)/evidence"
fi
[[ -x $evidence ]] || die "no evidence binary at $evidence"

mkdir -p "$WORKDIR"
corpus="$WORKDIR/corpus"
logs="$WORKDIR/logs"
mkdir -p "$logs"

# The text: generated English documents (the search benchmark's generator), which also give the
# pages' words.
if [[ ! -d $corpus/text ]]; then
    say "generating $DOCS text documents"
    python3 scripts/bench/make_text_corpus.py "$corpus" --docs "$DOCS" --seed "$SEED" >&2
fi
mapfile -t texts < <(find "$corpus/text" -name '*.txt' | sort | head -n "$DOCS")
((${#texts[@]} == DOCS)) || die "the corpus has ${#texts[@]} documents, not $DOCS"

# A4 at 300 dpi: 2480 x 3508 pixels, greyscale, up to 60 lines of a document's text.
render() {  # render TEXTFILE OUT.png: the text typeset on an A4 PDF page, rasterised as a scanner would
    python3 scripts/bench/make_ocr_page.py "$1" "$2.pdf"
    pdftoppm -r 300 -gray -png -singlefile "$2.pdf" "${2%.png}" 2>>"$logs/render.log" || die "pdftoppm failed (see $logs/render.log)"
    rm -f "$2.pdf"
}
pages="$WORKDIR/pages"
if [[ ! -d $pages ]] || (($(find "$pages" -name '*.png' | wc -l) != PAGES)); then
    say "rendering $PAGES pages"
    rm -rf "$pages" && mkdir -p "$pages"
    for ((k = 0; k < PAGES; k++)); do render "${texts[k % DOCS]}" "$(printf '%s/page-%03d.png' "$pages" "$k")"; done
fi
# The 10% case: every tenth document replaced by the rendered page of its own text.
mixed="$WORKDIR/mixed"
if [[ ! -d $mixed ]]; then
    say "making the 10% scanned case"
    mkdir -p "$mixed"
    for ((k = 0; k < DOCS; k++)); do
        if ((k % 10 == 0)); then
            render "${texts[k]}" "$(printf '%s/doc-%04d.png' "$mixed" "$k")"
        else
            cp "${texts[k]}" "$(printf '%s/doc-%04d.txt' "$mixed" "$k")"
        fi
    done
fi
plain="$WORKDIR/plain"
if [[ ! -d $plain ]]; then
    mkdir -p "$plain"
    for ((k = 0; k < DOCS; k++)); do cp "${texts[k]}" "$(printf '%s/doc-%04d.txt' "$plain" "$k")"; done
fi

passphrase="evidence-ocr-bench-passphrase"
ev() { EVIDENCE_PASSPHRASE=$passphrase EVIDENCE_USER=${EVIDENCE_USER:-bench} EVIDENCE_REASON="OCR benchmark" "$evidence" "$@"; }

# repository NAME FOLDER: a fresh repository whose case BENCH/1 holds FOLDER's files, not yet indexed.
repository() {
    local repo="$WORKDIR/repo-$1" state="$WORKDIR/state-$1"
    rm -rf "$repo" "$state"
    EVIDENCE_USER=admin ev init --repo "$repo" --state "$state" --kdf-cost "$KDF_COST" >"$logs/init-$1.log" 2>&1 \
        || { cat "$logs/init-$1.log" >&2; die "evidence init failed"; }
    local code
    code=$(EVIDENCE_USER=admin ev user add bench --role investigator --clearance SC --kdf-cost "$KDF_COST" --json \
        --repo "$repo" --state "$state" 2>"$logs/user-$1.log" | python3 -c 'import json,sys; print(json.load(sys.stdin)["enrolmentCode"])') \
        || { cat "$logs/user-$1.log" >&2; die "evidence user add failed"; }
    printf '%s\n' "$code" | EVIDENCE_NEW_PASSPHRASE=$passphrase ev user enrol --kdf-cost "$KDF_COST" --repo "$repo" --state "$state" \
        >"$logs/enrol-$1.log" 2>&1 || { cat "$logs/enrol-$1.log" >&2; die "evidence user enrol failed"; }
    ev case create BENCH/1 --title "OCR benchmark" --repo "$repo" --state "$state" >"$logs/case-$1.log" 2>&1 \
        || { cat "$logs/case-$1.log" >&2; die "evidence case create failed"; }
    ev add --case BENCH/1 --no-index --json --repo "$repo" --state "$state" "$2"/* >"$logs/add-$1.log" 2>&1 \
        || { cat "$logs/add-$1.log" >&2; die "evidence add failed"; }
}

# seconds COMMAND...: wall-clock seconds of the command (which must succeed).
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" >>"$logs/timed.log" 2>&1 || { tail -20 "$logs/timed.log" >&2; die "failed: $*"; }
    end=$(date +%s.%N)
    python3 -c "print(f'{$end - $start:.3f}')"
}
reindex() { ev reindex --case BENCH/1 --repo "$WORKDIR/repo-$1" --state "$WORKDIR/state-$1"; }
tesseract_all() { for page in "$pages"/*.png; do tesseract "$page" - >/dev/null 2>&1; done; }
median() { python3 -c 'import statistics,sys; print(f"{statistics.median(float(x) for x in sys.argv[1:]):.3f}")' "$@"; }

say "setting up the repositories"
repository pages "$pages"
repository plain "$plain"
repository mixed "$mixed"

declare -a t_pages t_tess t_plain t_mixed
for ((run = 1; run <= RUNS; run++)); do
    say "run $run of $RUNS"
    t_pages+=("$(seconds reindex pages)")
    t_tess+=("$(seconds tesseract_all)")
    t_plain+=("$(seconds reindex plain)")
    t_mixed+=("$(seconds reindex mixed)")
done

# The outcome of the OCR'd pages, so that a rate of failures is not mistaken for speed.
ev extraction-report --case BENCH/1 --repo "$WORKDIR/repo-pages" --state "$WORKDIR/state-pages" >"$logs/report-pages.txt" 2>&1 || true

bytes_plain=$(du -cb "$plain"/* | tail -1 | cut -f1)
bytes_mixed=$(du -cb "$mixed"/* | tail -1 | cut -f1)
m_pages=$(median "${t_pages[@]}")
m_tess=$(median "${t_tess[@]}")
m_plain=$(median "${t_plain[@]}")
m_mixed=$(median "${t_mixed[@]}")
results="$WORKDIR/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
python3 - "$PAGES" "$DOCS" "$m_pages" "$m_tess" "$m_plain" "$m_mixed" "$bytes_plain" "$bytes_mixed" "$RUNS" <<'PY' | tee "$results"
import sys
pages, docs = int(sys.argv[1]), int(sys.argv[2])
t_pages, t_tess, t_plain, t_mixed = map(float, sys.argv[3:7])
b_plain, b_mixed, runs = int(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9])
print(f"OCR (medians of {runs} runs, release build)")
print(f"  evidence reindex of {pages} scanned A4 pages (300 dpi): {t_pages:.2f} s, {pages / t_pages:.2f} pages/s")
print(f"  tesseract command, same pages one by one:            {t_tess:.2f} s, {pages / t_tess:.2f} pages/s")
print(f"Indexing throughput, {docs} files")
print(f"  0% scanned:  {t_plain:.2f} s, {docs / t_plain:.1f} files/s, {b_plain / t_plain / 2**20:.2f} MiB/s")
print(f"  10% scanned: {t_mixed:.2f} s, {docs / t_mixed:.1f} files/s, {b_mixed / t_mixed / 2**20:.2f} MiB/s")
print(f"  the scanned tenth makes indexing {t_mixed / t_plain:.1f}x as slow")
PY
say "results in $results; OCR outcomes in $logs/report-pages.txt"
