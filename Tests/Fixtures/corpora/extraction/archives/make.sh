#!/usr/bin/env bash
# Makes the archive fixtures in this folder with Debian's zip, tar, gzip, bzip2, xz and
# p7zip-full (7z), and python3 for the one DOCX. Run from this folder; the results are
# committed, so tests need none of these tools. Output differs run to run only in times.
set -euo pipefail
here=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

mkdir -p notes deep empty-folder
printf 'Alpha memo: the courier named Quillfeather collected the parcel.\n' > notes/alpha.txt
printf 'Beta ledger: marmalade shipment to Zanzibar harbour.\n' > deep/beta.txt
printf 'Lone memo: the ferryman counted seventeen lanterns.\n' > memo.txt
printf 'Secret plan: the vault code is hidden behind the tapestry.\n' > secret.txt
printf 'Open note: nothing to hide about the greenhouse.\n' > open.txt
python3 - <<'PY'
import zipfile
# The smallest DOCX the office extractor reads: content types, the package relationship,
# and a document with one paragraph.
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Gamma statement: the witness saw a periwinkle van.</w:t></w:r></w:p></w:body></w:document>',
}
with zipfile.ZipFile("deep/gamma.docx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        z.writestr(name, text)
PY
ln -s notes/alpha.txt link-to-alpha
zip -q -r inner.zip deep
# evidence.zip: a text file, a nested ZIP (a text file and a DOCX), a folder, a symlink (-y).
zip -q -r -y "$here/evidence.zip" notes inner.zip empty-folder link-to-alpha
# encrypted.zip: one member with traditional PKWARE encryption, one without.
zip -q -P hunter2 "$here/encrypted.zip" secret.txt
zip -q "$here/encrypted.zip" open.txt
# aes-encrypted.zip: the same with WinZip AES-256 (written by 7z).
rm -f "$here/aes-encrypted.zip"
7z a -bd -y -tzip -mem=AES256 -phunter2 "$here/aes-encrypted.zip" secret.txt >/dev/null
7z a -bd -y -tzip "$here/aes-encrypted.zip" open.txt >/dev/null
# zip64.zip: ZIP64 records forced on a small archive (-fz).
rm -f "$here/zip64.zip"
zip -q -fz "$here/zip64.zip" notes/alpha.txt memo.txt
# tar (GNU format, tar's default), plain and compressed, with a symlink and a hard link:
# named in this order, alpha.txt is stored with its bytes and alpha-hard.txt as a link to it.
ln notes/alpha.txt notes/alpha-hard.txt
tar -cf "$here/evidence.tar" notes/alpha.txt notes/alpha-hard.txt inner.zip empty-folder link-to-alpha
gzip -9 -n -c "$here/evidence.tar" > "$here/evidence.tar.gz"
bzip2 -9 -c "$here/evidence.tar" > "$here/evidence.tar.bz2"
xz -9 -c "$here/evidence.tar" > "$here/evidence.tar.xz"
# Lone compressed files: one member each, named after the file.
gzip -9 -c memo.txt > "$here/memo.txt.gz"
bzip2 -9 -c memo.txt > "$here/memo.txt.bz2"
xz -9 -c memo.txt > "$here/memo.txt.xz"
# 7z: the same tree; and one whose member data (not names) is encrypted.
rm -f "$here/evidence.7z" "$here/encrypted.7z"
7z a -bd -y "$here/evidence.7z" notes/alpha.txt inner.zip >/dev/null
7z a -bd -y -phunter2 "$here/encrypted.7z" secret.txt >/dev/null
rm -f "$here/encrypted-names.7z"
7z a -bd -y -phunter2 -mhe=on "$here/encrypted-names.7z" secret.txt >/dev/null
# truncated.zip: three members, cut inside the third (no central directory left);
# truncated.tar.gz: a tar.gz cut short, so short that libarchive's gzip reader (which
# decompresses 64 KiB at a time) has nothing whole to give: the outcome is failed.
dd if=/dev/urandom of=noise.bin bs=1k count=32 status=none
zip -q -0 whole.zip notes/alpha.txt deep/beta.txt noise.bin
head -c $(( $(stat -c %s whole.zip) - 20000 )) whole.zip > "$here/truncated.zip"
head -c $(( $(stat -c %s "$here/evidence.tar.gz") * 2 / 3 )) "$here/evidence.tar.gz" > "$here/truncated.tar.gz"
