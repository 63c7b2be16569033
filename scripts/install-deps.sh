#!/usr/bin/env bash
# Installs the Debian packages evidence builds and tests against, if any are missing.
# Runs `apt-get update` once, and only when something has to be installed.
set -euo pipefail

packages=(pkg-config libssl-dev zlib1g-dev libsqlite3-dev sqlite3 util-linux python3 openssl libxapian-dev libpoppler-cpp-dev
          libpoppler-glib-dev poppler-utils zip python3-xapian libpython3.11-testsuite)
packages+=(libuchardet-dev)  # the charset of undeclared non-UTF-8 text (CharsetDetection)
packages+=(libexif-dev)  # image metadata: EXIF of photos (date taken, camera, GPS) read with libexif
packages+=(libarchive-dev)  # archives: ZIP, tar, gzip/bzip2/xz, 7z and RAR members (fixtures are committed; their README says how they were made)
packages+=(libtesseract-dev libleptonica-dev tesseract-ocr-eng)  # OCR: Tesseract and leptonica (images), English traineddata
packages+=(libpff-dev libbfio-dev)  # outlook: PST/OST mailboxes through libpff, read from memory through libbfio
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if ((${#missing[@]} > 0)); then
    echo "Installing Debian packages: ${missing[*]}" >&2
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
    if [[ -x /opt/swift/usr/bin/swift ]]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    else
        echo "evidence needs the Swift 6 toolchain (swift.org); it was not found on PATH." >&2
        exit 69
    fi
fi
