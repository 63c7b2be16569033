#!/usr/bin/env python3
"""Plain Xapian (Debian's python3-xapian), the reference of scripts/bench-search.sh.

  xapian_reference.py cranfield CRANFIELD_DIR RUN_FILE
      The search-quality baseline of Tests/Fixtures/README.md: title and abstract indexed with
      TermGenerator (English stemmer, STEM_SOME), each question lower-cased with punctuation
      as spaces and parsed by QueryParser (default operator OR), BM25 defaults, top 1000.
      Writes a TREC run file (SearchBench score-run scores it).
  xapian_reference.py index CORPUS_DIR DB [--spelling]
      Indexes the corpus with one writer, the same TermGenerator settings as CaseIndex
      (English, STEM_SOME; --spelling also builds spelling data, as CaseIndex does);
      XAPIAN_FLUSH_THRESHOLD in the environment sets Xapian's automatic commits.
      Prints a RESULT line.
  xapian_reference.py query CORPUS_DIR DB MIX_FILE REPS LATENCY_FILE [--product-shape]
      Runs the query mix REPS times after one untimed pass: a QueryParser with the
      product's flags, stemming, kind: filter and date ranges, the first 10 hits with their
      document data. Writes every latency to LATENCY_FILE. --product-shape: the product's
      whole query (all its prefixes, its visibility filter, relevance order), for
      a run on evidence's own index (DB = its shards/official).
"""
import json
import os
import re
import shutil
import sys
import tempfile
import time

import xapian

from bench_common import load_corpus, load_mix, write_latencies


def stemmer():
    return xapian.Stem("english")


def cranfield(folder, run_file):
    def records(path):
        out, field = [], None
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f.read().split("\n"):
                if line.startswith(".I "):
                    out.append({"id": line[3:].strip()})
                    field = None
                elif len(line) == 2 and line[0] == "." and line[1] in "TABW":
                    field = line[1]
                    out[-1].setdefault(field, "")
                elif field:
                    out[-1][field] += line + "\n"
        return out

    docs = records(os.path.join(folder, "cran.all.1400"))
    queries = records(os.path.join(folder, "cran.qry"))
    work = tempfile.mkdtemp(prefix="xapian-cranfield-")
    try:
        _cranfield(docs, queries, work, run_file)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cranfield(docs, queries, path, run_file):
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(stemmer())
    tg.set_stemming_strategy(tg.STEM_SOME)
    for d in docs:
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(d.get("T", "") + "\n" + d.get("W", ""))
        doc.set_data(d["id"])
        db.add_document(doc)
    db.commit()
    qp = xapian.QueryParser()
    qp.set_stemmer(stemmer())
    qp.set_stemming_strategy(qp.STEM_SOME)
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_OR)
    with open(run_file, "w", encoding="utf-8") as out:
        for number, q in enumerate(queries, 1):
            text = re.sub(r"[^a-z0-9]+", " ", q.get("W", "").lower())
            enquire = xapian.Enquire(db)
            enquire.set_query(qp.parse_query(text))
            for rank, m in enumerate(enquire.get_mset(0, 1000), 1):
                out.write("%d Q0 %s %d %r xapian\n" % (number, m.document.get_data().decode(), rank, m.weight))


def day_value(day):
    return day.replace("-", "")


def index(folder, path, spelling):
    docs = load_corpus(folder)
    shutil.rmtree(path, ignore_errors=True)
    started = time.perf_counter()
    cpu_started = time.process_time()
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(stemmer())
    tg.set_stemming_strategy(tg.STEM_SOME)
    if spelling:
        tg.set_database(db)
        tg.set_flags(tg.FLAG_SPELLING)
    for number, rel, title, kind, day, text in docs:
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(text)
        doc.add_boolean_term("Q%06d" % number)
        doc.add_boolean_term("XK" + kind)
        doc.add_value(0, day_value(day))
        doc.set_data(json.dumps({"path": rel, "title": title, "kind": kind, "date": day}))
        db.add_document(doc)
    db.commit()
    db.close()
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    size = sum(os.path.getsize(os.path.join(path, n)) for n in os.listdir(path))
    engine = "xapian+spelling" if spelling else "xapian"
    flush = os.environ.get("XAPIAN_FLUSH_THRESHOLD", "default")
    print("plain Xapian (spelling %s, flush threshold %s): %d docs, %.2f s (%.2f s CPU) = %.1f docs/s"
          % ("on" if spelling else "off", flush, len(docs), seconds, cpu, len(docs) / seconds))
    print("RESULT index engine=%s%s docs=%d seconds=%.3f cpu=%.3f rate=%.2f bytes=%d"
          % (engine, "" if flush == "default" else "+flush" + flush, len(docs), seconds, cpu, len(docs) / seconds, size))


# The product's query set-up (Sources/SearchIndex/Index/Searcher.swift and IndexSchema.swift),
# for --product-shape: its field prefixes, its visibility filter (the case-and-shard term;
# ANDed with weight 0) and its order (relevance; equal weights by docid). Run on evidence's own
# index, it tells the cost of the query's shape from the cost of the Swift side.
PRODUCT_TEXT_PREFIXES = [("title", "XTI"), ("subject", "XSUBJ"), ("from", "XFROM"), ("to", "XTO"),
                         ("cc", "XCC"), ("name", "XNAME")]
PRODUCT_BOOLEAN_PREFIXES = [("case", "XCREF"), ("kind", "K"), ("ref", "XREF"), ("by", "XBY"), ("file", "XFILE"),
                            ("type", "T"), ("hash", "XHASH"), ("status", "XSTATUS"), ("class", "XCLASS"),
                            ("sensitive", "XSENS"), ("parent", "XPARENT"), ("extraction", "XEXTRACT")]
PRODUCT_FILTER = ["XVISbench:official"]  # the document's case and visibility shard (index format 2)
PRODUCT_TIME_SLOT = 1


def parser(db, product_shape):
    qp = xapian.QueryParser()
    qp.set_stemmer(stemmer())
    qp.set_stemming_strategy(qp.STEM_SOME)
    qp.set_database(db)
    if product_shape:
        for field, prefix in PRODUCT_TEXT_PREFIXES:
            qp.add_prefix(field, prefix)
        for field, prefix in PRODUCT_BOOLEAN_PREFIXES:
            qp.add_boolean_prefix(field, prefix)
        qp.add_rangeprocessor(xapian.DateRangeProcessor(0, "date:", 0, 1970))
    else:
        qp.add_boolean_prefix("kind", "XK")
    qp.add_rangeprocessor(xapian.DateRangeProcessor(0, "", 0, 1970))
    return qp


def query(path, mix_file, reps, latency_file, product_shape):
    mix = load_mix(mix_file)
    db = xapian.Database(path)
    flags = (xapian.QueryParser.FLAG_BOOLEAN | xapian.QueryParser.FLAG_PHRASE | xapian.QueryParser.FLAG_LOVEHATE
             | xapian.QueryParser.FLAG_WILDCARD | xapian.QueryParser.FLAG_PURE_NOT)
    Q = xapian.Query
    samples = []
    hits = 0
    for rep in range(reps + 1):
        for q in mix:
            started = time.perf_counter()
            parsed = parser(db, product_shape).parse_query(q["xapian"], flags)
            enquire = xapian.Enquire(db)
            if product_shape:
                visible = Q(Q.OP_SCALE_WEIGHT, Q(Q.OP_AND, [Q(t) for t in PRODUCT_FILTER]), 0)
                enquire.set_query(Q(Q.OP_AND, [parsed, visible]))
            else:
                enquire.set_query(parsed)
            found = 0
            for m in enquire.get_mset(0, 10):
                m.document.get_data()
                found += 1
            ms = (time.perf_counter() - started) * 1000
            if rep > 0:
                samples.append((q["kind"], ms))
            else:
                hits += found
    write_latencies(latency_file, samples)
    print("RESULT query engine=%s samples=%d hits=%d"
          % ("xapian-product-shape" if product_shape else "xapian", len(samples), hits))


def main():
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "cranfield":
        cranfield(a[1], a[2])
    elif len(a) in (3, 4) and a[0] == "index" and (len(a) == 3 or a[3] == "--spelling"):
        index(a[1], a[2], len(a) == 4)
    elif len(a) in (6, 7) and a[0] == "query" and (len(a) == 6 or a[6] == "--product-shape"):
        query(a[2], a[3], int(a[4]), a[5], len(a) == 7)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
