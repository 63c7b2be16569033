#!/usr/bin/env python3
"""Writes an A4 PDF page of text (11 pt Helvetica, wrapped at 90 characters, at most 60 lines)
for scripts/bench-ocr.sh, which rasterises it at 300 dpi with pdftoppm into a "scanned" page.

    make_ocr_page.py TEXTFILE OUT.pdf
"""
import sys
import textwrap

text = open(sys.argv[1], encoding="utf-8", errors="replace").read(6000)
lines = []
for paragraph in text.splitlines():
    lines += textwrap.wrap(paragraph, 90) or [""]
lines = lines[:60]


def escape(line):
    line = line.encode("latin-1", "replace").decode("latin-1")
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


content = "BT /F1 11 Tf 13 TL 56 790 Td " + " ".join(f"({escape(l)}) '" for l in lines) + " ET"
content = content.encode("latin-1")
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >>",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]
out = bytearray(b"%PDF-1.4\n")
offsets = []
for number, body in enumerate(objects, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
with open(sys.argv[2], "wb") as f:
    f.write(out)
