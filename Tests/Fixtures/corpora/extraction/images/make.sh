#!/usr/bin/env bash
# Makes the EXIF fixtures: small images from ImageMagick, tags written by exiftool
# (Debian's imagemagick and libimage-exiftool-perl), damaged copies by make-damaged.py.
set -euo pipefail
cd "$(dirname "$0")"
/usr/bin/convert -size 64x64 gradient:navy-orange -quality 70 pixel.jpg
exiftool -q -overwrite_original -all= \
  -Make=Google -Model="Pixel 7" \
  -DateTimeOriginal="2024:03:14 23:30:00" -OffsetTimeOriginal="+01:00" -IFD0:ModifyDate="2024:03:20 10:00:00" \
  -GPSLatitude=51.507222 -GPSLatitudeRef=N -GPSLongitude=0.1275 -GPSLongitudeRef=W \
  -ImageDescription="Lantern Quay mooring" -UserComment="blue holdall by the bollard" \
  -XPComment="taken from the footbridge" pixel.jpg
/usr/bin/convert -size 64x64 plasma:fractal -seed 7 -quality 70 canon.jpg
exiftool -q -overwrite_original -all= -Make=Canon -Model="Canon EOS 80D" \
  -DateTimeOriginal="2024:03:15 08:05:10" canon.jpg
/usr/bin/convert -size 16x16 xc:teal -compress none datetime-only.tif
exiftool -q -overwrite_original -Make=NIKON -Model="COOLPIX P950" -IFD0:ModifyDate="2023:12:01 10:00:00" datetime-only.tif
/usr/bin/convert -size 64x64 xc:gray -quality 70 no-exif.jpg
exiftool -q -overwrite_original -all= no-exif.jpg
/usr/bin/convert -size 16x16 xc:olive fuji.png
/usr/bin/convert -size 16x16 xc:olive fuji.webp
exiftool -q -overwrite_original -Make=Fujifilm -Model="X-T4" -DateTimeOriginal="2022:07:01 06:15:00" fuji.png fuji.webp
python3 make-damaged.py
