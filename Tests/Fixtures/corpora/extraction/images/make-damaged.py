"""Damaged copies of pixel.jpg: an EXIF block whose TIFF header and IFD offsets are garbage,
and one whose APP1 segment claims more bytes than the file holds."""
data = open("pixel.jpg", "rb").read()
start = data.index(b"Exif\0\0") + 6  # the TIFF header inside APP1
garbled = bytearray(data)
for k in range(start, start + 64):
    garbled[k] = (garbled[k] * 37 + 11) & 0xFF
open("corrupt-exif.jpg", "wb").write(bytes(garbled))
app1 = data.index(b"\xff\xe1")
cut = bytearray(data[: app1 + 40])
cut[app1 + 2 : app1 + 4] = (0xFFF0).to_bytes(2, "big")
open("truncated-exif.jpg", "wb").write(bytes(cut))
