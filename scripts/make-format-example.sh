#!/usr/bin/env bash
# Regenerates docs/example/: the tiny repository that docs/FORMAT.md's worked example
# walks through. Its passphrases are published on purpose. After regenerating, update
# the values quoted in docs/FORMAT.md (Tests/EvidenceStoreTests/FormatExampleTests
# checks that they match).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product evidence >&2
evidence="$(swift build --show-bin-path)/evidence"
out=docs/example
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'example admin passphrase\n' > "$work/admin"
printf 'example passphrase\n' > "$work/pass"
printf 'example recovery passphrase\n' > "$work/recovery"
printf 'Exhibit JS/1: one black leather glove, right hand, size L.\n' > "$out/glove.txt"
export EVIDENCE_REPO="$out/repository" EVIDENCE_STATE="$work/state"
# The administrator, then alice, an officer, who creates the case and adds the items.
"$evidence" init --user admin --passphrase-file "$work/admin" --recovery-passphrase-file "$work/recovery" --kdf-cost 10 \
    --chunk-size 4096 >/dev/null
code=$("$evidence" user add alice --role senior-investigating-officer --clearance SC --kdf-cost 10 --json \
    --user admin --passphrase-file "$work/admin" | python3 -c 'import json, sys; print(json.load(sys.stdin)["enrolmentCode"])')
printf '%s\n' "$code" | "$evidence" user enrol --user alice --new-passphrase-file "$work/pass" --kdf-cost 10 >/dev/null
export EVIDENCE_USER=alice
"$evidence" case create EX/1 --title "Worked example" --passphrase-file "$work/pass" >/dev/null
"$evidence" add --case EX/1 --exhibit-ref JS/1 --seized-by "PC 2417 SHAW" --seized-at 2026-03-14T03:05:00Z \
    --location "rear garden, 27 Wrenfield Road" --passphrase-file "$work/pass" "$out/glove.txt" >/dev/null
# A second item of two chunks (chunk size 4096), compressed: the multi-record and zlib paths.
cp demo/burglary/statements/MG11_02_Graham-TOLLEY_neighbour.txt "$out/statement.txt"
"$evidence" add --case EX/1 --kind statement --passphrase-file "$work/pass" "$out/statement.txt" >/dev/null
rm -f "$out/repository/locks/writer"
echo "docs/example regenerated" >&2
