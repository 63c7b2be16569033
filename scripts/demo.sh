#!/usr/bin/env bash
# Builds evidence and runs it on a demo repository: an invented burglary case
# (demo/burglary) added with its continuity details, then listed, shown, read back,
# logged and verified, and finally a tampered copy caught by verify.
# Usage: scripts/demo.sh [FOLDER]   (default: a new folder under /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/install-deps.sh

echo "==> Building evidence (release)" >&2
swift build -c release --product evidence >&2
evidence="$(swift build -c release --show-bin-path)/evidence"

demo=${1:-$(mktemp -d /tmp/evidence-demo.XXXXXX)}
mkdir -p "$demo"
if [[ -e "$demo/repository" ]]; then
    echo "$demo/repository already exists; pass an empty folder." >&2
    exit 64
fi
export EVIDENCE_REPO="$demo/repository"
export EVIDENCE_STATE="$demo/state"
passphrase_file="$demo/passphrase.txt"
admin_file="$demo/admin-passphrase.txt"
( umask 077; printf 'demo passphrase: correct horse battery staple\n' > "$passphrase_file"
  printf 'demo administrator passphrase\n' > "$admin_file" )
ev() { "$evidence" "$@"; }
auth=(--passphrase-file "$passphrase_file")
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "evidence init: a repository, its keys and its administrator (kdf cost 14 to keep the demo quick)"
ev init --user admin --passphrase-file "$admin_file" --kdf-cost 14

step "evidence user add / enrol: the administrator invites the officers, who choose their own passphrases"
invite() {  # name, roles…: prints the one-time enrolment code
    local name=$1; shift
    ev user add "$name" --role "$@" --clearance SC --kdf-cost 14 --json --user admin --passphrase-file "$admin_file" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["enrolmentCode"])'
}
code=$(invite dc.brennan senior-investigating-officer investigator)
printf '%s\n' "$code" | ev user enrol --user dc.brennan --new-passphrase-file "$passphrase_file" --kdf-cost 14
code=$(invite ds.patel disclosure-officer)
printf '%s\n' "$code" | ev user enrol --user ds.patel --new-passphrase-file "$passphrase_file" --kdf-cost 14
ev user list --user admin --passphrase-file "$admin_file"
export EVIDENCE_USER=dc.brennan

step "evidence case create (by the senior investigating officer), and a grant to the disclosure officer"
ev case create WS/11472/26 --title "Dwelling burglary, 27 Wrenfield Road, Castlemere, 13-14 March 2026" \
    --classification OFFICIAL-SENSITIVE "${auth[@]}" --reason "new investigation"
ev case grant WS/11472/26 ds.patel --role disclosure-officer "${auth[@]}" --reason "disclosure officer appointed"
ev checkpoint > "$demo/early-checkpoint.txt"   # kept outside the repository, for prove --consistency later

step "evidence add: every file of the case, with its continuity details (demo/burglary/manifest.tsv)"
# Tabs become the unit separator so that read keeps empty fields (tab is whitespace to IFS).
tail -n +2 demo/burglary/manifest.tsv | tr '\t' '\037' | while IFS=$'\037' read -r path kind ref description seized_by seized_at location; do
    args=(--case WS/11472/26 --kind "$kind")
    [[ -n "$ref" ]] && args+=(--exhibit-ref "$ref")
    [[ -n "$description" ]] && args+=(--description "$description")
    [[ -n "$seized_by" ]] && args+=(--seized-by "$seized_by")
    [[ -n "$seized_at" ]] && args+=(--seized-at "$seized_at")
    [[ -n "$location" ]] && args+=(--location "$location")
    ev add "${args[@]}" "${auth[@]}" "demo/burglary/$path"
done

step "evidence add --expect-sha256: the examiner's acquisition hash must match, or nothing is stored"
cctv="demo/burglary/images/GT-1_cctv-cam2-0213.jpg"
wrong=0000000000000000000000000000000000000000000000000000000000000000
ev add --case WS/11472/26 --kind image --expect-sha256 "$wrong" "${auth[@]}" "$cctv" || echo "(refused, exit $?)"

step "evidence list"
ev list "${auth[@]}"

cctv_id=$(ev list --json "${auth[@]}" | python3 -c '
import json, sys
for line in sys.stdin:
    item = json.loads(line)
    if item.get("exhibitRef") == "GT/1":
        print(item["id"]); break')

step "evidence show (the CCTV still, exhibit GT/1)"
ev show "$cctv_id" "${auth[@]}"

step "evidence get (by the disclosure officer, who must say why): the original bytes, re-hashed"
ev get "$cctv_id" -o "$demo/GT-1.jpg" --user ds.patel "${auth[@]}" --reason "copy for the CPS review"
sha256sum "$cctv" "$demo/GT-1.jpg"

step "Access control: the administrator reads no content (as if the item did not exist); every refusal is recorded"
ev get "$cctv_id" -o - --user admin --passphrase-file "$admin_file" --reason "curiosity" > /dev/null || echo "(refused, exit $?)"
ev policy explain ds.patel read-content "$cctv_id" --user ds.patel "${auth[@]}"

step "evidence search (by the disclosure officer): words, phrases, names near names, fields, dates; every search is recorded"
ev search "window" --user ds.patel "${auth[@]}" --reason "disclosure review: point of entry"
ev search '"hooded top" OR (macbook NEAR/8 serial)' --user ds.patel "${auth[@]}" --reason "disclosure review: suspect's clothing, stolen laptop"
ev search 'kind:image 2026-03-14..2026-03-14' --facets --user ds.patel "${auth[@]}" --reason "disclosure review: scene images"
ev search "macbok" --user ds.patel "${auth[@]}" --reason "disclosure review: stolen property"
ev extraction-report --case WS/11472/26 "${auth[@]}"
ev log --case WS/11472/26 --type search.run "${auth[@]}"

step "Continuity: a physical exhibit (no file), a hand-over signed by the officer who records it, the record"
crowbar=$(ev add --case WS/11472/26 --physical --exhibit-ref JS/3 --description "Crowbar, 60 cm, red paint on the claw" \
    --seized-by "PC 2417 James SHAW" --seized-at 2026-03-14T11:40:00Z --location "rear garden, 27 Wrenfield Road" \
    --seal EV123456 --storage-location "Castlemere property store, locker 12" --json "${auth[@]}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
ev custody transfer "$crowbar" --to "DC 1180 Priya NAIR" --reason "for fingerprint examination" --seal EV123457 \
    --location "Forensic laboratory, Bay 2" "${auth[@]}"
ev custody history "$crowbar" "${auth[@]}"

step "evidence custody report: one printable page with the exhibit's continuity, events and their proofs"
ev custody report "$crowbar" -o "$demo/JS-3-custody-report.html" "${auth[@]}"

step "evidence prove: RFC 9162 proofs (the first entry about the crowbar; then append-only growth since the case began)"
ev prove "$crowbar" "${auth[@]}" | sed -n '1,20p'
ev prove --consistency "$demo/early-checkpoint.txt"

step "evidence log: the custody ledger"
ev log "${auth[@]}"

step "evidence verify: every object decrypted and re-hashed, the ledger recomputed"
ev verify "${auth[@]}"

step "evidence verify by the administrator: no case key, so objects are checked against their ciphertext digests"
ev verify --user admin --passphrase-file "$admin_file"

step "evidence checkpoint: the newest signed checkpoint, and the log's verifier key for auditors"
ev checkpoint
ev checkpoint --verifier-key

step "evidence audit: an outsider with only the verifier key (no user, no passphrase) checks the whole repository"
verifier_key=$(ev checkpoint --verifier-key)
ev checkpoint > "$demo/trusted-checkpoint.txt"
env -u EVIDENCE_USER EVIDENCE_STATE="$demo/auditor-state" "$evidence" audit --verifier-key "$verifier_key" \
    --trusted-checkpoint "$demo/trusted-checkpoint.txt"

step "Tampering: flip one byte of an object in a copy of the repository; verify names the item"
cp -a "$demo/repository" "$demo/tampered"
object=$(find "$demo/tampered/objects" -type f -size +1k | sort | head -1)
python3 - "$object" <<'PY'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
data[len(data) // 2] ^= 0x01
open(path, "wb").write(data)
PY
EVIDENCE_REPO="$demo/tampered" EVIDENCE_STATE="$demo/state-tampered" ev verify "${auth[@]}" || echo "(verify exit $?: tampering detected)"
env -u EVIDENCE_USER EVIDENCE_REPO="$demo/tampered" EVIDENCE_STATE="$demo/auditor-state" "$evidence" audit \
    --verifier-key "$verifier_key" --trusted-checkpoint "$demo/trusted-checkpoint.txt" || echo "(audit exit $?: tampering detected without any key)"

step "Done. The demo repository is in $demo/repository (users dc.brennan and ds.patel: passphrase in $passphrase_file; admin: $admin_file)."

