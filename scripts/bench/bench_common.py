"""Shared by the Python references of scripts/bench-search.sh: the generated corpus as
SearchBench reads it (Sources/SearchBench/BenchCorpus.swift), the query mix, and the raw
latency file every engine writes (one `kind<TAB>milliseconds` line per timed query)."""
import json
import os


def load_corpus(folder):
    """[(number, path, title, kind, day 'YYYY-MM-DD', text)] in list.txt order; the text is
    the whole file (header included), as SearchBench indexes it."""
    with open(os.path.join(folder, "list.txt"), encoding="utf-8") as f:
        paths = [line for line in f.read().split("\n") if line]
    docs = []
    for number, path in enumerate(paths):
        with open(os.path.join(folder, path), "rb") as f:
            text = f.read().decode("utf-8", "replace")
        header = {}
        for line in text.split("\n")[:6]:
            if ":" not in line:
                break
            key, value = line.split(":", 1)
            header[key] = value.strip()
        if "Category" not in header or "Date" not in header:
            raise SystemExit("%s has no Category: or Date: header" % path)
        docs.append((number, path, header.get("Title", ""), header["Category"], header["Date"], text))
    return docs


def load_mix(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write_latencies(path, samples):
    """samples: [(kind, milliseconds)]."""
    with open(path, "w", encoding="utf-8") as f:
        for kind, ms in samples:
            f.write("%s\t%.6f\n" % (kind, ms))
