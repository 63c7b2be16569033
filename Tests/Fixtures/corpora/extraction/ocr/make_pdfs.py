"""Writes scan.pdf (one page: a JPEG image, no text layer) and mixed.pdf (page 1 with a text
layer, page 2 the same scanned image) around scan-page.jpg, as a scanner's PDF would be."""
import struct


def jpeg_size(data):
    """Width and height from the JPEG's first SOF marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xC3:
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise ValueError("no SOF marker")


def write_pdf(path, pages, jpeg):
    width, height = jpeg_size(jpeg)
    # The image fills a page at 300 dpi.
    page_w, page_h = width * 72 / 300, height * 72 / 300
    objects = []  # object bodies; object n is objects[n - 1]

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)
    page_tree = add(None)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    image = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (width, height, len(jpeg))
                + jpeg + b"\nendstream")
    kids = []
    for kind, value in pages:
        if kind == "text":
            content = b"BT /F1 14 Tf 40 %d Td (%s) Tj ET" % (int(page_h) - 40, value.encode("latin-1"))
        else:
            content = b"q %.2f 0 0 %.2f 0 0 cm /Im1 Do Q" % (page_w, page_h)
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                        % (page_tree, page_w, page_h, stream, font, image)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree
    objects[page_tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    with open(path, "wb") as f:
        f.write(out)


with open("scan-page.jpg", "rb") as f:
    jpeg = f.read()
write_pdf("scan.pdf", [("image", None)], jpeg)
write_pdf("mixed.pdf", [("text", "Typed cover page names detective Abernathy"), ("image", None)], jpeg)
