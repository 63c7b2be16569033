#!/usr/bin/env python3
"""Prints the table of scripts/bench-search.sh from its raw results.

usage: search_report.py RAW_FILE LATENCY_DIR HEADER_FILE

RAW_FILE: one `RUN<TAB>RESULT …` line per measurement (RUN 0: the one-off quality runs).
LATENCY_DIR: `<engine>.<run>.tsv` files of `kind<TAB>ms` lines. Every engine's percentiles
are computed here, the same way (nearest rank), then the median over the runs is shown.
"""
import glob
import math
import os
import statistics
import sys

BASELINE = {"map": 0.2915, "ndcg10": 0.3548, "p10": 0.2249, "recall1000": 0.974}
INDEX_ENGINES = [
    ("evidence", "evidence (CaseIndex: spelling data, flush 500)"),
    ("xapian", "plain Xapian, default settings"),
    ("xapian+spelling", "plain Xapian + spelling data"),
    ("xapian+spelling+flush500", "plain Xapian + spelling, flush 500"),
    ("fts5", "SQLite FTS5 (porter)"),
]
QUERY_ENGINES = [
    ("evidence", "evidence (Searcher, visibility filter)"),
    ("evidence+snippets", "evidence + snippets"),
    ("xapian", "plain Xapian"),
    ("xapian-product-shape", "plain Xapian, evidence's query and index"),
    ("fts5", "SQLite FTS5"),
]


def parse(raw_file):
    rows = []
    with open(raw_file, encoding="utf-8") as f:
        for line in f:
            run, _, result = line.rstrip("\n").partition("\t")
            parts = result.split()
            if len(parts) < 2 or parts[0] != "RESULT":
                continue
            fields = dict(p.split("=", 1) for p in parts[2:] if "=" in p)
            rows.append((int(run), parts[1], fields))
    return rows


def percentile(values, p):
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p * len(ordered))))
    return ordered[rank - 1]


def latencies(folder, engine):
    """[(p50, p95, {kind: p50})] per run."""
    out = []
    for path in sorted(glob.glob(os.path.join(folder, "%s.*.tsv" % engine))):
        values, by_kind = [], {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                kind, _, ms = line.rstrip("\n").partition("\t")
                if ms:
                    values.append(float(ms))
                    by_kind.setdefault(kind, []).append(float(ms))
        if values:
            out.append((percentile(values, 0.5), percentile(values, 0.95),
                        {k: percentile(v, 0.5) for k, v in by_kind.items()}))
    return out


def verdict(ok):
    return "PASS" if ok else "FAIL"


def main():
    raw_file, latency_dir, header_file = sys.argv[1:4]
    rows = parse(raw_file)
    with open(header_file, encoding="utf-8") as f:
        lines = ["evidence search benchmark (scripts/bench-search.sh)"] + [l.rstrip("\n") for l in f] + [""]

    quality = {fields["engine"]: fields for _, kind, fields in rows if kind == "cranfield"}
    if quality:
        ours, plain = quality.get("evidence"), quality.get("xapian")
        lines.append("1. Quality on Cranfield 1400 (225 queries, top 1000, trec_eval's measures; both runs scored by SearchBench)")
        lines.append("  %-12s %10s %14s %16s %12s" % ("measure", "evidence", "plain Xapian", "baseline README", "evidence/base"))
        for key, name in [("map", "MAP"), ("ndcg10", "nDCG@10"), ("p10", "P@10"), ("recall1000", "recall@1000")]:
            o = float(ours[key]) if ours else float("nan")
            x = float(plain[key]) if plain else float("nan")
            goal = "   %s (goal: at least the baseline)" % verdict(round(o, 4) >= BASELINE[key]) if key in ("map", "ndcg10") else ""
            lines.append("  %-12s %10.4f %14.4f %16.4f %11.3fx%s" % (name, o, x, BASELINE[key], o / BASELINE[key], goal))
        lines.append("")

    index = {}
    for run, kind, fields in rows:
        if kind == "index":
            index.setdefault(fields["engine"], []).append(fields)
    if index:
        ev = index.get("evidence")
        n = len(ev) if ev else 0
        docs = ev[0]["docs"] if ev else "?"
        lines.append("2. Indexing %s documents (extraction and file reading excluded; median of %d runs)" % (docs, n))
        lines.append("  %-46s %8s %8s %8s %10s %10s %8s" % (
            "", "docs/s", "seconds", "CPU s", "docs/CPU s", "index MiB", "ratio"))
        lines.append("  (ratio: evidence's docs/s over this engine's; above 1, evidence indexes faster)")
        ev_rate = statistics.median(float(f["rate"]) for f in ev) if ev else None
        for engine, label in INDEX_ENGINES:
            runs = index.get(engine)
            if not runs:
                continue
            rate = statistics.median(float(f["rate"]) for f in runs)
            seconds = statistics.median(float(f["seconds"]) for f in runs)
            cpu = statistics.median(float(f["cpu"]) for f in runs)
            mib = statistics.median(int(f["bytes"]) for f in runs) / 2**20
            ratio = "" if engine == "evidence" or not ev_rate else "%.2fx" % (ev_rate / rate)
            lines.append("  %-46s %8.1f %8.2f %8.2f %10.1f %10.1f %8s" % (
                label, rate, seconds, cpu, int(runs[0]["docs"]) / cpu, mib, ratio))
        if ev_rate and index.get("xapian"):
            r = ev_rate / statistics.median(float(f["rate"]) for f in index["xapian"])
            lines.append("  goal: evidence at least 1.5x plain Xapian's default rate: %.2fx   %s" % (r, verdict(r >= 1.5)))
        lines.append("")

    q = {engine: latencies(latency_dir, engine) for engine, _ in QUERY_ENGINES}
    # Hits in the first 10 of every query of the mix (the untimed first pass): the engines
    # must answer the same queries (evidence and plain Xapian should agree exactly).
    hits = {}
    for _, kind, fields in rows:
        if kind == "query":
            hits.setdefault(fields["engine"], fields.get("hits", "?"))
    if any(q.values()):
        n = len(q["evidence"])
        lines.append("3. Query latency, in process: the mix of 50 queries, first 10 hits with their data (median over %d runs)" % n)
        lines.append("  %-42s %8s %8s %12s %12s %6s" % ("", "p50 ms", "p95 ms", "ratio p50", "ratio p95", "hits"))
        lines.append("  (ratio: evidence's latency over this engine's; below 1, evidence answers faster;"
                     " hits: in the first 10 of each query)")
        med = {}
        for engine, label in QUERY_ENGINES:
            if not q[engine]:
                continue
            p50 = statistics.median(r[0] for r in q[engine])
            p95 = statistics.median(r[1] for r in q[engine])
            med[engine] = (p50, p95)
            ratios = ("", "") if engine.startswith("evidence") or "evidence" not in med else (
                "%.2fx" % (med["evidence"][0] / p50), "%.2fx" % (med["evidence"][1] / p95))
            lines.append("  %-42s %8.3f %8.3f %12s %12s %6s" % (label, p50, p95, ratios[0], ratios[1], hits.get(engine, "?")))
        if "evidence" in med and "xapian" in med:
            r50, r95 = med["evidence"][0] / med["xapian"][0], med["evidence"][1] / med["xapian"][1]
            lines.append("  goal: p50 and p95 within 1.2x plain Xapian's: %.2fx and %.2fx   %s"
                         % (r50, r95, verdict(r50 <= 1.2 and r95 <= 1.2)))
        if "evidence" in med and "fts5" in med:
            lines.append("  goal: below FTS5's: p50 %.3f < %.3f, p95 %.3f < %.3f ms   %s"
                         % (med["evidence"][0], med["fts5"][0], med["evidence"][1], med["fts5"][1],
                            verdict(med["evidence"][0] < med["fts5"][0] and med["evidence"][1] < med["fts5"][1])))
        kinds = sorted({k for runs in q.values() for r in runs for k in r[2]})
        lines.append("  p50 ms by kind of query")
        lines.append("    %-40s %s" % ("", "".join("%9s" % k for k in kinds)))
        for engine, label in QUERY_ENGINES:
            if q[engine]:
                lines.append("    %-40s %s" % (label, "".join(
                    "%9.3f" % statistics.median(r[2].get(k, float("nan")) for r in q[engine]) for k in kinds)))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
