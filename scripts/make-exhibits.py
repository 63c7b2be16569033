#!/usr/bin/env python3
"""Writes a reproducible set of incompressible exhibit files for scripts/bench-ingest.sh.

    scripts/make-exhibits.py DEST --bytes N [--seed S]

Files go to DEST/exhibits/case-NN/exhibit-NNNNN.bin, 200 to a folder, and DEST/MANIFEST.json
records the seed, the file count and the bytes. Their sizes follow a
log-normal law (median 256 KiB, sigma 2.0: mostly documents and photos, a few videos), clipped
to 1 KiB .. 64 MiB, drawn until N bytes are reached (the last file is cut to fit). The bytes are
an AES-256-CTR keystream from `openssl enc`, keyed by the seed: the same seed gives the same
files, and nothing in them compresses, as with real media.
"""
import argparse
import hashlib
import json
import math
import os
import random
import subprocess

KIB, MIB = 1024, 1024 * 1024


def sizes(seed, total):
    rng = random.Random(f"evidence-exhibits:{seed}")
    out, left = [], total
    while left > 0:
        size = int(math.exp(rng.gauss(math.log(256 * KIB), 2.0)))
        size = min(max(size, KIB), 64 * MIB, left)
        out.append(size)
        left -= size
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest")
    parser.add_argument("--bytes", type=int, required=True)
    parser.add_argument("--seed", default="20261127")
    args = parser.parse_args()
    key = hashlib.sha256(f"evidence-exhibit-key:{args.seed}".encode()).hexdigest()
    iv = hashlib.sha256(f"evidence-exhibit-iv:{args.seed}".encode()).hexdigest()[:32]
    plan = sizes(args.seed, args.bytes)
    # One keystream for the whole set, cut into the files in order.
    stream = subprocess.Popen(["openssl", "enc", "-aes-256-ctr", "-nosalt", "-K", key, "-iv", iv, "-in", "/dev/zero"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        for index, size in enumerate(plan):
            folder = os.path.join(args.dest, "exhibits", "case-%02d" % (index // 200))
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, "exhibit-%05d.bin" % index), "wb") as out:
                left = size
                while left:
                    block = stream.stdout.read(min(left, 4 * MIB))
                    if not block:
                        raise SystemExit("make-exhibits: openssl stopped early")
                    out.write(block)
                    left -= len(block)
    finally:
        stream.kill()
        stream.wait()
    # What scripts/bench-ingest.sh checks before reusing a kept set.
    with open(os.path.join(args.dest, "MANIFEST.json"), "w") as out:
        json.dump({"seed": args.seed, "exhibits": {"files": len(plan), "bytes": sum(plan)}}, out)
    print(f"{len(plan)} files, {sum(plan)} bytes")


if __name__ == "__main__":
    main()
