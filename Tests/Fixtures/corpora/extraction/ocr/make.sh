#!/usr/bin/env bash
# Remakes the OCR fixtures (see README.md). Needs ImageMagick 6 and the DejaVu fonts; the PDFs
# are written by make_pdfs.py (Python 3, no packages) around the JPEG made here.
set -euo pipefail
cd "$(dirname "$0")"
IM=/usr/bin/convert
# Text as a 300 dpi scan would give it: 12 pt DejaVu Sans is 50 pixels high at 300 dpi.
text() { "$IM" -density 300 -units PixelsPerInch -background white -fill black -font DejaVu-Sans -pointsize 12 \
    -size 1500x -gravity West caption:"$1" -bordercolor white -border 40 -colorspace Gray -depth 8 "${@:2}"; }

text 'Witness statement of Margaret Holloway about the Pemberton quarry' statement.png
text 'The blue van left Kingsway depot at midnight' -quality 85 van.jpg
text 'Receipt from Larkspur garage for diesel' receipt.gif
text 'Locker key handed to sergeant Okonkwo' -monochrome bmp3:locker.bmp
text 'Harbour warehouse inventory lists copper cable' -quality 80 warehouse.webp
# Three pages, one word set each, CCITT Group 4 (1 bit a pixel) as fax and archive scans are.
text 'Page one mentions Thornbury' page1.png
text 'Page two mentions Ravensworth' page2.png
text 'Page three mentions Whitlock' page3.png
"$IM" page1.png page2.png page3.png -monochrome -compress Group4 statement-pages.tif
rm page1.png page2.png page3.png
# A blank scan: an image without any text.
"$IM" -size 600x400 xc:white -colorspace Gray -depth 8 blank.png
# A pixel bomb: 12000 x 10000 (120 megapixels, over OCR's 100) of white, 1 bit a pixel, a few KB
# as PNG (written by Python: ImageMagick's own resource policy refuses an image this big).
python3 - <<'PY'
import struct, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
width, height = 12000, 10000
rows = (b"\x00" + b"\xff" * (width // 8)) * height
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")
open("bomb.png", "wb").write(png)
PY
# The JPEG inside the scanned and mixed PDFs (make_pdfs.py), and those PDFs.
text 'Scanned exhibit names Fenwick Lodge as the meeting place' -quality 85 scan-page.jpg
python3 make_pdfs.py
rm scan-page.jpg
